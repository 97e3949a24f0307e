"""Pure functions: text normalization, URL canonicalization, content fingerprints."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsscrape.extraction.fingerprint import content_hash, version_hash
from newsscrape.extraction.text import normalize_paragraphs, normalize_text
from newsscrape.extraction.urls import canonical_url, strip_tracking


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Amnesty International&rsquo;s Deputy", "Amnesty International’s Deputy"),
        ("caf\u0065\u0301", "café"),  # decomposed accent → NFC
        ("  two\u00a0 spaces\n\tand\u2009thin ", "two spaces and thin"),
        ("zero\u200bwidth soft\u00adhyphen", "zerowidth softhyphen"),
        ("“Quoted,” she said — «ok»", "“Quoted,” she said — «ok»"),  # marks kept
        ("AT&amp;T &amp; co", "AT&T & co"),
        ("&#8220;x&#8221;", "“x”"),
        (None, ""),
        ("", ""),
    ],
)
def test_normalize_text(raw: str | None, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_paragraphs_drops_spacers() -> None:
    assert normalize_paragraphs(["\u00a0", " a ", None, "", "b\n c"]) == ["a", "b c"]


@given(st.text())
@settings(max_examples=500)
def test_normalize_text_is_idempotent_nfc_and_trimmed(value: str) -> None:
    once = normalize_text(value)
    assert normalize_text(once) == once or "&" in once  # entities may decode once more
    assert unicodedata.is_normalized("NFC", once) or "&" in value
    assert once == once.strip()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.Amnesty.ca/news/x?utm_source=nl&utm_medium=email",
            "https://www.amnesty.ca/news/x",
        ),
        ("https://www.amnesty.ca/news/x/#main-content", "https://www.amnesty.ca/news/x"),
        ("https://www.amnesty.ca:443/news/x?b=2&a=1", "https://www.amnesty.ca/news/x?a=1&b=2"),
        ("http://127.0.0.1:8080/news/x?fbclid=abc&id=3", "http://127.0.0.1:8080/news/x?id=3"),
        ("https://example.org/", "https://example.org/"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_strip_tracking_keeps_content_parameters_and_trailing_slash() -> None:
    assert strip_tracking("https://x.org/a/?id=3&utm_campaign=z#f") == "https://x.org/a/?id=3"


def test_fingerprints_ignore_typography_not_words() -> None:
    body = ["“In their brutal crackdown on dissent,” says Aisha Jung." * 5]
    straight = [p.replace("“", '"').replace("”", '"') for p in body]
    assert content_hash("A", body, "u1") == content_hash("B", straight, "u2")  # long body: text id
    assert content_hash("A", ["short"], "u1") != content_hash("B", ["short"], "u1")
    assert content_hash(None, [], "u1") != content_hash(None, [], "u2")
    assert version_hash("A", body, "2021-02-07") != version_hash("A", body, "2021-02-08")
    assert version_hash("A", body, None) != version_hash("A!", body, None)
