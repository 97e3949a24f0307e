"""Text normalization shared by page parsing and the normalize pipeline.

Scraped text arrives with HTML entities left over from CMS double-escaping, non-breaking and
zero-width spaces, decomposed accents and soft hyphens. Those differences must not reach the
corpus: they break exact matching, full-text search and content fingerprints. Typographic marks
(curly quotes, dashes, apostrophes) are *kept*: quote attribution depends on them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

# Characters that render as nothing and only break matching.
# (A regex, not str.translate: translate with a dict walks long text in Python-level lookups.)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Every Unicode space (NBSP, thin, ideographic, line/paragraph separators) and ASCII controls
# collapse to one ASCII space.
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\x00-\x1f\x7f]+")
# A decimal character reference too long to be a code point (the largest, U+10FFFF, has seven
# digits). html.unescape reads the digits with int(), which refuses more than 4,300 of them.
_LONG_DECIMAL_REF = re.compile(r"&#([0-9]{8,});?")


def _short_ref(match: re.Match[str]) -> str:
    digits = match[1].lstrip("0")  # "&#000000065;" is still "A"
    return "\ufffd" if len(digits) > 7 else f"&#{digits or '0'};"


def unescape(value: str) -> str:
    """html.unescape that never raises: "&#99…9" with thousands of digits is U+FFFD.

    Such references occur in junk and hostile pages, and html.unescape would raise
    ValueError on them (CPython's limit on int() of long digit strings).
    """
    if "&#" in value:
        value = _LONG_DECIMAL_REF.sub(_short_ref, value)
    return html.unescape(value)


def normalize_text(value: str | None) -> str:
    """Return `value` decoded, NFC-composed and with whitespace collapsed to single spaces.

    Entities are decoded because text from meta tags and JSON-LD often carries `&#8217;` even
    after the HTML parser has run; NFC so that "é" typed two ways is one string.
    """
    if not value:
        return ""
    if "&" in value:
        value = unescape(value)
    if not value.isascii():  # ASCII text has nothing to compose and no invisible characters
        value = unicodedata.normalize("NFC", value)
        if _INVISIBLE.search(value):
            value = _INVISIBLE.sub("", value)
    return _SPACES.sub(" ", value).strip()


def normalize_paragraphs(paragraphs: Iterable[str | None]) -> list[str]:
    """Normalize each paragraph and drop the ones left empty (`<p>&nbsp;</p>` spacers)."""
    out = []
    for paragraph in paragraphs:
        text = normalize_text(paragraph)
        if text:
            out.append(text)
    return out
