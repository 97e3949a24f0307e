"""Organisation names: "Amnesty International", "the Ministry of Justice", "Siemens AG".

A phrase is an organisation when it carries an organisation word of the language's lexicon
(or a legal form from `lexicon/names.toml`) among capitalised words. Owners are taken off
("Chad’s National Commission…" is the National Commission) unless the possessive names the
office ("U.S. Attorney’s Office").
"""

from __future__ import annotations

import re

from newsscrape.quotes.lexicon import current
from newsscrape.quotes.names import POSSESSIVE, titled_person

_ARTICLE = re.compile(r"^the\s++", re.IGNORECASE)
_OWNER = re.compile(r"^[A-Z][\w.-]*+(?:\s+[A-Z][\w.-]*+){0,2}[’']s\s++")
# Possessives that name an office rather than its owner: "Children’s Hospital".
_NAMING_POSSESSORS = frozenset(
    ("children", "women", "people", "men", "veterans", "workers", "citizens", "farmers")
)


def without_article(name: str) -> str:
    """ "the Royal College of GPs" → "Royal College of GPs": names are stored bare."""
    return _ARTICLE.sub("", name)


def is_org(text: str) -> bool:
    """A phrase with an organisation word and a capital: "Amnesty International’s"."""
    lex = current()
    tokens = text.split()
    capitalised = sum(1 for t in tokens if t[:1].isupper())
    return bool(tokens) and any(lex.is_org_word(t) for t in tokens) and capitalised >= 1


def is_proper_phrase(text: str) -> bool:
    """Capitalised words and the function words of names: "Valdoria Neighbourhood
    Federation", "Oxfam", "Bank of Ghana"."""
    function_words = current().name_function_words
    words = text.split()
    return 0 < len(words) <= 10 and all(
        w[:1].isupper() or w.lower() in function_words or not w[:1].isalpha() for w in words
    )


def is_org_name(text: str) -> bool:
    """An organisation's name on its own: capitalised words around an organisation word.

    Stricter than `is_org`, for a whole speaker phrase: "Tuilau added that the Alliance
    would…" contains an organisation word but is a clause, not a name.
    """
    words = without_article(text.strip()).split()
    if not words or len(words) > 12 or not is_org(text):
        return False
    function_words = current().name_function_words
    if not all(
        w[:1].isupper() or w.lower() in function_words or not w[:1].isalpha() for w in words
    ):
        return False
    return titled_person(" ".join(words)) is None


def is_seat(segment: str) -> bool:
    """An address standing for who sits there, as the subject of speech: "Downing Street
    said", "Wall Street"."""
    words = segment.split()
    return (
        len(words) == 2
        and words[0][:1].isupper()
        and words[1][:1].isupper()
        and words[1].lower() in current().street_words
    )


def without_owner(org: str) -> str:
    """ "Chad’s National Commission for Refugee Reception" is the National Commission: the
    country or city owning an organisation is not part of its name ("Amnesty International’s
    Secretariat" keeps its owner, an organisation itself)."""
    owner = _OWNER.match(org)
    if not owner:
        return org
    lex = current()
    possessor = POSSESSIVE.sub("", owner.group(0).split()[-1]).lower()
    naming = (
        possessor in lex.title_words
        or possessor in lex.name_titles
        or possessor in _NAMING_POSSESSORS
    )
    if (
        is_org_name(org[owner.end() :])
        and not is_org(owner.group(0))
        # "U.S. Attorney’s Office", "Children’s Hospital": the possessive names the office.
        and not naming
    ):
        return org[owner.end() :]
    return org


def _trailing_org(text: str) -> str | None:
    """The run of capitalised words ending `text`: "Deputy Director of Amnesty International"."""
    lex = current()
    title_words = lex.role_titles | lex.title_links  # "Deputy Director of"
    tokens = text.split()
    start = len(tokens)
    while start > 0 and tokens[start - 1][:1].isupper():
        start -= 1
    words = tokens[start:]
    while words and words[0].lower() in title_words:
        words = words[1:]
    candidate = " ".join(words)
    return candidate if candidate and is_org(candidate) else None


_POSSESSIVE_TITLE = re.compile(r"^(.+?)[’']s\s+(.+)$")


def split_title(title: str) -> tuple[str, str | None]:
    """Take the organisation out of a title.

    "X’s Moscow Office Director" → ("Moscow Office Director", X); "Adviser at X" and
    "Director of X’s Programme" keep their title and give X.
    """
    title = title.strip(" ,")
    possessive = _POSSESSIVE_TITLE.match(title)
    if possessive:
        owner = possessive.group(1)
        role_titles = current().role_titles
        if is_org(owner) and not any(w.lower() in role_titles for w in owner.split()):
            return possessive.group(2), owner
        org = _trailing_org(owner)
        if org:
            return title, org
    # "Adviser at Oxfam": the grammar's `affiliated_org` rule.
    affiliated = current().grammar("affiliated_org")
    match = affiliated.search(title) if affiliated is not None else None
    if match:
        candidate = re.split(r"[’']s\b", match.group(1))[0].strip()
        if is_org(candidate):
            return title, candidate
    return title, None
