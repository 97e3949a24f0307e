"""Quoted names, not speech: titles of reports and plans, scare quotes, names of charges.

"its report “Bitter Harvest”", "charged with “spreading false news”", "the so-called
“reforms”", "its ‘Coastal Homes Move’ relocation scheme": marks set off a name after a naming
word (the lexicon's `term_context`, and its grammar's `naming` rule: "a group called"),
or around words written in Title Case; a short quotation no cue attributes is taken for a term too.
"""

from __future__ import annotations

import re

from newsscrape.quotes.cues import calls_it
from newsscrape.quotes.lexicon import current

_TITLE_WORDS = re.compile(r"[^\s“”\"«»‘’()]+")
_SENTENCE_INSIDE = re.compile(r"[.!?]\s")
# How far before its end the words of a naming phrase reach ("banners that read", "called it
# the", "charged with": the longest is under 20 characters): the patterns are anchored at the
# end, and searching them from the sentence's start tried every word of it (a paragraph of
# many short quotations read each sentence again and again).
_REACH = 60


def _ends_with(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern`, anchored at the end of `text`, matches: searched from `_REACH`
    characters before its last word (what follows that word, the pattern reads itself), the
    characters before that still seen by `\\b`."""
    end = len(text)
    while end and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    return pattern.search(text, max(0, end - _REACH)) is not None


def names_something(before: str, text: str) -> bool:
    """Marks that set off a name rather than speech: after a naming word, or Title Case."""
    # The naming verb or noun right before the marks: "a group called “…”".
    naming_word = current().grammar("naming")
    naming = naming_word is not None and _ends_with(naming_word, before)
    return (naming and not calls_it(before)) or _is_title_cased(text)


def _is_title_cased(text: str) -> bool:
    """Every word capitalised but the small ones, as names of plans, schemes, reports and
    slogans are ("Chad Refugee Response Plan 2025", "Safe Staffing Saves Lives"); nobody's
    speech is written so. Two capitalised words at least, no sentence inside, no "I"."""
    if not text[:1].isupper() or text.count(" ") > 12:
        return False
    words = _TITLE_WORDS.findall(text.rstrip(".!?,;: "))
    if not 2 <= len(words) <= 12 or _SENTENCE_INSIDE.search(text) or "I" in words:
        return False
    minor = current().minor_words
    capitalised = 0
    for i, word in enumerate(words):
        if word[:1].isupper():
            capitalised += 1
        elif (word.lower() in minor and i > 0) or word[:1].isdigit():
            continue
        else:
            return False
    return capitalised >= 2


def in_term_context(before: str) -> bool:
    """Whether the words before a quotation make it a name ("charged with", "dubbed")."""
    context = current().term_context_pattern
    return context is not None and _ends_with(context, before.rstrip(" ,"))


def is_term(text: str, before: str) -> bool:
    """Titles, scare quotes, names of charges: quoted, but nobody is speaking."""
    return in_term_context(before) or len(text.split()) <= 4
