"""The listing spider: walk a paginated listing, visit every release, yield Articles.

Crawl flow only. Reading pages is done by `newsscrape.extraction.pages`, deciding what is new
by the store; this class decides what to fetch next and reports what failed.

    scrapy crawl listing -a source=amnesty-ca [-a url=URL[,URL]] [-a max_pages=N]
        [-a mode=incremental|full|refresh] [-a since=YYYY-MM-DD]

Which requests actually go out (known articles, where pagination stops) is decided by
`newsscrape.incremental.IncrementalMiddleware`, not here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

import scrapy
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsscrape.extraction.pages import ListingEntry, parse_article, parse_listing
from newsscrape.extraction.urls import canonical_url, strip_tracking
from newsscrape.incremental import ROLE
from newsscrape.items import Article
from newsscrape.signals import report_issue
from newsscrape.sources import (
    HttpURL,
    Source,
    SourceError,
    format_validation_error,
    load_source,
)


class ListingSpiderParams(BaseModel):
    """Spider arguments (`-a name=value`), validated before the crawl starts."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="Source name (see `newsscrape sources list`) or a .toml path.")
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
    source = load_source(params.source, params.sources_dir)
    if params.url:
        source = source.with_start_urls(params.url)
    return params, source


def _failure_reason(failure: Failure) -> str:
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


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

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ListingSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # A source's politeness overrides beat the defaults but not `-s` on the command line.
        crawler.settings.setdict(spider.source.settings, priority="spider")
        return spider

    async def start(self) -> AsyncIterator[Any]:
        state = getattr(self, "state", None)
        if isinstance(state, dict):  # JOBDIR: share the sets with what Scrapy persists
            self._seen_links = state.setdefault("seen_links", self._seen_links)
            self._seen_pages = state.setdefault("seen_pages", set())
            self._prior_pages = set(self._seen_pages)  # walked before a graceful stop
            self._pages = state.get("pages", 0)
        for url in self.start_urls:
            yield self._listing_request(url)

    def _listing_request(self, url: str) -> scrapy.Request:
        # dont_filter: the listing is walked again on every run (the corpus decides what is
        # new), even when a continued JOBDIR crawl has page 1 in its seen-requests file.
        self._seen_pages.add(canonical_url(url))
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.listing_failed,
            meta={ROLE: "listing"},
            dont_filter=True,
        )

    # -- listing pages ------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Any]:
        stats = self.crawler.stats
        self._pages += 1
        stats.inc_value("newsscrape/listing/pages")
        page = parse_listing(response.text, response.url, **self.source.listing.model_dump())
        if not page.entries:
            report_issue(
                self.crawler, "warning", "empty_listing", response.url, "listing page has no items"
            )
        for entry in page.entries:
            stats.inc_value("newsscrape/listing/links")
            link = strip_tracking(entry.url)
            key = canonical_url(link)
            if key in self._seen_links:
                # The same release linked again (tracking parameters, a trailing slash, a
                # fragment, or a listing that shifted between pages): fetch it once.
                stats.inc_value("newsscrape/articles/duplicate")
                continue
            self._seen_links.add(key)
            yield scrapy.Request(
                link,
                callback=self.parse_article,
                errback=self.article_failed,
                cb_kwargs={"entry": entry, "listing_url": response.url},
                meta={ROLE: "article"},
                priority=1,
            )
        state = getattr(self, "state", None)
        if isinstance(state, dict):
            state["pages"] = self._pages
        max_pages = self.params.max_pages
        next_key = canonical_url(page.next_url) if page.next_url else None
        if next_key in self._prior_pages:
            pass  # the continued crawl's queue holds the rest of the walk
        elif next_key in self._seen_pages:
            report_issue(
                self.crawler, "warning", "pagination_loop", page.next_url,
                f"next page of {response.url} was already walked; pagination ends here",
            )  # fmt: skip
        elif page.next_url and (max_pages is None or self._pages < max_pages):
            yield self._listing_request(page.next_url)

    def listing_failed(self, failure: Failure) -> None:
        url = failure.request.url
        self.crawler.stats.inc_value("newsscrape/listing/failed")
        report_issue(self.crawler, "error", "listing_fetch", url, _failure_reason(failure))

    # -- articles -----------------------------------------------------------------------

    def parse_article(self, response: Response, entry: ListingEntry, listing_url: str) -> Any:
        if not isinstance(response, TextResponse):
            # Listings link PDFs and images too; they are not releases we can read.
            ctype = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown"
            self.crawler.stats.inc_value("newsscrape/articles/failed")
            report_issue(
                self.crawler, "warning", "not_html", response.url, f"not an HTML page ({ctype})"
            )
            return None
        page = parse_article(response.text, response.url, **self.source.article.model_dump())
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
        )

    def article_failed(self, failure: Failure) -> None:
        url = failure.request.url
        self.crawler.stats.inc_value("newsscrape/articles/failed")
        report_issue(self.crawler, "error", "article_fetch", url, _failure_reason(failure))


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
