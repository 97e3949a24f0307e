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


def names_something(before: str, text: str) -> bool:
    """Marks that set off a name rather than speech: after a naming word, or Title Case."""
    # The naming verb or noun right before the marks: "a group called “…”".
    naming_word = current().grammar("naming")
    naming = naming_word is not None and naming_word.search(before) is not None
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
    return context is not None and context.search(before.rstrip(" ,")) is not None


def is_term(text: str, before: str) -> bool:
    """Titles, scare quotes, names of charges: quoted, but nobody is speaking."""
    return in_term_context(before) or len(text.split()) <= 4
