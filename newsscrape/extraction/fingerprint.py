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
_FOLD = str.maketrans(
    {
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
)
_SPACE = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lowercase, straight marks, single spaces: the form that fingerprints compare."""
    if not text:
        return ""
    return _SPACE.sub(" ", text.translate(_FOLD).casefold()).strip()


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def content_hash(headline: str | None, body: Sequence[str], url: str) -> str:
    """Identity of a release's text.

    A short or empty body cannot identify a release (every failed parse would collide), so
    the headline joins it, and with neither the URL does: such pages are never merged.
    """
    folded = "\n".join(fold(p) for p in body)
    if len(folded) >= SUBSTANTIAL_BODY_CHARS:
        return _sha("body", folded)
    if folded or headline:
        return _sha("short", fold(headline), folded)
    return _sha("empty", url)


def version_hash(headline: str | None, body: Sequence[str], published: str | None) -> str:
    """Identity of one version: any editorial change to headline, body or date changes it."""
    return _sha("version", fold(headline), "\n".join(fold(p) for p in body), published or "")
