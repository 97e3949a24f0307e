"""Content fingerprints: what makes two pages "the same release".

`content_hash` identifies the text across URLs (a republished copy has the same one);
`version_hash` identifies a version of one article (an edit changes it). Both ignore
differences that are not editorial: case, typographic versus straight marks, whitespace.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

# A body this long identifies a release by itself: syndicated copies often change only the
# headline ("Statement: ..."), so the headline stays out of the identity of long texts.
SUBSTANTIAL_BODY_CHARS = 200
_FOLD_MAP = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "‛": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "−": "-",
}
# str.translate with a dict walks the text in Python-level lookups; a few C-speed replaces of
# the marks actually present are an order of magnitude faster on long bodies.
_FOLD = tuple(_FOLD_MAP.items())
_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lowercase, straight marks, single spaces: the form that fingerprints compare."""
    if not text:
        return ""
    if not text.isascii():
        for mark, plain in _FOLD:
            if mark in text:
                text = text.replace(mark, plain)
    return _SPACE.sub(" ", text.casefold()).strip()


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def fingerprints(
    headline: str | None, body: Sequence[str], url: str, published: str | None
) -> tuple[str, str]:
    """`content_hash` and `version_hash` together, folding the body once."""
    folded = "\n".join(fold(p) for p in body)
    return _content(headline, folded, url), _version(headline, folded, published)


def _content(headline: str | None, folded: str, url: str) -> str:
    if len(folded) >= SUBSTANTIAL_BODY_CHARS:
        return _sha("body", folded)
    if folded or headline:
        return _sha("short", fold(headline), folded)
    return _sha("empty", url)


def _version(headline: str | None, folded: str, published: str | None) -> str:
    return _sha("version", fold(headline), folded, published or "")


def content_hash(headline: str | None, body: Sequence[str], url: str) -> str:
    """Identity of a release's text.

    A short or empty body cannot identify a release (every failed parse would collide), so
    the headline joins it, and with neither the URL does: such pages are never merged.
    """
    return _content(headline, "\n".join(fold(p) for p in body), url)


def version_hash(headline: str | None, body: Sequence[str], published: str | None) -> str:
    """Identity of one version: any editorial change to headline, body or date changes it."""
    return _version(headline, "\n".join(fold(p) for p in body), published)
