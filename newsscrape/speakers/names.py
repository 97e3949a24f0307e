"""Name keys for comparing speakers: exact spelling, spelling variants, transliteration.

Three levels, from safest to loosest, because the merge rules trust them differently:

- `exact_key`: case, accents, punctuation, hyphens and honorifics ignored ("Dr. José
  al-Amin" = "Jose Al Amin", "Lech Wałęsa" = "Lech Walesa"). Two person names with the same
  exact key are spelled the same. The key stays in the name's own script: "Иван Иванов" is
  not spelled "Ivan Ivanov", and romanising other scripts loses letters (Arabic vowels,
  Chinese characters that read alike), so crossing scripts is left to the next level.
- `translit_key`: romanises every script with anyascii (Навальный -> navalni, Τσίπρας ->
  tsipras) and folds the usual romanisation variants (Natalya/Natalia, Aleksei/Alexey,
  Youssef/Yusef, Navalnyy/Navalny) so that they compare equal; equal here is a *candidate*,
  never enough by itself.
- `first_names_compatible`: given names that may be the same person (variant spelling, an
  initial, a dropped middle name), scored with rapidfuzz; also only a candidate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii
from rapidfuzz.fuzz import ratio

from newsscrape.quotes.lexicon import honorific_words

# One list of honorifics for the whole project: the quote engine's lexicons (all languages).
HONORIFICS = honorific_words()
SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))
_ORG_NOISE = frozenset(("the",))
_TRANSLIT = [
    # (pattern, replacement) on lower-case ASCII; order matters (longer digraphs first).
    # With `_DOUBLE` after it, "y" -> "i" also folds the Slavic endings of adjectives and
    # names: -yy, -iy, -yi, -ii and -y all become -i (Navalnyy/Navalny, Dmitriy/Dmitry,
    # Zelenskyy/Zelenskiy/Zelensky), and -iya/-iia become -ia (Yuliya/Yulia).
    ("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("ph", "f"), ("ks", "x"), ("ck", "k"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("yu", "iu"), ("ya", "ia"), ("ye", "ie"),
    ("yo", "io"), ("y", "i"), ("w", "v"), ("q", "k"), ("dj", "j"),
]  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
_APOSTROPHES = str.maketrans("", "", "'’ʼ‘")  # O’Brien; anyascii's soft sign (Naval'nyy)
_NOT_ASCII_LETTER = re.compile(r"[^a-z]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
FUZZY_FIRST_NAME = 80  # rapidfuzz ratio (0-100) at which two given names may be one


def fold(text: str) -> str:
    """Lower case, accents removed (José -> jose), apostrophes dropped (O’Brien -> obrien).

    Latin letters that do not decompose are spelled out by anyascii (Wałęsa -> walesa,
    Søren -> soren, Straße -> strasse), so that a name typed without them still matches.
    Letters of other scripts are kept (only lower-cased and without accents): whether
    "Навальный" is "Navalny" is a transliteration question, see `romanise`.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(_latin_ascii(ch) for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().translate(_APOSTROPHES)


def _latin_ascii(ch: str) -> str:
    if ch.isascii() or not unicodedata.name(ch, "").startswith("LATIN "):
        return ch
    return anyascii(ch)


def romanise(token: str) -> str:
    """A folded token in lower-case ASCII letters, whatever its script (лавров -> lavrov).

    anyascii writes the Cyrillic soft sign as an apostrophe (Naval'nyy), dropped like any
    apostrophe. A token anyascii cannot spell keeps its folded form, so that two such
    tokens never look alike only because both became empty.
    """
    ascii_token = _NOT_ASCII_LETTER.sub("", anyascii(token).casefold())
    return ascii_token or token


def person_tokens(name: str) -> list[str]:
    """Name words without honorifics or suffixes, folded; hyphens split (al-Amin -> al amin).

    Honorifics are taken off the front only: the lists of every language hold short words
    ("Bi", "Me", "M") that are also parts of names further in.
    """
    words = _WORD.findall(fold(name).replace("-", " "))
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return [w for w in words if w not in SUFFIXES]


def translit(token: str) -> str:
    """A folded token romanised and with the usual romanisation variants folded (`_TRANSLIT`)."""
    out = romanise(token)
    for pattern, replacement in _TRANSLIT:
        out = out.replace(pattern, replacement)
    return _DOUBLE.sub(r"\1", out)


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split for comparison: given names, then the family name."""

    given: tuple[str, ...]
    family: str

    @classmethod
    def parse(cls, name: str) -> PersonName | None:
        tokens = person_tokens(name)
        if len(tokens) < 2:
            return None  # a surname alone is not an identity
        return cls(tuple(tokens[:-1]), tokens[-1])

    @property
    def exact_key(self) -> str:
        return " ".join((*self.given, self.family))

    @property
    def translit_key(self) -> str:
        return " ".join(translit(t) for t in (*self.given, self.family))

    @property
    def family_key(self) -> str:
        return translit(self.family)


def exact_key(name: str, kind: str) -> str:
    if kind == "org":
        return org_key(name)
    parsed = PersonName.parse(name)
    return parsed.exact_key if parsed else " ".join(person_tokens(name))


def org_key(name: str) -> str:
    """Organisation names compared without case, accents, punctuation, a leading "the"."""
    words = _WORD.findall(fold(name).replace("&", " and "))
    while words and words[0] in _ORG_NOISE:
        words = words[1:]
    return " ".join(words)


def text_key(text: str | None) -> str:
    """Titles and organisations compared as folded words ('' when absent)."""
    return " ".join(_WORD.findall(fold(text or "")))


def first_names_compatible(a: PersonName, b: PersonName) -> str | None:
    """Why two given-name lists could be one person, or None when they cannot.

    The first given names decide: equal, equal after transliteration, one an initial of the
    other, or close by rapidfuzz. Middle names may be missing on one side, but two different
    middle names rule the pair out.
    """
    fa, fb = a.given[0], b.given[0]
    if fa == fb:
        reason = "same first name"
    elif translit(fa) == translit(fb):
        reason = f"transliteration variant ({fa}/{fb})"
    elif len(fa) == 1 or len(fb) == 1:
        if romanise(fa)[0] != romanise(fb)[0]:  # "а." (Cyrillic) is an initial of Alexei
            return None
        reason = f"initial ({fa}/{fb})"
    elif ratio(translit(fa), translit(fb)) >= FUZZY_FIRST_NAME:
        reason = f"similar first name ({fa}/{fb})"
    else:
        return None
    ma, mb = a.given[1:], b.given[1:]
    if ma and mb and [translit(m)[0] for m in ma] != [translit(m)[0] for m in mb]:
        return None
    return reason
