"""Scrapy item pipelines, in ITEM_PIPELINES order: normalize, dates, dedup, store.

Each one is thin: the work is done by pure functions in `newsscrape.extraction` and by
`newsscrape.storage.Store`, so it can be tested without a crawl.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self


@contextmanager
def timed(stats: Any, stage: str) -> Iterator[None]:
    """Add the time spent in a stage to `newsscrape/time/<stage>` (seconds), for `make bench`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        stats.inc_value(f"newsscrape/time/{stage}", time.perf_counter() - start)


class CrawlerPipeline:
    """Base for our pipelines: they keep the crawler for its stats, signals and spider."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> Self:
        return cls(crawler)
