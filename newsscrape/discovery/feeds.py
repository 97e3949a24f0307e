"""Feeds and sitemaps as discovery paths: RSS/Atom entries and sitemap URLs as listing rows.

Sitemaps are read with Scrapy's own `Sitemap` (which parses safely: no entity expansion,
huge-tree limits) plus the news extension it leaves out (`news:title`,
`news:publication_date`); feeds with parsel's XML selector, namespaces removed, so RSS 2.0,
RSS 1.0 (RDF) and Atom read alike. Both give `ListingEntry` rows, so the rest of the crawl
does not care where a link came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree
from parsel import Selector
from scrapy.utils.sitemap import Sitemap

from newsscrape.extraction.pages import ListingEntry
from newsscrape.extraction.text import normalize_text
from newsscrape.extraction.urls import join_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(slots=True)
class XmlListing:
    """What a feed or sitemap holds: article rows, and further sitemaps or feed pages."""

    kind: str  # "rss" | "atom" | "urlset" | "sitemapindex" | "unknown"
    entries: list[ListingEntry] = field(default_factory=list)
    follow: list[str] = field(default_factory=list)  # child sitemaps, or a feed's next page
    news: bool = False  # a Google News sitemap: every entry is an article


def _split_tag(tag: object) -> tuple[str | None, str]:
    """(namespace, local name) of an element's tag; ("", "") for comments and PIs.

    Not etree.QName: it raises ValueError on a prefix the document never declared
    (`<rdf:RDF>` without xmlns:rdf), which lxml keeps in the tag as written.
    """
    if not isinstance(tag, str):
        return None, ""
    namespace = tag[1:].split("}", 1)[0] if tag.startswith("{") else None
    return namespace, tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def root_tag(body: bytes | str) -> str | None:
    """The local name of an XML document's root element, or None when it is not XML."""
    text = body if isinstance(body, str) else body[:4096].decode("utf-8", "replace")
    start = text.lstrip("\ufeff \t\r\n")
    if not start.startswith("<"):
        return None
    try:
        parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True)
        parser.feed(start.encode("utf-8"))
        for _, el in parser.read_events():
            return _split_tag(el.tag)[1].lower()
    except etree.XMLSyntaxError:
        return None
    return None


def _news_fields(body: bytes) -> dict[str, tuple[str | None, str | None]]:
    """loc → (news:title, news:publication_date) from a news sitemap."""
    out: dict[str, tuple[str | None, str | None]] = {}
    try:
        root = etree.fromstring(
            body, parser=etree.XMLParser(resolve_entities=False, recover=True, huge_tree=True)
        )
    except etree.XMLSyntaxError:
        return out
    if root is None:
        return out
    for url in root:
        loc = title = date = None
        for el in url.iter():
            namespace, name = _split_tag(el.tag)
            if name == "loc" and loc is None:
                loc = (el.text or "").strip()
            elif name == "title" and namespace == _NEWS_NS:
                title = normalize_text(el.text)
            elif name == "publication_date":
                date = (el.text or "").strip()
        if loc:
            out[loc] = (title, date)
    return out


def parse_sitemap(body: bytes, url: str) -> XmlListing:
    """Rows of a `urlset` (titled and dated when it is a news sitemap), or an index's sitemaps."""
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, ValueError, AttributeError, StopIteration):
        # StopIteration: Sitemap takes the root with next() on lxml's iterparse, which yields
        # nothing for a body without an element (plain text, a wrongly declared encoding).
        return XmlListing("unknown")
    kind = (sitemap.type or "unknown").lower()
    out = XmlListing(kind)
    news = _news_fields(body) if _NEWS_NS.encode() in body else {}
    out.news = bool(news)
    for entry in sitemap:
        loc = (entry.get("loc") or "").strip()
        loc = join_url(url, loc) if loc else None  # None too for "http://[": no page there
        if not loc:
            continue
        if kind == "sitemapindex":
            out.follow.append(loc)
            continue
        title, published = news.get(entry.get("loc", "").strip(), (None, None))
        # Not `lastmod`: it is when the page last changed (an /about page has one too), not
        # when an article was published.
        out.entries.append(ListingEntry(url=loc, headline=title, date_raw=published))
    return out


def parse_feed(body: bytes | str, url: str) -> XmlListing:
    """Entries of an RSS or Atom feed, and its next page when it is paged (RFC 5005)."""
    text = body if isinstance(body, str) else body.decode("utf-8", "replace")
    try:
        sel = Selector(text=text, type="xml")
    except (ValueError, etree.XMLSyntaxError):
        return XmlListing("unknown")
    sel.remove_namespaces()
    kind = "atom" if sel.xpath("/feed") else "rss" if sel.xpath("/rss | /RDF") else "unknown"
    out = XmlListing(kind)
    for item in sel.xpath("//item | //entry"):
        link = (
            item.xpath("link[@rel='alternate' or not(@rel)]/@href").get()
            or item.xpath("link/text()").get()
            or item.xpath("guid[not(@isPermaLink='false')]/text()").get()
        )
        target = join_url(url, link.strip()) if link and link.strip() else None
        if not target:
            continue
        published = (
            item.xpath("published/text()").get()
            or item.xpath("pubDate/text()").get()
            or item.xpath("date/text()").get()
            or item.xpath("issued/text()").get()
            or item.xpath("updated/text()").get()
        )
        summary = item.xpath("summary/text()").get() or item.xpath("description/text()").get()
        out.entries.append(
            ListingEntry(
                url=target,
                headline=normalize_text(item.xpath("title/text()").get()) or None,
                date_raw=normalize_text(published) or None,
                teaser=_plain(summary),
            )
        )
    nxt = sel.xpath("/feed/link[@rel='next']/@href").get()
    if nxt and (target := join_url(url, nxt.strip())):
        out.follow.append(target)
    return out


def _plain(value: str | None) -> str | None:
    """A feed summary is often escaped HTML: keep its text."""
    if not value or not value.strip():
        return None
    if "<" in value:
        value = etree.HTML(f"<div>{value}</div>").xpath("string()") if value.strip() else ""
    return normalize_text(value) or None


def parse_xml_listing(body: bytes, url: str) -> XmlListing:
    """A feed or a sitemap, whichever the document is."""
    tag = root_tag(body)
    if tag in ("urlset", "sitemapindex"):
        return parse_sitemap(body, url)
    if tag in ("rss", "feed", "rdf"):
        return parse_feed(body, url)
    return XmlListing("unknown")


def feed_links(sel: Selector, url: str) -> list[str]:
    """Feeds a page announces with `<link rel="alternate" type="application/rss+xml">`."""
    out = []
    for link in sel.xpath('//link[contains(concat(" ", @rel, " "), " alternate ")]'):
        kind = (link.attrib.get("type") or "").lower().strip()
        href = (link.attrib.get("href") or "").strip()
        if kind in FEED_TYPES[:2] and href:
            target = join_url(url, href)
            # Comment feeds list comments, not articles.
            if target and "comments" not in target.lower() and target not in out:
                out.append(target)
    return out


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """`Sitemap:` lines of a robots.txt, made absolute; a value that is no URL is skipped.

    Read here rather than by Scrapy's `sitemap_urls_from_robots`, which joins with urljoin
    and so raises ValueError on a line like "Sitemap: http://[".
    """
    out = []
    for line in robots_txt.split("\n"):
        if line.lstrip()[:8].lower() == "sitemap:":
            value = line.partition(":")[2].strip()
            url = join_url(base_url, value) if value else None
            if url:
                out.append(url)
    return out
