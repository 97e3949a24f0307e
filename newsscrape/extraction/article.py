"""Read an article page nobody configured: structured data first, then the page itself.

Publishers describe their articles for search engines (JSON-LD `NewsArticle`, OpenGraph and
`article:*` meta, microdata, `<time datetime>`), and those descriptions are far more stable
across redesigns than any CSS class, so they win. What they do not give is read from the page:
the headline from `<h1>`, the body from the main text. For the body we measured our own
heuristic (`maintext`) against trafilatura on real pages (`make eval`, fundus-dev) and use
trafilatura's paragraphs, falling back to ours when it finds nothing.

Pure functions: HTML string in, plain data out, no Scrapy.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from parsel import Selector

from newsscrape.extraction.boilerplate import drop_boilerplate
from newsscrape.extraction.pages import (
    ArticlePage,
    date_text,
    element_text,
    make_selector,
    parse_article,
)
from newsscrape.extraction.text import normalize_paragraphs, normalize_text

# schema.org types whose headline and datePublished describe the page's story.
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "livebloggosting",
        "liveblogposting",
        "blogposting",
        "socialmediaposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "pressrelease",
    }
)
_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " « ", " » ")


@dataclass(slots=True)
class StructuredData:
    """What the page says about itself in machine-readable form (empty strings when absent)."""

    ld_headline: str = ""
    ld_date: str = ""
    ld_authors: list[str] = field(default_factory=list)
    ld_body: str = ""
    is_article: bool = False
    og_title: str = ""
    site_name: str = ""
    meta_date: str = ""
    meta_authors: list[str] = field(default_factory=list)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _ld_objects(sel: Selector) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, nested ones and @graph members too."""
    for blob in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(blob.strip().rstrip(";"))
        except (ValueError, RecursionError):  # nested past the interpreter's limit
            continue
        stack = [data]
        while stack:
            obj = stack.pop(0)
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                yield obj
                stack.extend(v for v in obj.values() if isinstance(v, dict | list))


def _names(value: Any) -> list[str]:
    """Author names from a schema.org author value (a string, a Person, or a list of them)."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and normalize_text(name):
            out.append(normalize_text(name))
    return out


def _meta(sel: Selector, *names: str) -> str:
    for name in names:
        value = sel.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content').get()
        if value and value.strip():
            return normalize_text(value)
    return ""


def structured_data(sel: Selector) -> StructuredData:
    data = StructuredData()
    for obj in _ld_objects(sel):
        if not _types(obj) & ARTICLE_TYPES:
            continue
        data.is_article = True
        headline = obj.get("headline") or obj.get("name")
        if isinstance(headline, str) and not data.ld_headline:
            data.ld_headline = normalize_text(headline)
        published = obj.get("datePublished") or obj.get("dateCreated")
        if isinstance(published, str) and not data.ld_date:
            data.ld_date = normalize_text(published)
        if not data.ld_authors:
            data.ld_authors = _names(obj.get("author"))
        body = obj.get("articleBody")
        if isinstance(body, str) and not data.ld_body:
            data.ld_body = body
    data.og_title = _meta(sel, "og:title", "twitter:title")
    data.site_name = _meta(sel, "og:site_name", "application-name")
    if _meta(sel, "og:type").lower() == "article":
        data.is_article = True
    data.meta_date = _meta(
        sel,
        "article:published_time",
        "og:article:published_time",
        "datePublished",
        "pubdate",
        "publishdate",
        "date",
        "dc.date",
        "DC.date.issued",
        "sailthru.date",
        "parsely-pub-date",
    ) or normalize_text(sel.xpath('//*[@itemprop="datePublished"]/@content').get() or "")
    data.meta_authors = [
        a for a in [_meta(sel, "author", "article:author", "parsely-author", "byl")] if a
    ]
    return data


def strip_site_name(title: str, site_name: str = "", h1: str = "") -> str:
    """`Headline | Site` → `Headline`: titles carry the site name, headlines do not.

    The tail is cut only when it is the site's name, or when what is left is the page's own
    `<h1>`; a headline that merely contains a dash is left whole.
    """
    title = normalize_text(title)
    for sep in _SEPARATORS:
        head, found, tail = title.rpartition(sep)
        if not found or not head:
            continue
        tail_l = tail.strip().lower()
        if site_name and (tail_l == site_name.lower() or site_name.lower().startswith(tail_l)):
            return head.strip()
        if h1 and head.strip() == h1:
            return head.strip()
    return title


def _h1(sel: Selector) -> str:
    """The story's `<h1>`: inside `<article>`/`<main>` when there is one, else the first."""
    for xpath in ("//article//h1", "//main//h1", "//h1"):
        for node in sel.xpath(xpath):
            text = element_text(node)
            if text:
                return text
    return ""


def find_headline(sel: Selector, data: StructuredData) -> str | None:
    """The headline two of JSON-LD, `og:title` and `<h1>` agree on, else the first there is.

    Publishers often give one of the three a different wording (an SEO headline in JSON-LD,
    a social one in `og:title`, a "LIVE:" kicker in `<h1>`); the wording two of them share is
    the one the page prints. With no agreement, JSON-LD comes first: on real pages it is the
    one most often the printed headline.
    """
    h1 = _h1(sel)
    candidates = [
        strip_site_name(c, data.site_name, h1) for c in (data.ld_headline, data.og_title) if c
    ]
    candidates = [c for c in [*candidates, h1] if c]
    if candidates:
        votes = Counter(c.casefold() for c in candidates)
        return max(candidates, key=lambda c: votes[c.casefold()])  # ties: the earliest
    title = normalize_text(sel.xpath("//title/text()").get() or "")
    return strip_site_name(title, data.site_name) or None


