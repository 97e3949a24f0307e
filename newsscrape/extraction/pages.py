"""Page parsing, kept apart from crawl flow: HTML string in, plain data out.

The spider decides what to fetch; these functions only read a page. That split lets the same
parsing run in the crawl, in `newsscrape sources check`, and in tests on saved pages.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml import etree
from parsel import Selector

from newsscrape.extraction.selectors import to_xpath
from newsscrape.extraction.text import normalize_paragraphs, normalize_text
from newsscrape.extraction.urls import join_url

# Never body text, whatever the source file says.
ALWAYS_EXCLUDED = (
    "script",
    "style",
    "noscript",
    "template",
    "form",
    "button",
    "iframe",
    "svg",
    "nav",
    "aside",
    "figure",
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "div",
        "section",
        "article",
        "td",
        "th",
        "header",
        "footer",
    ]
)
# Two or more <br>, with the whitespace around them. Linear on any markup: the match may only
# start where a whitespace run starts (a leftmost match always does), and every quantifier is
# possessive, so a long run of spaces around one <br> is read once, not once per start
# position and split point (the old `(?:\s*<br\s*/?>\s*){2,}` was cubic there).
_DOUBLE_BR = re.compile(r"(?<!\s)(?:\s*+<br\s*+/?>){2,}+\s*+", re.IGNORECASE)


@dataclass(slots=True)
class ListingEntry:
    """One row of a listing page: a link to an article and what the row shows of it."""

    url: str
    headline: str | None = None
    date_raw: str | None = None
    teaser: str | None = None


@dataclass(slots=True)
class ListingPage:
    entries: list[ListingEntry] = field(default_factory=list)
    next_url: str | None = None


@dataclass(slots=True)
class ArticlePage:
    headline: str | None = None
    date_raw: str | None = None
    body: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    language: str | None = None
    authors: list[str] = field(default_factory=list)
    # The page declares itself an article (og:type, a schema.org Article type).
    is_article: bool = False


# Characters XML (and so lxml) refuses; real pages contain them (pasted from Word, binary junk).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def make_selector(html: str | bytes, url: str | None = None) -> Selector:
    """Parse once; callers pass the Selector around instead of re-parsing."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    return Selector(text=_XML_INVALID.sub("", html), base_url=url, type="html")


def _base_url(sel: Selector, url: str) -> str:
    base = sel.xpath("//base/@href").get()
    return (join_url(url, base.strip()) or url) if base else url


def _first(sel: Selector, selector: str | None) -> Selector | None:
    if not selector:
        return None
    found = sel.xpath(to_xpath(selector))
    return found[0] if found else None


_SKIP_TEXT = frozenset({"script", "style", "noscript", "template"})


def _collect_text(el: etree._Element, out: list[str]) -> None:
    """Text of `el` as rendered: blocks and <br> separate words, inline tags do not.

    `<b>Amnesty</b>’s` must stay one word, `<p>a</p><p>b</p>` must not. Walked with a stack,
    not recursion: broken pages nest elements thousands deep (2,047 is lxml's limit), past
    Python's recursion limit.
    """
    # (element, its closing tag is next, its tail counts): the tail of `el` itself does not.
    stack: list[tuple[etree._Element, bool, bool]] = [(el, False, False)]
    while stack:
        node, closing, with_tail = stack.pop()
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        separate = tag in _BLOCK_TAGS or tag == "br"
        if closing or tag is None or tag in _SKIP_TEXT:
            if closing and separate:
                out.append(" ")
            if with_tail and node.tail:
                out.append(node.tail)
            continue
        if separate:
            out.append(" ")
        if node.text:
            out.append(node.text)
        stack.append((node, True, with_tail))
        stack.extend((child, False, True) for child in reversed(node))


def text_of(el: etree._Element) -> str:
    out: list[str] = []
    _collect_text(el, out)
    return "".join(out)


