"""The sex a name or the words around it tell, so that a pronoun agrees with its antecedent.

Two sources, in order:

1. the words written with the name: an honorific or a gendered noun ("Mrs Roe", "the
   spokeswoman", "businessman Jo Roe"), from the language's lexicon (`male_words`,
   `female_words`);
2. the given name, looked up in nomquamgender's name data (a research resource of 721k
   names from many countries, with the share of women among each name's holders). A name is
   read as one sex only when that share is at most 0.1 or at least 0.9 over at least two
   sources, the package's own default for classifying; anything else, and any name it does
   not know, stays unknown. Nothing is guessed.

The data file is read once, lazily, the first time a pronoun needs it, with a scanner over
the file rather than `json.load`: the 22 MB object costs 3.5 s and 500 MB as a dict, the
scan under a second and only the two sets it keeps. The package itself is not imported (it
loads pandas and its own copy of the data); a missing package is an error, never a silent
fallback.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from newsscrape.quotes.lexicon import current

THRESHOLD = 0.1  # nomquamgender's default: how far from even a name must be to be classified
MIN_SOURCES = 2
# One entry of name_data.json: "name": [sources, count, share of women, ...].
_ENTRY = re.compile(r'"([^"\\]{1,40})": \[(\d{1,9}), (\d{1,12}), ([0-9.]{1,20})')
# A name borne by many, in many sources: "Charlotte", "James" (not "High" or "General", which
# the data also holds a few bearers of).
WELL_ATTESTED_SOURCES = 10
WELL_ATTESTED_COUNT = 1000
_WORD = re.compile(r"[^\W\d_]+(?:[’'-][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _name_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(men's names, women's names, well-attested names of either) from nomquamgender's
    data."""
    # Located, not imported: importing the package loads pandas and parses the file whole.
    spec = find_spec("nomquamgender")
    try:
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError("nomquamgender")
        data = Path(next(iter(spec.submodule_search_locations))) / "name_data.json"
        text = data.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuntimeError(
            "newsscrape needs the nomquamgender package for pronoun agreement: "
            "pip install nomquamgender"
        ) from exc
    men, women, attested = [], [], []
    for match in _ENTRY.finditer(text):
        sources = int(match[2])
        if sources < MIN_SOURCES:
            continue
        share = float(match[4])
        if share <= THRESHOLD:
            men.append(match[1])
        elif share >= 1 - THRESHOLD:
            women.append(match[1])
        else:
            continue
        if sources >= WELL_ATTESTED_SOURCES and int(match[3]) >= WELL_ATTESTED_COUNT:
            attested.append(match[1])
    return frozenset(men), frozenset(women), frozenset(attested)


def given_name_gender(given: str) -> str | None:
    """ "Paul" → "male", "Ana" → "female", "Jo" or "Mokitimi" → None."""
    key = given.strip(".’'").lower()
    if len(key) < 2:
        return None  # an initial tells nothing
    men, women, _ = _name_sets()
    if key in men:
        return "male"
    if key in women:
        return "female"
    return None


def is_common_given_name(given: str) -> bool:
    """A given name borne by many people in many countries' data: "Charlotte", "James"."""
    return given.strip(".’'").lower() in _name_sets()[2]


@lru_cache(maxsize=4096)
def _words_gender(words: str, language: str) -> str | None:
    lex = current()
    found = {
        sex
        for word in _WORD.findall(words.lower())
        for sex in ("male", "female")
        if word in (lex.male_words if sex == "male" else lex.female_words)
    }
    return found.pop() if len(found) == 1 else None


def gender_of(name: str | None, context: str = "") -> str | None:
    """The sex of a named person: from the words written with the name (`context`: how it
    was written, the title), else from the given name; None when neither tells."""
    lex = current()
    if context and (sex := _words_gender(context, lex.language)):
        return sex
    if not name:
        return None
    tokens = name.split()
    if len(tokens) < 2:
        return None  # a surname alone has no given name to read
    return given_name_gender(tokens[0])
