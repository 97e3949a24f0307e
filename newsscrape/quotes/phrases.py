"""The parts of a speaker phrase: its comma segments, a name with its title, a description.

"Natalya Zviagina, Amnesty International’s Moscow Office Director" is two segments, a name and
a title; "Lucía Ferrer of the Valdoria Neighbourhood Federation" a name and an affiliation;
"Father Doyle, the parish priest" a titled surname and a description; "the Swedish
government" a body. mentions.py assembles these into a Mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsscrape.quotes.lexicon import current
from newsscrape.quotes.names import (
    POSSESSIVE,
    has_honorific,
    is_name_token,
    is_person_name,
    is_title_word,
    split_leading_title,
    trailing_name,
    without_honorific,
)
from newsscrape.quotes.orgs import is_org, is_proper_phrase, split_title


@dataclass(slots=True)
class Mention:
    """What a speaker phrase says: as written, and split into its parts. A value: nothing
    changes a mention once it is made."""

    text: str
    kind: str  # "person" | "org" | "pronoun" | "surname" | "unnamed" | "unknown"
    name: str | None = None
    title: str | None = None
    organisation: str | None = None


_AGE = re.compile(r"^\d{1,3}$")  # "Margaret Ellison, 71, said"


def named_body(segment: str) -> str | None:
    """ "the Swedish government", "the Trump administration", "the South African
    delegation": a body named by capitalised words and a common noun of the lexicon."""
    lex = current()
    words = segment.split()
    if len(words) < 3 or words[0].lower() not in lex.definite_articles or not lex.body_nouns:
        return None
    for size in (2, 1):
        noun = " ".join(words[-size:]).lower()
        named = words[1:-size]
        if (
            noun in lex.body_nouns
            and 0 < len(named) <= 3
            and all(w[:1].isupper() and w.lower() not in lex.role_titles for w in named)
        ):
            return " ".join(words[1:])
    return None


def is_description_noun(word: str) -> bool:
    """A noun describing a person by role or trade: "judge", "striker", "author"."""
    return word.lower() in current().description_nouns or is_title_word(word)


def is_role(words: list[str]) -> bool:
    """A title standing alone after "the": "Prime Minister", "High Commissioner"."""
    lex = current()
    return (
        0 < len(words) <= 4
        and is_title_word(words[-1])
        and not any(lex.is_org_word(w) for w in words)
        and all(w[:1].isupper() or w.lower() in lex.title_links for w in words)
    )


def titled_surname(text: str) -> tuple[str | None, str] | None:
    """ "Father Doyle", "Senator Okafor", "Vice-Chancellor Sørensen" → (title, surname): a
    person's title and a single name, which the resolver completes from the article. A
    given name that is also a title ("Dean Mills", "Prince Adebayo") is a name instead, and
    a courtesy title is no title ("Prof. Mills, the lead author" → (None, "Mills"))."""
    lex = current()
    tokens = text.split()
    if len(tokens) < 2 or is_person_name(without_honorific(text)):
        return None
    last = tokens[-1]
    if (
        lex.is_org_word(last)
        or is_title_word(last)
        or POSSESSIVE.search(last)
        or not is_name_token(last, True)
        or last.isupper()
    ):
        return None
    for token in tokens[:-1]:
        bare = token.strip(".").lower()
        if has_honorific(token + " "):
            continue  # "Prof.", "Cllr"
        if not is_title_word(token) or not (bare in lex.name_titles or "-" in bare):
            return None  # "North Korea", "Middle East Eye": not a person's title
    title = without_honorific(" ".join(tokens[:-1]) + " ").strip()
    return title or None, last


def segments_of(text: str) -> list[str]:
    """The comma-separated parts of a speaker phrase, without ages and relative clauses.

    Relative clauses describe the speaker, they do not name them: "Mwale, who is contesting
    his third election," is Mwale; "Ben Carter, whose train was cancelled," is Ben Carter.
    """
    parts = (part.strip() for part in text.split(","))
    return [
        part for part in parts if part and not is_relative(part.split()[0]) and not _AGE.match(part)
    ]


def is_relative(word: str) -> bool:
    """ "who", "which" open a relative clause (the lexicon's `relative_pronouns`); "WHO" is
    an organisation."""
    return word.lower() in current().relative_pronouns and not word.isupper()


def name_segment(segment: str) -> tuple[str | None, str, str | None] | None:
    """(title, name, organisation) if `segment` names a person: "Ingrid Sørensen",
    "Vice-Chancellor Ingrid Sørensen", "Lucía Ferrer of the Valdoria Neighbourhood
    Federation", "Director Tom Hale from Oxfam"."""
    lex = current()
    segment = without_honorific(segment)
    inner = lex.inner_title.match(segment)
    if inner and is_person_name(inner["name"]):
        return inner["title"], inner["name"], None
    lead, name = split_leading_title(segment)
    if lead or is_person_name(segment):
        return lead, without_honorific(name), None
    # "Lucía Ferrer of the Valdoria Neighbourhood Federation": the grammar's `affiliation`.
    affiliation = lex.grammar("affiliation")
    for match in affiliation.finditer(segment) if affiliation is not None else ():
        who, org = segment[: match.start()].strip(), segment[match.end() :].strip()
        if not is_proper_phrase(org):
            continue  # "of the royal families": not a name
        who_words = [w.lower() for w in who.split()]
        if not who_words or who_words[0] in lex.determiners or set(who_words) & lex.place_words:
            continue
        affiliation = org if is_org(org) else None
        lead, name = split_leading_title(without_honorific(who))
        if lead or is_person_name(name):
            return lead, without_honorific(name), affiliation
        split = trailing_name(who)
        if split:
            return split[0], split[1], affiliation
    return None


def person(
    name: str, title_parts: list[str], used: list[str], *, organisation: str | None = None
) -> Mention:
    """A named person; `organisation` when the phrase names it ("X of the Federation")."""
    name = without_honorific(name)
    title = ", ".join(p for p in title_parts if p) or None
    org = None
    if title:
        title, org = split_title(title)
        title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.IGNORECASE)
        title = current().trailing_honorific.sub("", title) or None  # "lead author Dr."
    return Mention(
        ", ".join(used), "person", name=name, title=title, organisation=organisation or org
    )


def is_title_like(segment: str) -> bool:
    """A role next to a name, not a clause that happens to precede it."""
    lex = current()
    words = [w.strip(".,’'").lower() for w in segment.split()]
    if not words or len(words) > 16:
        return False
    if words[0] in lex.clause_starts or (words[0].endswith("ing") and len(words[0]) > 5):
        return False  # "Following the publication...", "Responding to..."
    if any(w in lex.role_nouns for w in words):
        return True
    return (any(w in lex.title_words for w in words) or is_org(segment)) and segment[:1].isupper()


def is_description(segment: str) -> bool:
    """A title, or a description of a person: "the deputy mayor", "a nurse at the clinic"."""
    if is_title_like(segment):
        return True
    lex = current()
    origin = lex.grammar("origin")
    if origin is not None and origin.match(segment):
        return True  # "Rosalie, 29, from the Philippines"
    words = [w.strip(".,’'").lower() for w in segment.split()]
    return (
        len(words) <= 12
        and words[0] in lex.articles
        and any(w in lex.description_nouns for w in words[1:4])
    )