def element_text(node: Selector | None) -> str | None:
    """Visible text of an element, whitespace-collapsed; None when empty."""
    if node is None:
        return None
    root = node.root
    if isinstance(root, str):  # an attribute or text() selector
        return normalize_text(root) or None
    return normalize_text(text_of(root)) or None


def _href(node: Selector | None, base: str) -> str | None:
    if node is None:
        return None
    root = node.root
    href = root if isinstance(root, str) else root.get("href")
    if not href:
        inner = node.xpath(".//@href").get()
        href = inner
    href = (href or "").strip()
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return None
    return join_url(base, href)


def date_text(node: Selector | None) -> str | None:
    """A date element's machine-readable value when it has one, else its text.

    `<time datetime>` and `<meta content>` are unambiguous and language-independent, so they
    win over the visible text.
    """
    if node is None:
        return None
    root = node.root
    if not isinstance(root, str):
        for attr in ("datetime", "content"):
            value = root.get(attr)
            if value and value.strip():
                return normalize_text(value)
        inner = node.xpath(".//time/@datetime").get()
        if inner and inner.strip():
            return normalize_text(inner)
    return element_text(node)


def parse_listing(
    html: str | bytes | Selector,
    url: str,
    *,
    item: str,
    link: str = "a[href]",
    date: str | None = None,
    headline: str | None = None,
    teaser: str | None = None,
    next_page: str | None = None,
) -> ListingPage:
    """Read the rows and the next-page link of a listing page."""
    sel = html if isinstance(html, Selector) else make_selector(html, url)
    base = _base_url(sel, url)
    page = ListingPage()
    for row in sel.xpath(to_xpath(item)):
        href = _href(_first(row, link), base)
        if not href:
            continue
        page.entries.append(
            ListingEntry(
                url=href,
                headline=element_text(_first(row, headline)),
                date_raw=date_text(_first(row, date)),
                teaser=element_text(_first(row, teaser)),
            )
        )
    if next_page:
        page.next_url = _href(_first(sel, next_page), base)
    return page


def _drop(root: etree._Element, xpaths: list[str]) -> None:
    for xpath in xpaths:
        for el in root.xpath(xpath):
            if el.getparent() is not None:
                el.drop_tree()


def _leaf_block_texts(el: etree._Element) -> list[str]:
    """Paragraph texts of a container, in document order.

    A paragraph is a block element with no block inside it, so `<blockquote><p>` yields the
    paragraphs once. Text sitting loose in a container next to blocks is kept as its own
    paragraph, and double `<br>` splits a block, because some CMSs have no `<p>` at all.
    Containers are walked with a stack, not recursion, for pages nested thousands deep.
    """
    holders = _with_blocks_inside(el)
    if el not in holders:
        return _leaf_texts(el)
    out: list[str] = []
    # Open containers: the element, its remaining children, the inline run before the next
    # block (inline content between blocks forms one paragraph).
    stack = [(el, iter(el), [el.text or ""])]
    while stack:
        container, children, run = stack[-1]
        child = next(children, None)
        if child is None:  # the container is done; its tail belongs to its parent's run
            out.append("".join(run))
            stack.pop()
            if stack:
                stack[-1][2].append(container.tail or "")
            continue
        if _is_block(child) or child in holders:
            out.append("".join(run))
            run.clear()
            if child in holders:
                stack.append((child, iter(child), [child.text or ""]))
                continue  # its tail is added when it is done
            out.extend(_leaf_texts(child))
        elif isinstance(child.tag, str):
            run.append(text_of(child))
        run.append(child.tail or "")
    return out


def _leaf_texts(el: etree._Element) -> list[str]:
    """A block without blocks inside: one paragraph, or several split by double <br>."""
    markup = etree.tostring(el, encoding="unicode", method="html", with_tail=False)
    if _DOUBLE_BR.search(markup):
        return [text_of(etree.HTML(f"<div>{c}</div>")) for c in _DOUBLE_BR.split(markup)]
    return [text_of(el)]


