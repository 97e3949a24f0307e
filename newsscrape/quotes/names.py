"""Personal names and the titles written around them, token by token.

"Vice-Chancellor Ingrid Sørensen", "Deputy Director of Advocacy Sherine Tadros", "Dean
Mills" (a given name that is also a title), "Abdullah bin Zayed", "Afrasiab Anwar MBE":
which words are the name, which the title. Titles, honorifics and organisation words come
from the language's lexicon; particles and legal forms belong to names and come from
`lexicon/names.toml` whatever the language.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsscrape.quotes.gender import is_common_given_name
from newsscrape.quotes.lexicon import Lexicon, current

_HYPHENS = re.compile(r"[-‐‑]")
# "I’ve", "It’s", "We’re", "don’t": a contraction, not a name ("O’Neill" keeps its capital).
_CONTRACTION = re.compile(r"[’'](?:ve|d|ll|re|m|t|s)$", re.IGNORECASE)
POSSESSIVE = re.compile(r"[’']s$")


def without_honorific(text: str) -> str:
    """ "Prof. Kwabena Asante-Mensah" → "Kwabena Asante-Mensah": honorifics are part of how
    a name is written, not of the name."""
    lex = current()
    first = text.split(" ", 1)[0].rstrip(".")
    if first not in lex.honorific_words:
        return text  # the common case, without a regular expression
    return lex.honorific.sub("", text)


def has_honorific(text: str) -> bool:
    lex = current()
    return text.split(" ", 1)[0].rstrip(".") in lex.honorific_words and (
        lex.honorific.match(text) is not None
    )


def is_title_word(token: str) -> bool:
    """A word of a title: "Director", "Prince", "Resident", and hyphenated titles made of
    them ("Vice-Chancellor", "Deputy-Mayor", "Co-Chair"), not a hyphenated name."""
    return _is_title_word(token, current())


@lru_cache(maxsize=8192)
def _is_title_word(token: str, lex: Lexicon) -> bool:
    bare = token.strip(".,;:()[]’'").lower()
    if bare in lex.title_words or bare in lex.name_titles:
        return True
    parts = _HYPHENS.split(bare)
    return (
        len(parts) > 1
        and all(
            p in lex.title_words or p in lex.name_titles or p in lex.title_prefixes for p in parts
        )
        and (parts[-1] in lex.title_words or parts[-1] in lex.name_titles)
    )


def is_particle(token: str, first: bool) -> bool:
    """ "de", "van", "bin"; but "Ben" opening a name is a given name ("Ben Carter")."""
    lex = current()
    lower = token.lower()
    if lower not in lex.particles:
        return False
    return not (first and token[:1].isupper() and lower in lex.given_particles)


def is_name_token(token: str, first: bool) -> bool:
    """A word that can be part of a personal name here."""
    return _is_name_token(token, first, current())


@lru_cache(maxsize=16384)
def _is_name_token(token: str, first: bool, lex: Lexicon) -> bool:
    bare = token.strip(".;:()[]")
    if bare[:1] in "’'" and bare[1:2].isupper() and bare[2:3].islower():
        bare = bare[1:]  # "’Manteboheng": a Sesotho name of a mother keeps its apostrophe
    if not bare:
        return False
    lower = bare.lower()
    if lower in lex.particles and not first:
        return True
    if lower in lex.not_name_words and not (len(bare) == 1 and token.endswith(".")):
        return False  # but an initial stays one: "Jane I. Smith"
    if _CONTRACTION.search(bare) and len(bare) <= 8:
        return False
    if "-" in bare:  # al-Hathloul, Jean-Pierre
        head, _, tail = bare.partition("-")
        if head.lower() in lex.particles and tail[:1].isupper():
            return True
    return (bare[0].isupper() and not bare.isupper()) or (bare.isupper() and len(bare) <= 3)


def is_person_name(text: str) -> bool:
    """Two to six name-like tokens, none a title or organisation word: "Ming Yu Hah"."""
    return _is_person_name(text, current())


@lru_cache(maxsize=8192)
def _is_person_name(text: str, lex: Lexicon) -> bool:
    tokens = text.split()
    if not 2 <= len(tokens) <= 6:
        return False
    if sum(1 for i, t in enumerate(tokens) if not is_particle(t, i == 0)) < 2:
        return False  # "de Vries", "Ní Shúilleabháin": a surname with its particle
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        lower = token.strip(".").lower()
        if i == 0 and lower in lex.given_name_titles:
            pass  # "Dean Mills", "Prince Adebayo": a given name
        elif POSSESSIVE.search(token):
            return False
        elif lower in lex.title_words or lex.is_org_word(token):
            if not (i == last and _known_given_name(tokens[0])):
                return False  # "Charlotte Church", "Margaret Court": a surname all the same
        elif i == 0 and is_title_word(token):
            return False  # "Resident Janet Holroyd", "Vice-Chancellor Ingrid Sørensen"
        if not is_name_token(token, i == 0):
            return False
    if tokens[-1].strip(".,").lower() in lex.street_words:
        return False  # "Delancey Avenue", "Mercer Street": an address
    return tokens[-1][0].isupper()


def _known_given_name(token: str) -> bool:
    """A word the first-name data knows as a given name ("Charlotte", "James"): then a title
    or organisation word after it is a surname ("Charlotte Church", "James Dean")."""
    return token[:1].isupper() and is_common_given_name(token)


def split_leading_title(text: str) -> tuple[str | None, str]:
    """ "Vice-Chancellor Ingrid Sørensen" → ("Vice-Chancellor", "Ingrid Sørensen").

    Title words are taken off the front only while at least two name tokens remain, so a
    given name that is also a title stays: "Dean Mills", "Prince Adebayo". Without a title,
    or when what follows is not a name, the text is returned whole with no title.
    """
    tokens = text.split()
    lead = 0
    while lead < len(tokens) and is_title_word(tokens[lead]):
        lead += 1
    for i in range(lead, 0, -1):
        rest = tokens[i:]
        if len(rest) >= 2 and is_person_name(" ".join(rest)):
            return " ".join(tokens[:i]), " ".join(rest)
    return None, text


def titled_person(text: str) -> tuple[str, str] | None:
    """(title, name) when capitalised words are a person after a title that may hold
    organisation words: "Chief of Army Staff General Asim Munir", "WHO Director-General
    Tedros Adhanom Ghebreyesus". Without the title word right before the name it is no
    person: "Bill and Melinda Gates Foundation", "Goldman Sachs"."""
    titled = trailing_name(text)
    if titled and is_title_word(titled[0].split()[-1]):
        return titled
    return None


def trailing_name(segment: str) -> tuple[str, str] | None:
    """ "Deputy Director of Advocacy Sherine Tadros" → ("Deputy Director of Advocacy", name)."""
    lex = current()
    tokens = segment.split()
    end = len(tokens)
    start = end
    while start > 0:
        token = tokens[start - 1]
        lower = token.strip(".").lower()
        if lex.is_org_word(token) or POSSESSIVE.search(token):
            break
        # A title ends the name, unless it is the given name of a lone surname: "Minister
        # Dean Mills". A title word ending a run after a given name is a surname: "Tamara
        # Bishop".
        surname = start == end and start >= 2 and is_name_token(tokens[start - 2], False)
        surname = surname and not is_title_word(tokens[start - 2])
        if (
            is_title_word(token)
            and not (end - start == 1 and lower in lex.given_name_titles)
            and not surname
        ):
            break
        if not is_name_token(token, start - 1 == 0):
            break
        start -= 1
    while start < end and is_particle(tokens[start], True):
        start += 1
    # "Minister of Health Ana Silva": the subject after "of" belongs to the title (names.toml's
    # title_links and title_joins: "Minister of Culture and Sport").
    before = tokens[start - 1].lower() if start > 0 else ""
    if before in lex.title_links or before in lex.title_joins:
        while end - start > 2 and tokens[start].lower() in lex.title_subjects:
            start += 1
        if end - start > 2 and start >= 2 and is_title_word(tokens[start - 2]):
            # "Vice President of Manufacturing Partnerships Aiko Brandt-Hollis": the
            # department belongs to the title; the name is its last two words.
            start = end - 2
    before = tokens[start - 1].lower() if start > 0 else ""
    if before in lex.name_function_words or before in lex.before_no_name:
        return None  # "…at the Norwegian Institute of Public Health": an organisation's end
    if end - start >= 2 and start > 0:
        return " ".join(tokens[:start]), " ".join(tokens[start:])
    return None


def without_postnominals(name: str) -> str:
    """The name without the honours written after it ("Afrasiab Anwar MBE")."""
    bare = current().postnominal.sub("", name)
    return bare if len(bare.split()) >= 2 else name


def regnal_name(name: str) -> tuple[str, str] | None:
    """ "King Charles" → ("King", "Charles"): a royal title and one common given name, the name
    the person is known by; None for any other name ("Prince Adebayo": no common given name)."""
    words = name.split()
    if len(words) != 2 or words[0].lower() not in current().regnal_titles:
        return None
    return (words[0], words[1]) if is_common_given_name(words[1]) else None
