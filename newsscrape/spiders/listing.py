"""The listing spider: walk a listing, visit every article, yield Articles.

Crawl flow only. Reading pages is done by `newsscrape.extraction` (configured selectors) and
`newsscrape.discovery` (what a source leaves out is inferred); deciding what is new, by the
store. One spider reads any source file, and a bare URL too:

    scrapy crawl listing -a source=amnesty-ca [-a url=URL[,URL]] [-a max_pages=N]
        [-a mode=incremental|full|refresh] [-a since=YYYY-MM-DD]
    scrapy crawl listing -a url=https://example.org/news        (zero configuration)

Where the article links come from, in the order a source file gives them:
- listing pages: configured selectors, or the repeated blocks `discovery.listing` finds;
  paginated by a next-page selector, a page-URL template, a JSON load-more API, or (inferred)
  whatever `discovery.pagination` finds;
- feeds and sitemaps (`feeds`, `sitemaps`); with nothing configured and no listing on the
  start page, the feeds the page announces and the sitemaps robots.txt names.

Which requests actually go out (known articles, where pagination stops) is decided by
`newsscrape.incremental.IncrementalMiddleware`, not here.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, date, datetime
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import scrapy
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from newsscrape.discovery import Discovered
from newsscrape.discovery.api import ApiShape, advance, infer_api, read_api_page
from newsscrape.discovery.feeds import (
    feed_links,
    parse_xml_listing,
    robots_sitemaps,
    root_tag,
)
from newsscrape.discovery.listing import InferredListing, infer_listing
from newsscrape.discovery.pagination import find_next_page
from newsscrape.distributed import SWEEP, redis_settings
from newsscrape.extraction.article import extract_article
from newsscrape.extraction.pages import (
    ArticlePage,
    ListingEntry,
    ListingPage,
    make_selector,
    parse_listing,
)
from newsscrape.extraction.urls import canonical_url, strip_tracking
from newsscrape.incremental import FOLLOW_ALWAYS, ROLE
from newsscrape.items import Article
from newsscrape.signals import report_issue
from newsscrape.sources import (
    HttpURL,
    Source,
    SourceError,
    format_validation_error,
    load_source,
)

KIND = "newsscrape_kind"  # request meta: "html" | "xml" | "api" (what the listing page is)
PAGE = "newsscrape_page"  # request meta: the {page} number of a templated listing page
FOUND = "newsscrape_found"  # request meta: "feeds" | "sitemaps", tried by discovery
REQUIRE_ARTICLE = "newsscrape_require_article"  # request meta: keep the page only if an article
GAP = "newsscrape_gap"  # request meta: listing pages failed in a row just before this one
RECHECK = "newsscrape_recheck"  # request meta: the listing read again after it shifted
PREV_KEYS = "newsscrape_prev_keys"  # request meta: the links of the listing page before
PAGE_KEYS = "newsscrape_page_keys"  # response meta: this listing page's links, in order
ROOT = "newsscrape_root"  # request meta: (url, kind) of the first page of this listing walk
NEW_ON_PAGE = "newsscrape_new"  # response meta: article requests this listing page made
XML_TAGS = ("urlset", "sitemapindex", "rss", "feed", "rdf")
_MAX_SITEMAP = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed


class ListingSpiderParams(BaseModel):
    """Spider arguments (`-a name=value`), validated before the crawl starts."""

    model_config = ConfigDict(extra="forbid")

    source: str | None = Field(
        None,
        description="Source name (see `newsscrape sources list`) or a .toml path; without it, "
        "`url` is crawled with zero configuration.",
    )
    url: list[HttpURL] = Field(
        default_factory=list,
        description="Start URL(s) instead of the source's (mirror, local copy), comma-separated.",
    )
    max_pages: int | None = Field(None, ge=1, description="Stop after this many listing pages.")
    mode: Literal["incremental", "full", "refresh"] = Field(
        "incremental",
        description="incremental: stop at known items; full: walk every page (backfill); "
        "refresh: walk every page and re-fetch known articles to catch edits.",
    )
    since: date | None = Field(
        None, description="Skip listing items dated before this day (YYYY-MM-DD)."
    )
    sources_dir: str | None = Field(None, description="Extra directory of source files.")

    @field_validator("url", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [u.strip() for u in value.split(",") if u.strip()]
        return value


def load_params(kwargs: dict[str, Any]) -> tuple[ListingSpiderParams, Source]:
    """Validate spider arguments and load the source; raise SourceError with one clear line."""
    # Arguments starting with "_" belong to the engine running the spider (Scrapyd's _job).
    ours = {k: v for k, v in kwargs.items() if not k.startswith("_")}
    try:
        params = ListingSpiderParams.model_validate(ours)
    except ValidationError as exc:
        raise SourceError(format_validation_error(exc, "bad spider arguments")) from None
    if params.source is None:
        if not params.url:
            raise SourceError("give a source (-a source=NAME) or a start URL (-a url=URL)")
        return params, Source.from_url(params.url)
    source = load_source(params.source, params.sources_dir)
    if params.url:
        source = source.with_start_urls(params.url)
    return params, source


def _failure_reason(failure: Failure) -> str:
    """What went wrong, and how many times it was tried (retries are not free to guess)."""
    exc = failure.value
    if isinstance(exc, HttpError):
        reason = f"HTTP {exc.response.status}"
    else:
        text = str(exc).strip()
        reason = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    request = getattr(failure, "request", None)
    retries = request.meta.get("retry_times", 0) if request is not None else 0
    return f"{reason} (after {retries + 1} attempts)" if retries else reason


def step_page(url: str) -> str | None:
    """The next page of a numbered listing URL (?page=N, /page/N/), or None.

    Used to step over a listing page that cannot be fetched: its "next" link is lost with
    it, but a numbered listing's next page is the number plus one.
    """
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for i, (name, value) in enumerate(query):
        if name.lower() in _PAGE_PARAMS and value.isascii() and value.isdigit() and len(value) < 19:
            query[i] = (name, str(int(value) + 1))
            return urlunsplit(parts._replace(query=urlencode(query)))
    match = _PAGE_PATH.search(parts.path)
    if match:
        path = (
            f"{parts.path[: match.start(2)]}{int(match.group(2)) + 1}{parts.path[match.end(2) :]}"
        )
        return urlunsplit(parts._replace(path=path))
    return None


_PAGE_PARAMS = ("page", "p", "pg", "paged", "pagenum", "page_num")
_PAGE_PATH = re.compile(r"(/page/)([0-9]{1,18})(?=/|$)", re.I)


class ListingSpider(scrapy.Spider):
    name = "listing"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        params, source = load_params(kwargs)
        super().__init__(*args)
        self.params = params
        self.source = source
        self.scrapyd_job: str | None = kwargs.get("_job")
        self.start_urls = list(source.start_urls)
        self.allowed_domains = list(source.allowed_domains)
        self._pages = 0
        # Links and listing pages met this crawl. Kept in `self.state` when Scrapy persists it
        # (JOBDIR), so a crawl continued after a graceful stop does not queue them again.
        self._seen_links: set[str] = set()
        self._seen_pages: set[str] = set()
        self._prior_pages: set[str] = set()
        # Zero configuration: the selectors inferred on the first listing page, reused on the
        # next ones (and inferred again where they find nothing).
        self._inferred: InferredListing | None = None
        self._api_shape: ApiShape | None = None
        self._fell_back: set[bool] = set()  # fell back in the walk (False) or a sweep (True)
        self.discovered = Discovered()
        # Distributed (Redis): requests are filtered by the shared duplicate filter, except
        # in a sweep, which re-walks the listing with sets of its own (see distributed.py).
        self.distributed = False
        self._sweep_links: set[str] = set()
        self._sweep_pages: set[str] = set()
        self._rechecks = 0  # first pages read again after the listing shifted

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ListingSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # A source's politeness overrides beat the defaults but not `-s` on the command line.
        crawler.settings.setdict(spider.source.settings, priority="spider")
        redis_url = crawler.settings.get("NEWSSCRAPE_REDIS_URL")
        if redis_url:
            spider.distributed = True
            crawler.settings.setdict(
                redis_settings(spider.source.name, redis_url), priority="spider"
            )
        return spider

    def sweep_requests(self) -> list[scrapy.Request]:
        """The start of a sweep: the listing walked again, every request unfiltered."""
        self._sweep_links.clear()
        self._sweep_pages.clear()
        source = self.source
        urls = list(self.start_urls) if source.listing is not None or source.inferred else []
        requests = [self._listing_request(url, sweep=True) for url in urls]
        requests += [
            self._listing_request(source.resolve(u), follow_always=True, sweep=True)
            for u in [*source.feeds, *source.sitemaps]
        ]
        return requests

    async def start(self) -> AsyncIterator[Any]:
        state = getattr(self, "state", None)
        if isinstance(state, dict):  # JOBDIR: share the sets with what Scrapy persists
            self._seen_links = state.setdefault("seen_links", self._seen_links)
            self._seen_pages = state.setdefault("seen_pages", set())
            self._prior_pages = set(self._seen_pages)  # walked before a graceful stop
            self._pages = state.get("pages", 0)
        source = self.source
        # With only feeds or sitemaps configured, the start URL is where relative URLs are
        # resolved, not a listing (a home page would be mistaken for one).
        if source.listing is not None or source.inferred:
            for url in self.start_urls:
                yield self._listing_request(url)
        for url in [*source.feeds, *source.sitemaps]:
            yield self._listing_request(source.resolve(url), follow_always=True)

    def _listing_request(
        self,
        url: str,
        *,
        kind: str | None = None,
        page: int | None = None,
        follow_always: bool = False,
        found: str | None = None,
        sweep: bool = False,
        recheck: bool = False,
        gap: int = 0,
        prev_keys: list[str] | None = None,
        root: tuple[str, str | None] | None = None,
    ) -> scrapy.Request:
        (self._sweep_pages if sweep else self._seen_pages).add(canonical_url(url))
        meta: dict[str, Any] = {ROLE: "listing", ROOT: root or (url, kind)}
        if sweep:
            meta[SWEEP] = True
        if recheck:
            meta[RECHECK] = True
        if gap:
            meta[GAP] = gap
        if prev_keys:
            meta[PREV_KEYS] = prev_keys
        if kind:
            meta[KIND] = kind
        if page is not None:
            meta[PAGE] = page
        if follow_always:
            meta[FOLLOW_ALWAYS] = True
        if found:  # a feed or sitemap zero-config discovery is trying
            meta[FOUND] = found
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            meta=meta,
            # The listing is walked again on every run (the corpus decides what is new), even
            # when a continued JOBDIR crawl has page 1 in its seen-requests file. Distributed
            # workers share one walk through the shared filter, except in a sweep.
            dont_filter=sweep or recheck or not self.distributed,
        )

    def _next_request(
        self, url: str | None, response: Response | scrapy.Request, **kwargs: Any
    ) -> Any:
        """The request for the next listing page, unless it loops or max_pages is reached.

        `response` is the page the link was found on (or, stepping over a page that failed,
        its request).
        """
        if not url:
            return None
        key = canonical_url(url)
        sweep = bool(response.meta.get(SWEEP))
        if response.meta.get(RECHECK):
            # Reading the shifted listing again: on while its pages still bring new links.
            if not response.meta.get(NEW_ON_PAGE):
                return None
            kwargs["recheck"] = True
        elif key in self._prior_pages and not sweep:
            return None  # the continued crawl's queue holds the rest of the walk
        elif key in (self._sweep_pages if sweep else self._seen_pages):
            report_issue(
                self.crawler, "warning", "pagination_loop", url,
                f"next page of {response.url} was already walked; pagination ends here",
            )  # fmt: skip
            return None
        max_pages = self.params.max_pages
        if max_pages is not None and self._pages >= max_pages:
            return None
        kwargs.setdefault("prev_keys", response.meta.get(PAGE_KEYS))
        kwargs.setdefault("root", response.meta.get(ROOT))
        return self._listing_request(url, sweep=sweep, **kwargs)

    # -- listing pages ------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Any listing page: HTML, a JSON load-more page, a feed or a sitemap."""
        stats = self.crawler.stats
        self._pages += 1
        stats.inc_value("newsscrape/listing/pages")
        xml = _xml_body(response)
        if xml is not None:
            yield from self._parse_xml(response, xml)
        elif response.meta.get(KIND) == "api" or _is_json(response):
            yield from self._parse_api(response)
        elif isinstance(response, TextResponse):
            yield from self._parse_html(response)
        else:
            report_issue(
                self.crawler, "warning", "empty_listing", response.url,
                "listing page is neither HTML, JSON nor XML",
            )  # fmt: skip
        state = getattr(self, "state", None)
        if isinstance(state, dict):
            state["pages"] = self._pages

    def _article_requests(
        self, entries: Iterable[ListingEntry], response: Response, *, require_article: bool = False
    ) -> list[scrapy.Request]:
        """Requests for the entries not met before in this crawl."""
        stats = self.crawler.stats
        sweep = bool(response.meta.get(SWEEP))
        seen = self._sweep_links if sweep else self._seen_links
        requests = []
        keys: list[str] = []
        for entry in entries:
            stats.inc_value("newsscrape/listing/links")
            link = strip_tracking(entry.url)
            key = canonical_url(link)
            keys.append(key)
            if key in seen:
                # The same release linked again (tracking parameters, a trailing slash, a
                # fragment, or a listing that shifted between pages): fetch it once.
                stats.inc_value("newsscrape/articles/duplicate")
                continue
            seen.add(key)
            meta: dict[str, Any] = {ROLE: "article"}
            if require_article:
                meta[REQUIRE_ARTICLE] = True
            if sweep:
                meta[SWEEP] = True
            requests.append(
                scrapy.Request(
                    link,
                    callback=self.parse_article,
                    errback=self.article_failed,
                    cb_kwargs={"entry": entry, "listing_url": response.url},
                    meta=meta,
                    priority=1,
                    dont_filter=sweep,
                )
            )
        response.meta[PAGE_KEYS] = keys
        response.meta[NEW_ON_PAGE] = len(requests)
        requests += self._check_shift(keys, response)
        return requests

    def _check_shift(self, keys: list[str], response: Response) -> list[scrapy.Request]:
        """The first page again when this page opens with the last page's tail.

        New releases published while a newest-first listing is walked push items down: the
        tail of page N turns up again at the head of page N+1, and the new releases sit on
        the pages already read. Reading the first pages again (while they bring new links)
        catches them. Items moved up by a deletion cannot be seen this way. The page read
        again is the first of this walk (ROOT): the start page, a feed, or an API's first page.
        """
        prev = response.meta.get(PREV_KEYS)
        root = response.meta.get(ROOT)
        if not prev or not root or response.meta.get(SWEEP) or response.meta.get(RECHECK):
            return []
        prev_set = set(prev)
        shifted = 0
        for key in keys:
            if key not in prev_set:
                break
            shifted += 1
        if not shifted:
            return []
        self.crawler.stats.inc_value("newsscrape/listing/shifts")
        limit = self.crawler.settings.getint("NEWSSCRAPE_SHIFT_RECHECKS", 3)
        if self._rechecks >= limit:
            report_issue(
                self.crawler, "warning", "listing_shifted", response.url,
                f"the listing shifted by {shifted} item(s) again; not re-read (limit {limit})",
            )  # fmt: skip
            return []
        self._rechecks += 1
        self.logger.info(
            "Listing shifted by %d item(s) at %s: reading its first page again",
            shifted, response.url,
        )  # fmt: skip
        url, kind = root  # the first page of this walk: a listing, a feed or an API page
        return [self._listing_request(url, kind=kind, recheck=True, root=root)]

    def _empty(self, response: Response, why: str = "listing page has no items") -> None:
        report_issue(self.crawler, "warning", "empty_listing", response.url, why)

    def _parse_html(self, response: TextResponse) -> Iterator[Any]:
        sel = make_selector(response.text, response.url)
        config = self.source.listing
        if config is not None and config.item:
            page = parse_listing(
                sel, response.url, item=config.item, link=config.link, date=config.date,
                headline=config.headline, teaser=config.teaser, next_page=config.next_page,
            )  # fmt: skip
            rows = config.item
        else:
            page, rows = self._infer_listing(sel, response)
            if rows is None:
                yield from self._fall_back(sel, response)
                return
        if not page.entries:
            self._empty(response)
        requests = self._article_requests(page.entries, response)
        yield from requests
        if config is not None:
            yield from self._configured_next(page, response, new=bool(requests))
        elif requests:
            yield from self._inferred_next(sel, response, rows)

    def _infer_listing(self, sel: Any, response: Response) -> tuple[ListingPage, str | None]:
        """Rows by the selectors inferred so far, or inferred afresh on this page."""
        stats = self.crawler.stats
        if self._inferred is not None:
            page = parse_listing(sel, response.url, **self._inferred.selectors())
            if page.entries:
                return page, self._inferred.item
        found = infer_listing(sel, response.url)
        if found is None:
            return ListingPage(), None
        stats.inc_value("newsscrape/discovery/listing")
        self.logger.info(
            "Listing inferred on %s: %d rows of %s (%.0f%% dated)",
            response.url, len(found.page.entries), found.item, 100 * found.dated,
        )  # fmt: skip
        self._inferred = found
        if self.discovered.listing is None:
            self.discovered.listing = found.selectors()
        return found.page, found.item

    def _fall_back(self, sel: Any, response: Response) -> Iterator[Any]:
        """No listing on a zero-config start page: the feeds it announces, robots.txt sitemaps."""
        sweep = bool(response.meta.get(SWEEP))
        if sweep in self._fell_back:
            self._empty(response, "no listing found on the page")
            return
        self._fell_back.add(sweep)
        feeds = feed_links(sel, response.url)
        self.crawler.stats.inc_value("newsscrape/discovery/fallback")
        self.logger.info(
            "No listing on %s; trying %d announced feed(s) and robots.txt sitemaps",
            response.url, len(feeds),
        )  # fmt: skip
        for url in feeds:
            yield self._listing_request(url, follow_always=True, found="feeds", sweep=sweep)
        yield scrapy.Request(
            urljoin(response.url, "/robots.txt"),
            callback=self.parse_robots,
            errback=self.robots_failed,
            meta={ROLE: "robots", "handle_httpstatus_list": [404], SWEEP: sweep},
            dont_filter=True,
        )

    def parse_robots(self, response: Response) -> Iterator[Any]:
        text = response.text if isinstance(response, TextResponse) else ""
        sitemaps = robots_sitemaps(text, response.url) if response.status == 200 else []
        if not sitemaps:
            sitemaps = [urljoin(response.url, "/sitemap.xml")]  # the conventional place
        sweep = bool(response.meta.get(SWEEP))
        for url in sitemaps:
            yield self._listing_request(url, follow_always=True, found="sitemaps", sweep=sweep)

    def robots_failed(self, failure: Failure) -> Iterator[Any]:
        url = urljoin(failure.request.url, "/sitemap.xml")
        sweep = bool(failure.request.meta.get(SWEEP))
        yield self._listing_request(url, follow_always=True, found="sitemaps", sweep=sweep)

    def _configured_next(self, page: ListingPage, response: Response, *, new: bool) -> Any:
        config = self.source.listing
        assert config is not None
        if config.next_page:
            yield from _some(self._next_request(page.next_url, response))
        elif config.page_url and new:
            number = response.meta.get(PAGE, config.page_start - 1) + 1
            url = self.source.resolve(config.page_url.format(page=number))
            yield from _some(self._next_request(url, response, page=number))
        elif config.api and response.meta.get(KIND) != "api":
            url = self.source.resolve(config.api.page(config.api.start))
            yield from _some(self._next_request(url, response, kind="api", page=config.api.start))

    def _inferred_next(self, sel: Any, response: Response, rows: str) -> Any:
        # Anchors inside listing rows are headlines, not pagination ("More funding for ...").
        found = find_next_page(sel, response.url, rows=rows)
        if found is None:
            return
        self.crawler.stats.inc_value(f"newsscrape/discovery/pagination/{found.how}")
        if self.discovered.pagination is None:
            self.discovered.pagination = found
            self.logger.info("Pagination inferred (%s): %s", found.how, found.url)
        kind = "api" if found.api else None
        if found.api and self.discovered.api_url is None:
            self.discovered.api_url = found.url
        yield from _some(self._next_request(found.url, response, kind=kind))

    def _parse_api(self, response: Response) -> Iterator[Any]:
        try:
            data = json.loads(response.text if isinstance(response, TextResponse) else b"")
        except (ValueError, RecursionError) as exc:  # RecursionError: nested past the limit
            report_issue(self.crawler, "error", "bad_json", response.url, f"not JSON: {exc!r:.200}")
            return
        config = self.source.listing.api if self.source.listing else None
        if config is not None:
            shape: ApiShape | None = config.shape()
        else:
            shape = self._api_shape or infer_api(data)
            if shape is not None and self._api_shape is None:
                self._api_shape = self.discovered.api = shape
                self.crawler.stats.inc_value("newsscrape/discovery/api")
        if shape is None:
            self._empty(response, "no list of linked items in the JSON")
            return
        page = read_api_page(data, response.url, shape)
        if not page.entries:
            self._empty(response)
        requests = self._article_requests(page.entries, response)
        yield from requests
        if not requests:
            return  # an empty page, or one repeating the last: the end of the list
        if page.next_url:
            yield from _some(self._next_request(page.next_url, response, kind="api"))
        elif config is not None and not config.next:
            number = response.meta.get(PAGE, config.start) + config.step
            url = self.source.resolve(config.page(number))
            yield from _some(self._next_request(url, response, kind="api", page=number))
        elif config is None:
            url = advance(response.url, len(page.entries))
            yield from _some(self._next_request(url, response, kind="api"))

    def _parse_xml(self, response: Response, body: bytes) -> Iterator[Any]:
        listing = parse_xml_listing(body, response.url)
        self.crawler.stats.inc_value(f"newsscrape/discovery/{listing.kind}")
        found = response.meta.get(FOUND)
        if found and (listing.entries or listing.follow):
            getattr(self.discovered, found).append(response.url)
        if not listing.entries and not listing.follow:
            self._empty(response, f"no entries in the {listing.kind} document")
        # A plain sitemap lists every page of a site, not only articles: check each page.
        require = listing.kind == "urlset" and not listing.news
        yield from self._article_requests(listing.entries, response, require_article=require)
        for url in listing.follow:
            if listing.kind == "sitemapindex":
                sweep = bool(response.meta.get(SWEEP))
                if canonical_url(url) not in (self._sweep_pages if sweep else self._seen_pages):
                    yield self._listing_request(url, follow_always=True, sweep=sweep)
            else:  # a feed's next page
                yield from _some(self._next_request(url, response))

    def listing_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        url = request.url
        if request.meta.get(FOUND):
            # A guess of zero-config discovery (/sitemap.xml) that is not there: not an error.
            report_issue(self.crawler, "warning", "discovery_probe", url, _failure_reason(failure))
            return
        self.crawler.stats.inc_value("newsscrape/listing/failed")
        reason = _failure_reason(failure)
        step = self._step_over(request)
        if step is not None:
            reason += f"; stepping over it to {step.url}"
        report_issue(self.crawler, "error", "listing_fetch", url, reason)
        if step is not None:
            yield step

    def _step_over(self, request: scrapy.Request) -> scrapy.Request | None:
        """The page after a listing page that failed, where its number says which it is."""
        gap = request.meta.get(GAP, 0) + 1
        if gap > self.crawler.settings.getint("NEWSSCRAPE_LISTING_GAPS", 2):
            return None
        if request.meta.get(FOLLOW_ALWAYS) or request.meta.get(RECHECK):
            return None  # feeds and sitemaps are not numbered; a re-read has done its work
        config = self.source.listing
        number = request.meta.get(PAGE)
        kind = request.meta.get(KIND)
        if config is not None and config.api and kind == "api" and number is not None:
            number += config.api.step
            url: str | None = self.source.resolve(config.api.page(number))
        elif config is not None and config.page_url and number is not None:
            number += 1
            url = self.source.resolve(config.page_url.format(page=number))
        else:
            url, number = step_page(request.url), None
        if url is None:
            return None
        self.crawler.stats.inc_value("newsscrape/listing/stepped_over")
        return self._next_request(url, request, kind=kind, page=number, gap=gap)

    # -- articles -----------------------------------------------------------------------

    def parse_article(self, response: Response, entry: ListingEntry, listing_url: str) -> Any:
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            # Listings link PDFs and images too; they are not releases we can read.
            ctype = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown"
            stats.inc_value("newsscrape/articles/failed")
            report_issue(
                self.crawler, "warning", "not_html", response.url, f"not an HTML page ({ctype})"
            )
            return None
        page = extract_article(response.text, response.url, **self.source.article.model_dump())
        if response.meta.get(REQUIRE_ARTICLE) and not _is_article(
            page, entry, [response.url, page.canonical_url], self.start_urls
        ):
            # A sitemap's /about or /contact: not an article, not a failure either.
            stats.inc_value("newsscrape/articles/not_article")
            self.logger.debug("Not an article (no date, no article markup): %s", response.url)
            return None
        return Article(
            url=response.url,
            source=self.source.name,
            fetched_at=datetime.now(UTC),
            headline=page.headline or entry.headline,
            body=page.body,
            teaser=entry.teaser,
            language=page.language or self.source.language,
            published_raw=page.date_raw or entry.date_raw,
            listing_url=listing_url,
            link_url=(response.meta.get("redirect_urls") or [None])[0],
            canonical_url=_trusted_canonical(page.canonical_url, self.start_urls),
            authors=page.authors,
        )

    def article_failed(self, failure: Failure) -> None:
        url = failure.request.url
        self.crawler.stats.inc_value("newsscrape/articles/failed")
        report_issue(self.crawler, "error", "article_fetch", url, _failure_reason(failure))


