"""`newsscrape sources check`: what a source file yields on one listing page and one article.

Reads pages the same way the spider does (configured selectors where given, inference where
not), without Scrapy, so a researcher can try a new source in seconds and see each empty
field before a crawl stores rows without dates. Fetching is a plain urllib GET: one page,
no crawl politeness needed.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from newsscrape.discovery.api import infer_api, read_api_page
from newsscrape.discovery.feeds import parse_xml_listing, root_tag
from newsscrape.discovery.listing import infer_listing
from newsscrape.discovery.pagination import find_next_page
from newsscrape.extraction.article import extract_article
from newsscrape.extraction.dates import parse_date
from newsscrape.extraction.pages import ArticlePage, ListingEntry, make_selector, parse_listing
from newsscrape.sources import Source

MAX_BYTES = 20 * 1024 * 1024


class FetchError(Exception):
    """A page could not be fetched; the message says which and why."""


@dataclass(slots=True)
class ListingCheck:
    kind: str  # "configured" | "inferred" | "feed" | "sitemap" | "api" | "none"
    entries: list[ListingEntry] = field(default_factory=list)
    next_url: str | None = None
    how: str | None = None  # how the next page was found
    selectors: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def fetch(url: str, user_agent: str, timeout: float = 30) -> bytes:
    """One GET; raises FetchError with the URL and the reason."""
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: {reason}") from None
    if len(body) > MAX_BYTES:
        raise FetchError(f"{url}: larger than {MAX_BYTES // 1024 // 1024} MB")
    return body


def _decode(body: bytes) -> str:
    return body.decode("utf-8", errors="replace")


def check_listing(body: bytes, url: str, source: Source) -> ListingCheck:
    """The rows and next page a listing (HTML, JSON, feed or sitemap) gives under `source`."""
    tag = root_tag(body)
    if tag in ("urlset", "sitemapindex", "rss", "feed", "rdf"):
        xml = parse_xml_listing(body, url)
        kind = "sitemap" if tag in ("urlset", "sitemapindex") else "feed"
        result = ListingCheck(kind, entries=xml.entries)
        if xml.follow:
            result.next_url, result.how = xml.follow[0], f"{len(xml.follow)} linked document(s)"
        return result
    if body.lstrip()[:1] in (b"{", b"["):
        return _check_api(body, url, source)
    sel = make_selector(_decode(body), url)
    config = source.listing
    if config is not None and config.item:
        selectors = {k: getattr(config, k) for k in ("item", "link", "headline", "date", "teaser")}
        page = parse_listing(sel, url, **selectors, next_page=config.next_page)
        result = ListingCheck("configured", page.entries, selectors=selectors)
        if config.next_page:
            result.next_url, result.how = page.next_url, "next_page"
            if not page.next_url:
                result.warnings.append(f"next_page {config.next_page!r} matches nothing")
        elif config.page_url:
            result.next_url = source.resolve(config.page_url.format(page=config.page_start))
            result.how = "page_url"
        elif config.api:
            result.next_url = source.resolve(config.api.page(config.api.start))
            result.how = "api"
        return result
    found = infer_listing(sel, url)
    if found is None:
        return ListingCheck("none", warnings=["no listing found on the page"])
    result = ListingCheck("inferred", found.page.entries, selectors=found.selectors())
    nxt = find_next_page(sel, url, rows=found.item)
    if nxt is not None:
        result.next_url, result.how = nxt.url, nxt.how
        result.selectors["next"] = nxt.selector or nxt.template
    return result


def _check_api(body: bytes, url: str, source: Source) -> ListingCheck:
    try:
        data = json.loads(body)
    except ValueError as exc:
        return ListingCheck("api", warnings=[f"not JSON: {exc}"])
    api = source.listing.api if source.listing else None
    shape = api.shape() if api else infer_api(data)
    if shape is None:
        return ListingCheck("api", warnings=["no list of linked items in the JSON"])
    page = read_api_page(data, url, shape)
    selectors = {k: getattr(shape, k) for k in ("items", "link", "headline", "date", "teaser")}
    return ListingCheck("api", page.entries, page.next_url, "next" if page.next_url else None,
                        selectors)  # fmt: skip


def entry_warnings(entries: list[ListingEntry], source: Source) -> list[str]:
    """One line per field that is empty (or a date that does not parse) in some rows."""
    if not entries:
        return ["the listing yields no rows"]
    languages, order = source.date_hints()
    counts = {
        "headline": sum(not e.headline for e in entries),
        "date": sum(not e.date_raw for e in entries),
        "teaser": sum(not e.teaser for e in entries),
    }
    unparsed = sum(
        bool(e.date_raw) and parse_date(e.date_raw, languages=languages, date_order=order) is None
        for e in entries
    )
    warnings = [f"{field}: empty in {n} of {len(entries)} rows" for field, n in counts.items() if n]
    if unparsed:
        warnings.append(f"date: {unparsed} of {len(entries)} do not parse as dates")
    return warnings


def check_article(body: bytes, url: str, source: Source) -> tuple[ArticlePage, list[str]]:
    """What an article page yields under `source`, and a warning per empty field."""
    page = extract_article(_decode(body), url, **source.article.model_dump())
    warnings = []
    if not page.headline:
        warnings.append("headline: empty")
    if not page.date_raw:
        warnings.append("date: not found")
    else:
        languages, order = source.date_hints()
        if parse_date(page.date_raw, languages=languages, date_order=order) is None:
            warnings.append(f"date: {page.date_raw!r} does not parse")
    if not page.body:
        warnings.append("body: empty")
    return page, warnings
