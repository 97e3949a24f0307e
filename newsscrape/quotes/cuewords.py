"""The speech verbs of a language as compiled patterns, and the words a speaker phrase loses.

The lexicon's speech verbs are compiled once per language into prefix-tree regular
expressions (`patterns()`); `cue_words` finds them in a text; `without_auxiliaries`,
`clean_np` and `np_length` trim and measure the phrase next to a cue. Every pattern is
linear: possessive or atomic where a run could be split between two quantifiers, and the
auxiliaries before a cue are stripped by a scanner, not a repeated group.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from newsscrape.quotes.lexicon import Lexicon, current

# Cue words tried per clause (as the verb of its subject) and per paragraph (for reported
# speech). Each try re-reads the text up to the cue, so trying every one is quadratic: 4,000
# "said" in a paragraph took 9 s. Prose has a handful (the gold set: at most 5 a paragraph).
MAX_CUES_PER_CLAUSE = 10
MAX_CUES_PER_PARAGRAPH = 50


@dataclass(frozen=True, slots=True)
class CuePatterns:
    """The regular expressions of one language's speech verbs."""

    after_cue_first: re.Pattern[str]
    after_np_first: re.Pattern[str]
    cue_at_end: re.Pattern[str]  # a cue and what may follow it to the end of a clause
    cue_word: re.Pattern[str]
    cue_word_lower: re.Pattern[str]  # the same, case-sensitive, for text already lower-cased
    group_subject: re.Pattern[str] | None


@lru_cache(maxsize=64)
def _compile(lex: Lexicon) -> CuePatterns:
    """The cue patterns of a lexicon, compiled once (lexicons are compared by identity)."""
    cue = lex.cue_pattern
    after = lex.after_cue_pattern
    # Whom it was said to, or when, between the cue and the quotation: "told reporters".
    trailer = lex.grammar_text("cue_trailer") or ""
    group = lex.grammar_text("group_subject", cue=cue)
    return CuePatterns(
        after_cue_first=re.compile(rf"^(?P<cue>{after})\b\s*+(?P<np>.*)$", re.IGNORECASE),
        after_np_first=re.compile(
            rf"^(?P<np>[^“”\"«»]{{1,150}}?)\s+(?P<cue>{after})\b(?P<rest>.*)$", re.IGNORECASE
        ),
        cue_at_end=re.compile(rf"(?P<cue>{cue})\b{trailer}\s*+[,:]?\s*+$", re.IGNORECASE),
        cue_word=re.compile(rf"\b(?:{cue})\b", re.IGNORECASE),
        cue_word_lower=re.compile(rf"\b(?:{cue})\b"),
        group_subject=re.compile(group) if group is not None else None,
    )


def patterns() -> CuePatterns:
    """The cue patterns of the text being read."""
    return _compile(current())


def cue_words(text: str) -> Iterator[re.Match[str]]:
    """The speech verbs of a text, in order (offsets are the text's)."""
    finder, read = _cue_finder(text)
    return finder.finditer(read)


def _cue_finder(text: str) -> tuple[re.Pattern[str], str]:
    """The speech-verb pattern and the text to run it on: the lower-cased text when
    lower-casing keeps every offset (it does but for a few letters such as "İ"), twice as
    fast as matching case-insensitively."""
    lower = text.lower()
    if len(lower) == len(text):
        return patterns().cue_word_lower, lower
    return patterns().cue_word, text


def cue_before_end(clause: str) -> tuple[str, str] | None:
    """The first speech verb of a clause that ends it ("Jo Roe, the mayor, said", "she told
    reporters on Monday:"), as (the words before it, the verb), or None.

    Tried only where a speech verb stands (`cue_words`, each start in turn), not at every
    character as a lazy `^(.*?)\\s*\\b(cue)…$` would; the words before it run to the
    first line's end at most, as `.` reads them.
    """
    tail = patterns().cue_at_end
    finder, text = _cue_finder(clause)
    found = finder.search(text)
    while found is not None:
        at = found.start()
        np = clause[:at].rstrip()
        if "\n" in np:
            return None
        if (match := tail.match(clause, at)) is not None:
            return np, match["cue"]
        found = finder.search(text, at + 1)
    return None


def without_auxiliaries(np: str) -> str:
    """ "Jo Roe has repeatedly" → "Jo Roe": the auxiliaries and adverbs before a cue go (the
    lexicon's `auxiliaries`, and its `auxiliary_phrases` such as "has long").

    A scanner from the end, word by word: the regular expression it replaces (a repeated
    group of alternatives such as "had" and "had earlier") backtracked exponentially on a
    300-character paragraph of repeated "had earlier". The first word always stays.
    """
    lex = current()
    auxiliaries = lex.auxiliaries
    if not auxiliaries:
        return np
    end = len(np.rstrip())
    keep = None
    pos = end
    while True:
        start = pos
        while start > 0 and not np[start - 1].isspace():
            start -= 1
        if start == 0:
            break
        word = np[start:pos].lower()
        gap = start
        while gap > 0 and np[gap - 1].isspace():
            gap -= 1
        for head, tail in lex.auxiliary_phrases:
            if word == tail and np[:gap].lower().endswith(" " + head):
                gap -= len(head) + 1  # "has long"
                while gap > 0 and np[gap - 1].isspace():
                    gap -= 1
                break
        else:
            if word not in auxiliaries:
                break
        keep = pos = gap
    return np if keep is None else np[:keep]


def np_length(np: str) -> int:
    """Words in a speaker phrase, not counting a relative clause before the cue: "Ben Carter,
    who has cycled to work every day for eleven years, said" is two words long."""
    if "," in np and (relative := current().grammar("relative_clause")) is not None:
        np = relative.sub("", np)
    return len(np.split())


def clean_np(np: str) -> str:
    """The speaker phrase after a cue, without what follows it ("…, adding", "today")."""
    if (tail := current().grammar("np_tail")) is not None:
        np = tail.sub("", np)
    return np.strip(" ,.;:")