def _with_blocks_inside(root: etree._Element) -> set[etree._Element]:
    """The elements of `root` (itself included) that have a block element inside them.

    One post-order pass. Asking each element in turn (`any(... iterdescendants())`) walked a
    deep chain of inline elements once per level: `<span>` nested 2,000 deep around one `<p>`
    took seconds.
    """
    holders: set[etree._Element] = set()
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in node)
        elif node is not root and (node in holders or _is_block(node)):
            parent = node.getparent()
            if parent is not None:
                holders.add(parent)
    return holders


def _is_block(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS


def body_paragraphs(nodes: list[Selector], exclude: list[str]) -> list[str]:
    """Paragraphs of the body container(s) with boilerplate removed."""
    xpaths = [f"descendant-or-self::{tag}" for tag in ALWAYS_EXCLUDED]
    xpaths += [to_xpath(s) for s in exclude]
    paragraphs: list[str] = []
    for node in nodes:
        root = node.root
        if isinstance(root, str):
            paragraphs.append(root)
            continue
        _drop(root, xpaths)
        paragraphs.extend(_leaf_block_texts(root))
    return normalize_paragraphs(paragraphs)


def _json_ld_value(sel: Selector, key: str) -> str | None:
    for blob in sel.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(blob)
        except (ValueError, RecursionError):  # nested past the interpreter's limit
            continue
        stack = [data]
        while stack:
            obj = stack.pop()
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                value = obj.get(key)
                if isinstance(value, str) and value.strip():
                    return value
                stack.extend(v for v in obj.values() if isinstance(v, dict | list))
    return None


def structured_date(sel: Selector) -> str | None:
    """Publication date from structured data, for pages whose source gives no date selector."""
    for xpath in (
        '//meta[@property="article:published_time"]/@content',
        '//meta[@name="date" or @name="pubdate" or @name="publishdate"]/@content',
        '//meta[@itemprop="datePublished"]/@content',
    ):
        value = sel.xpath(xpath).get()
        if value and value.strip():
            return normalize_text(value)
    value = _json_ld_value(sel, "datePublished")
    if value:
        return normalize_text(value)
    return date_text(_first(sel, "time[datetime]"))


def parse_article(
    html: str | bytes | Selector,
    url: str,
    *,
    body: str | None,
    headline: str | None = "h1",
    date: str | None = None,
    author: str | None = None,
    exclude: list[str] | None = None,
) -> ArticlePage:
    """Read headline, date, body paragraphs, canonical URL and language of an article page.

    Configured selectors win; structured data (OpenGraph, JSON-LD, `<time>`) fills gaps.
    `newsscrape.extraction.article.extract_article` infers what is not configured.
    """
    sel = html if isinstance(html, Selector) else make_selector(html, url)
    base = _base_url(sel, url)
    page = ArticlePage()
    page.headline = (
        element_text(_first(sel, headline))
        or normalize_text(sel.xpath('//meta[@property="og:title"]/@content').get())
        or None
    )
    if date:
        page.date_raw = date_text(_first(sel, date))
    if not page.date_raw:
        page.date_raw = structured_date(sel)
    if body:
        page.body = body_paragraphs(sel.xpath(to_xpath(body)), exclude or [])
    if author:
        names = [element_text(n) for n in sel.xpath(to_xpath(author))]
        page.authors = list(dict.fromkeys(n for n in names if n))
    canonical = sel.xpath('//link[@rel="canonical"]/@href').get()
    if canonical and canonical.strip():
        resolved = join_url(base, canonical.strip())
        if resolved and resolved.startswith(("http://", "https://")):
            page.canonical_url = resolved
    lang = (
        sel.xpath("/html/@lang").get()
        or sel.xpath('//meta[@http-equiv="content-language"]/@content').get()
    )
    if lang and lang.strip():
        page.language = lang.strip().split("-")[0].split("_")[0].lower()[:8] or None
    return page