def _some(request: Any) -> list[Any]:
    return [request] if request is not None else []


def _xml_body(response: Response) -> bytes | None:
    """The body of a feed or sitemap (gunzipped), or None when the page is something else."""
    body = response.body
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=_MAX_SITEMAP)
        except (OSError, ValueError):
            return None
    return body if root_tag(body) in XML_TAGS else None


def _is_json(response: Response) -> bool:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return "json" in ctype or response.body.lstrip()[:1] in (b"{", b"[")


def _is_article(
    page: ArticlePage, entry: ListingEntry, urls: list[str | None], start_urls: list[str]
) -> bool:
    """A page found in a plain sitemap is taken for an article when it says so or is dated."""
    starts = {canonical_url(u) for u in start_urls}
    if any(u and (canonical_url(u) in starts or urlsplit(u).path in ("", "/")) for u in urls):
        return False
    return page.is_article or bool(page.date_raw or entry.date_raw)


def _trusted_canonical(url: str | None, start_urls: list[str]) -> str | None:
    """A page's rel=canonical, unless it is the kind of value a misconfigured CMS emits.

    Some sites point every page's canonical at the home page or the listing; trusting that
    would merge every release into one.
    """
    if not url:
        return None
    path = urlsplit(url).path
    if path in ("", "/"):
        return None
    if canonical_url(url) in {canonical_url(u) for u in start_urls}:
        return None
    return url