_BYLINE_DATE = (
    "//article//time",
    "//main//time",
    "//time",
    '//*[contains(@class, "date") or contains(@class, "time") or contains(@class, "published")'
    ' or contains(@class, "byline") or contains(@class, "meta")][not(*[.//p])]',
)


def find_date(sel: Selector, data: StructuredData) -> str | None:
    if data.ld_date:
        return data.ld_date
    if data.meta_date:
        return data.meta_date
    for xpath in _BYLINE_DATE:
        for node in sel.xpath(xpath)[:5]:
            value = date_text(node)
            if value and len(value) <= 120 and re.search(r"\d", value):
                return value
    return None


def find_authors(sel: Selector, data: StructuredData) -> list[str]:
    if data.ld_authors:
        return data.ld_authors
    if data.meta_authors:
        return data.meta_authors
    found = sel.xpath(
        '//*[@rel="author" or @itemprop="author" or contains(@class, "author")]'
        "[not(.//p)][string-length(normalize-space()) < 80]"
    )
    for node in found[:3]:
        text = element_text(node)
        if text:
            return [re.sub(r"^(?:by|par|von|por|door|di)\s+", "", text, flags=re.I)]
    return []


def trafilatura_paragraphs(html: str, url: str | None = None) -> list[str]:
    """Body paragraphs by trafilatura (no comments, no tables), one per block element.

    Read from its XML output, not its text: the text output keeps the line breaks of the
    HTML source inside a paragraph, which would cut sentences (and quotes) in two.
    """
    import trafilatura

    xml = trafilatura.extract(
        html,
        url=url,
        output_format="xml",
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"), parser=etree.XMLParser(recover=True))
    main = root.find("main") if root is not None else None
    if main is None:
        return []
    paragraphs: list[str] = []
    for el in main.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in el.iterdescendants()):
            continue  # a quote or list holding paragraphs: its paragraphs are read instead
        paragraphs.extend(_lines(el))
    return normalize_paragraphs(paragraphs)


def _lines(block: etree._Element) -> list[str]:
    """A block's text; a <br> (trafilatura's `lb`) starts a new line."""
    lines = [""]

    def walk(node: etree._Element, top: bool) -> None:
        if node.tag == "lb" and not top:
            lines.append("")
        else:
            lines[-1] += node.text or ""
            for child in node:
                walk(child, False)
        if not top:
            lines[-1] += node.tail or ""

    walk(block, True)
    return lines


_BLOCKS = ("p", "head", "item", "quote")


def auto_body(html: str, url: str | None = None) -> list[str]:
    """Main text of the page: trafilatura's, else our own container heuristic."""
    from newsscrape.extraction.maintext import main_paragraphs

    try:
        paragraphs = trafilatura_paragraphs(html, url)
    except Exception:
        paragraphs = []
    return paragraphs or main_paragraphs(html, url)


def extract_article(
    html: str | bytes,
    url: str,
    *,
    body: str | None = None,
    headline: str | None = None,
    date: str | None = None,
    author: str | None = None,
    exclude: list[str] | None = None,
) -> ArticlePage:
    """Read an article page: configured selectors where given, structured data, then the page.

    A selector given in the source file always wins; every field it leaves out is inferred.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    sel = make_selector(html, url)
    data = structured_data(sel)
    page = parse_article(
        sel, url, body=body, headline=headline, date=date, author=author, exclude=exclude
    )
    if not headline or not page.headline:
        page.headline = find_headline(sel, data) or page.headline
    if not date or not page.date_raw:
        page.date_raw = find_date(sel, data) or page.date_raw
    if not author or not page.authors:
        page.authors = find_authors(sel, data)
    if not body:
        page.body = _without_title(auto_body(html, url), page.headline, page.date_raw)
    # "Story continues below advertisement", "READ MORE: ...", credits: not the article.
    page.body = drop_boilerplate(page.body, page.language)
    page.is_article = data.is_article
    return page


def _without_title(
    paragraphs: list[str], headline: str | None, date_raw: str | None = None
) -> list[str]:
    """Main-text extractors keep the page's <h1> and its dateline; neither is body text."""
    out = list(paragraphs)
    if out and headline and out[0].casefold() == headline.casefold():
        out.pop(0)
    # "Released: 13 February 2024", "By Jane Doe · Posted on March 5, 2024"
    while out and date_raw and len(out[0]) <= 100 and date_raw in out[0]:
        out.pop(0)
    return out


def declared_language(html: str | bytes) -> str | None:
    """The language a page declares (`<html lang>`, else Content-Language meta), as its base
    code ("en-GB" → "en"); None when it declares none."""
    sel = make_selector(html)
    lang = (
        sel.xpath("/html/@lang").get()
        or sel.xpath('//meta[@http-equiv="content-language"]/@content').get()
        or ""
    )
    return lang.strip().split("-")[0].split("_")[0].lower()[:8] or None
