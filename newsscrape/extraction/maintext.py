"""Main text of an arbitrary article page, without a source file.

Used where no selectors are configured (`newsscrape extract-quotes page.html`). Structured
containers win (`<article>`, `<main>`, `itemprop=articleBody`, common CMS body classes); else
the element whose direct `<p>` children hold the most text, which is where article bodies live
and where navigation, footers and link lists do not.
"""

from __future__ import annotations

from parsel import Selector

from newsscrape.extraction.pages import body_paragraphs, make_selector, text_of

_CANDIDATES = (
    '//*[@itemprop="articleBody"]',
    '//*[contains(concat(" ", normalize-space(@class), " "), " article-body ")'
    ' or contains(@class, "article__body") or contains(@class, "entry-content")'
    ' or contains(@class, "post-content") or contains(@class, "field--name-body")'
    ' or contains(@class, "story-body")]',
    "//article",
    "//main",
)
BOILERPLATE = [
    ".share",
    ".social-share",
    ".newsletter",
    ".newsletter-signup",
    ".related",
    ".related-links",
    ".related-content",
    ".comments",
    ".advert",
    ".ad",
    "header",
    "footer",
]


def _paragraph_weight(node: Selector) -> int:
    return sum(len(text_of(p)) for p in node.root.xpath("./p"))


def main_paragraphs(html: str | bytes, url: str | None = None) -> list[str]:
    """Body paragraphs of the page's main content, boilerplate dropped."""
    sel = make_selector(html, url)
    for xpath in _CANDIDATES:
        found = sel.xpath(xpath)
        if found:
            best = max(found, key=lambda n: len(text_of(n.root)))
            paragraphs = body_paragraphs([best], BOILERPLATE)
            if paragraphs:
                return paragraphs
    containers = sel.xpath("//*[p]")
    if not containers:
        return body_paragraphs(sel.xpath("//body"), BOILERPLATE)
    best = max(containers, key=_paragraph_weight)
    return body_paragraphs([best], BOILERPLATE)
