"""Runs of capitalised words, and the person names they write: "Maria della Rosa",
"Councillor Dermot Keane" (Dermot Keane), "Army Staff General Asim Munir" (Asim Munir); not
"the Evening Courier" nor "anti-Kremlin"."""

from __future__ import annotations

import re
from functools import lru_cache

from newsscrape.quotes.lexicon import Lexicon, current
from newsscrape.quotes.names import (
    has_honorific,
    is_person_name,
    is_title_word,
    split_leading_title,
    titled_person,
    without_honorific,
    without_postnominals,
)
from newsscrape.quotes.wordtrie import trie

POSSESSIVE_S = re.compile(r"[’']s$")  # "Jean Mowbray’s garden" names Jean Mowbray
_PREFIXED = re.compile(r"\w-\s?$")


# A name's capitalised words, with middle initials ("John F. Kennedy") and a final initial
# that stands for a withheld surname ("Grace K.").
# A leading apostrophe belongs to Sesotho names of mothers ("’Manteboheng Molatjeng").
def name_run() -> re.Pattern[str]:
    """The runs of capitalised words that may be a name, with the particles of names.toml
    ("Maria della Rosa", "Sara bint Ali", "Ursula von der Leyen")."""
    return _name_run(current())


@lru_cache(maxsize=16)
def _name_run(lex: Lexicon) -> re.Pattern[str]:
    particles = trie(p for p in lex.particles if p.isalpha() and p.islower())
    # The lookahead first lets the matcher skip to a capital or an apostrophe (3x faster).
    return re.compile(
        r"(?=[’'A-Z])(?:(?<![\w’'])[’'](?=[A-Z][a-z]))?\b[A-Z][\w’'\-]++(?:(?:\s+(?:(?:"
        + particles
        + r")\s+)*+(?:al-|el-)?(?:[A-Z][\w’'\-]++|[A-Z]\.(?=\s+[A-Z][\w’'\-]+))){1,5}"
        r"(?:\s+[A-Z]\.(?!\w|\s+[A-Z]))?"
        r"|\s+[A-Z]\.(?!\w|\s+[A-Z]))"
    )


def find_names(text: str, memo: dict[str, str | None]) -> list[str]:
    """The person names of one paragraph, in order, skipping publications and prefixed nouns.
    `memo` holds what each run of capitals was read as, for one article: it writes a name
    again and again."""
    lex = current()
    names = []
    if lex.name_prefix is not None:
        # "uSipho Mthembu" names Sipho Mthembu; the mark keeps "Ethintwa uSokhela" apart.
        text = lex.name_prefix.sub("|", text)
    for match in name_run().finditer(text):
        lead = text[max(0, match.start() - 4) : match.start()]
        if lead in ("the ", "The ") and not has_honorific(match.group(0)):
            continue  # "the Evening Courier Okoye": a publication, then a surname
        if _PREFIXED.search(lead):
            continue  # "i-Echo Eyethu", "anti-Kremlin": a prefixed noun
        if text.startswith((", which", " which"), match.end()):
            continue  # "Ohio Nurses United, which represents…": no person
        run = match.group(0)
        if run not in memo:
            memo[run] = name_of_run(run)
        if name := memo[run]:
            names.append(name)
    return names


def name_of_run(run: str) -> str | None:
    """The person's name a run of capitalised words writes, if it writes one."""
    lex = current()
    words = POSSESSIVE_S.sub("", run).split()
    if words[0].lower() in lex.common_starts:
        words = words[1:]  # "When Nadia Farrokhzad opened…"
    if len(words) < 2:
        return None
    # "Councillor Dermot Keane", "Vice-Chancellor Ingrid Sørensen"; a given name that is
    # also a title stays ("Dean Mills").
    _, name = split_leading_title(without_honorific(" ".join(words)))
    while not is_person_name(name) and words and is_title_word(words[0]):
        words = words[1:]
        name = without_honorific(" ".join(words))
    if not is_person_name(name) and (titled := titled_person(" ".join(words))):
        name = titled[1]  # "Army Staff General Asim Munir"
    name = without_postnominals(name)
    return name if is_person_name(name) else None
