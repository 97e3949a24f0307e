"""Incremental crawling: fetch only what is new, stop paginating once the listing is known.

Kept out of the spider, as zyte-spider-templates does: the spider walks the listing and asks
for every release; this spider middleware, with a small manager that asks the corpus what it
holds, decides which of those requests go out. Modes (spider argument `mode`):

- incremental (default): known articles are not fetched again, and pagination stops after
  NEWSSCRAPE_STOP_AFTER consecutive listing items that were stored before this crawl began.
- full: walk every listing page (a backfill), still without re-fetching known articles.
- refresh: walk every page and re-fetch known articles, so edits are stored as revisions.

`since` (a date) skips listing items dated earlier and stops when a whole page is older.
Articles stored by an interrupted run (one this crawl resumes) are skipped but do not count
towards the stop: otherwise a crawl killed after storing the newest pages would, on restart,
stop at once and never reach the pages it had not walked.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from sqlalchemy.exc import SQLAlchemyError

from newsscrape.distributed import SWEEP
from newsscrape.extraction.dates import parse_date
from newsscrape.extraction.urls import canonical_url
from newsscrape.signals import report_issue
from newsscrape.storage.history import known_articles

logger = logging.getLogger(__name__)

MODES = ("incremental", "full", "refresh")
ROLE = "newsscrape_role"  # request meta: "listing" or "article"
# Request meta: a listing request the incremental stop must not drop (the child sitemaps of a
# sitemap index are parts of one listing, not older pages of it).
FOLLOW_ALWAYS = "newsscrape_follow_always"


class IncrementalManager:
    """What the corpus already holds, asked one listing page at a time (memory stays flat)."""

    def __init__(self, engine: Any, baseline_run: int) -> None:
        self.engine = engine
        self.baseline_run = baseline_run

    def classify(self, urls: list[str]) -> dict[str, str]:
        """Map each URL to "new", "known" (stored before this crawl) or "resumed"."""
        keys = {url: canonical_url(url) for url in urls}
        known = known_articles(self.engine, list(keys.values()))
        result = {}
        for url, key in keys.items():
            first_run = known.get(key)
            if first_run is None:
                result[url] = "new"
            elif first_run < self.baseline_run:
                result[url] = "known"
            else:
                result[url] = "resumed"
        return result


class IncrementalMiddleware:
    """Spider middleware over the listing callback's output."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stop_after = crawler.settings.getint("NEWSSCRAPE_STOP_AFTER", 10)
        self.streak = 0
        self._manager: IncrementalManager | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> IncrementalMiddleware:
        if not crawler.settings.getbool("NEWSSCRAPE_INCREMENTAL", True):
            raise NotConfigured
        return cls(crawler)

    def _context(self) -> tuple[IncrementalManager | None, str, date | None]:
        from newsscrape.runs import RunRecorder

        recorder = self.crawler.get_extension(RunRecorder)
        spider = self.crawler.spider
        since = getattr(getattr(spider, "params", None), "since", None)
        if recorder is None or recorder.store is None or recorder.run_id is None:
            return None, "full", since
        if self._manager is None:
            self._manager = IncrementalManager(recorder.store.engine, recorder.baseline_run)
        return self._manager, recorder.mode, since

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        yield from self._filter(response, list(result))

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        outputs = [output async for output in result]
        for output in self._filter(response, outputs):
            yield output

    def _filter(self, response: Any, outputs: list[Any]) -> list[Any]:
        """One listing page's requests, minus the known articles and perhaps the next page."""
        if response.meta.get(ROLE) != "listing" or not outputs:
            return outputs
        manager, mode, since = self._context()
        if manager is None:
            return outputs
        spider = self.crawler.spider
        articles = [o for o in outputs if isinstance(o, Request) and o.meta.get(ROLE) == "article"]
        stats = self.crawler.stats
        try:
            status = manager.classify([r.url for r in articles])
        except SQLAlchemyError as exc:
            # The corpus cannot be asked: fetch the page's articles as new (the store sorts
            # out what it holds, or dead-letters them) and keep walking the listing.
            stats.inc_value("newsscrape/incremental/unavailable")
            report_issue(
                self.crawler, "warning", "corpus_unavailable", response.url,
                "could not ask the corpus what it holds; fetching every article on the page: "
                + str(getattr(exc, "orig", None) or exc).strip().splitlines()[0],
            )  # fmt: skip
            status = {r.url: "new" for r in articles}
        dropped: set[int] = set()
        dated = old = 0
        for request in articles:
            day = _entry_day(request, spider) if since is not None else None
            if day is not None:
                dated += 1
                if day < since:
                    old += 1
                    stats.inc_value("newsscrape/articles/before_since")
                    dropped.add(id(request))
                    continue
            state = status[request.url]
            if state == "new":
                self.streak = 0
            elif mode == "refresh" and not (state == "resumed" and request.meta.get(SWEEP)):
                stats.inc_value("newsscrape/articles/refetched")
            else:
                dropped.add(id(request))
                stats.inc_value("newsscrape/articles/skipped")
                if state == "known":
                    self.streak += 1
        stop = None
        if mode == "incremental" and self.streak >= self.stop_after:
            stop = f"{self.streak} consecutive listing items already stored"
        elif since is not None and dated and old == dated:
            stop = f"every dated item on the page is older than {since.isoformat()}"
        kept = []
        for output in outputs:
            if id(output) in dropped:
                continue
            if (
                stop
                and isinstance(output, Request)
                and output.meta.get(ROLE) == "listing"
                and not output.meta.get(FOLLOW_ALWAYS)
            ):
                stats.set_value("newsscrape/listing/stopped", stop)
                logger.info("Not following %s: %s", output.url, stop)
                continue
            kept.append(output)
        return kept


def _entry_day(request: Request, spider: Any) -> date | None:
    entry = request.cb_kwargs.get("entry")
    raw = getattr(entry, "date_raw", None)
    if not raw:
        return None
    source = getattr(spider, "source", None)
    languages, order = source.date_hints() if source is not None else (None, None)
    parsed = parse_date(raw, languages=languages, date_order=order)
    return parsed.day if parsed else None
