"""Name keys for comparing speakers: exact spelling, spelling variants, transliteration.

Three levels, from safest to loosest, because the merge rules trust them differently:

- `exact_key`: case, accents, punctuation, hyphens and honorifics ignored ("Dr. José
  al-Amin" = "Jose Al Amin"). Two person names with the same exact key are spelled the same.
- `translit_key`: also folds the usual romanisation variants (Natalya/Natalia,
  Aleksei/Alexey, Youssef/Yusef) so that they compare equal; equal here is a *candidate*,
  never enough by itself.
- `first_names_compatible`: given names that may be the same person (variant spelling, an
  initial, a dropped middle name), scored with rapidfuzz; also only a candidate.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

HONORIFICS = frozenset((
    "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "rev", "reverend",
    "sir", "dame", "hon", "honourable", "honorable", "sheikh", "imam", "father", "sister",
    "brother",
))  # fmt: skip
SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv"))
_ORG_NOISE = frozenset(("the",))
_TRANSLIT = [
    # (pattern, replacement) on lower-case ASCII; order matters (longer digraphs first).
    ("sch", "sh"), ("tch", "ch"), ("kh", "h"), ("ph", "f"), ("ks", "x"), ("ck", "k"),
    ("ou", "u"), ("oo", "u"), ("ee", "i"), ("yu", "iu"), ("ya", "ia"), ("ye", "ie"),
    ("yo", "io"), ("y", "i"), ("w", "v"), ("q", "k"), ("dj", "j"),
]  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
FUZZY_FIRST_NAME = 80  # rapidfuzz ratio (0-100) at which two given names may be one


def fold(text: str) -> str:
    """Lower case, accents removed (José -> jose), apostrophes dropped (O’Brien -> obrien)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().replace("’", "").replace("'", "")


def person_tokens(name: str) -> list[str]:
    """Name words without honorifics or suffixes, folded; hyphens split (al-Amin -> al amin)."""
    words = _WORD.findall(fold(name).replace("-", " "))
    return [w for w in words if w not in HONORIFICS and w not in SUFFIXES]


def translit(token: str) -> str:
    out = token
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
        if fa[0] != fb[0]:
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
