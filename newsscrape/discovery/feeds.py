"""Feeds and sitemaps as discovery paths: RSS/Atom entries and sitemap URLs as listing rows.

Sitemaps are read with Scrapy's own `Sitemap` (which parses safely: no entity expansion,
huge-tree limits) plus the news extension it leaves out (`news:title`,
`news:publication_date`); feeds with parsel's XML selector, namespaces removed, so RSS 2.0,
RSS 1.0 (RDF) and Atom read alike. Both give `ListingEntry` rows, so the rest of the crawl
does not care where a link came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from newsscrape.extraction.pages import ListingEntry
from newsscrape.extraction.text import normalize_text

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


@dataclass(slots=True)
class XmlListing:
    """What a feed or sitemap holds: article rows, and further sitemaps or feed pages."""

    kind: str  # "rss" | "atom" | "urlset" | "sitemapindex" | "unknown"
    entries: list[ListingEntry] = field(default_factory=list)
    follow: list[str] = field(default_factory=list)  # child sitemaps, or a feed's next page
    news: bool = False  # a Google News sitemap: every entry is an article


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
            return etree.QName(el).localname.lower()
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
            name = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if name == "loc" and loc is None:
                loc = (el.text or "").strip()
            elif name == "title" and etree.QName(el).namespace == _NEWS_NS:
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
    except (etree.XMLSyntaxError, ValueError, AttributeError):
        return XmlListing("unknown")
    kind = (sitemap.type or "unknown").lower()
    out = XmlListing(kind)
    news = _news_fields(body) if _NEWS_NS.encode() in body else {}
    out.news = bool(news)
    for entry in sitemap:
        loc = (entry.get("loc") or "").strip()
        if not loc:
            continue
        loc = urljoin(url, loc)
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
        if not link or not link.strip():
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
                url=urljoin(url, link.strip()),
                headline=normalize_text(item.xpath("title/text()").get()) or None,
                date_raw=normalize_text(published) or None,
                teaser=_plain(summary),
            )
        )
    nxt = sel.xpath("/feed/link[@rel='next']/@href").get()
    if nxt:
        out.follow.append(urljoin(url, nxt.strip()))
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
            target = urljoin(url, href)
            # Comment feeds list comments, not articles.
            if "comments" not in target.lower() and target not in out:
                out.append(target)
    return out


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """`Sitemap:` lines of a robots.txt (Scrapy's parser), made absolute."""
    return [urljoin(base_url, u) for u in sitemap_urls_from_robots(robots_txt.encode(), base_url)]
