"""Live progress for interactive crawls: one status line on stderr, refreshed from the stats.

Enabled by NEWSSCRAPE_PROGRESS (the CLI turns it on when stderr is a terminal); logs and
non-interactive runs are left alone.
"""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet.task import LoopingCall


class LiveProgress:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.live = Live(Text(""), console=Console(stderr=True), transient=True)
        self.loop = LoopingCall(self.refresh)
        self.started = time.monotonic()
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> LiveProgress:
        if not crawler.settings.getbool("NEWSSCRAPE_PROGRESS"):
            raise NotConfigured
        return cls(crawler)

    def opened(self, spider: Any) -> None:
        self.started = time.monotonic()
        self.live.start()
        self.loop.start(0.5)

    def refresh(self) -> None:
        get = self.crawler.stats.get_value
        elapsed = max(time.monotonic() - self.started, 1e-6)
        stored = sum(
            int(get(f"newsscrape/articles/{k}", 0) or 0)
            for k in ("new", "updated", "unchanged", "duplicate")
        )
        self.live.update(
            Text(
                f"pages {get('newsscrape/listing/pages', 0)} · articles {stored} "
                f"(new {get('newsscrape/articles/new', 0)}, "
                f"skipped {get('newsscrape/articles/skipped', 0)}) · "
                f"quotes {get('newsscrape/quotes/stored', 0)} · "
                f"errors {get('newsscrape/issues/error', 0)} · "
                f"warnings {get('newsscrape/issues/warning', 0)} · "
                f"{get('response_received_count', 0) / elapsed:.1f} pages/s"
            )
        )

    def closed(self, spider: Any, reason: str) -> None:
        if self.loop.running:
            self.loop.stop()
        self.live.stop()
