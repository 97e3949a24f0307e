"""The crawl-run recorder: one row per crawl, with its counts, failures and warnings.

An extension (wired in EXTENSIONS) rather than pipeline code, because a run spans more than
items: it opens with the spider, collects issues sent by spiders and pipelines through the
`crawl_issue` signal, and closes with the finish reason. It also owns the corpus Store for
the crawl, which the store pipeline borrows.
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

from scrapy import signals
from scrapy.exceptions import CloseSpider
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.task import LoopingCall

from newsscrape.logmask import mask_text
from newsscrape.signals import crawl_issue, report_issue
from newsscrape.storage import history
from newsscrape.storage.db import DatabaseError, make_engine, mask_url
from newsscrape.storage.db import ensure_schema as ensure_db_schema
from newsscrape.storage.store import Store

logger = logging.getLogger(__name__)

# Finish reasons that mean "the crawl did what it was asked".
_SUCCESS = {"finished", "closespider_pagecount", "closespider_itemcount", "closespider_timeout"}
_INTERRUPTED = {"shutdown", "cancelled"}
_ISSUE_BATCH = 100
_ISSUES_HELD = 10_000  # issues kept in memory while the database cannot take them
_CLOSE_TRIES = 5  # recording the run's end: tries, _CLOSE_PAUSE seconds apart
_CLOSE_PAUSE = 2.0


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _why(failure: Any) -> str:
    exc = getattr(failure, "value", failure)
    return f"{type(exc).__name__}: {_first_line(exc)}"


def _stat(stats: Any, key: str) -> int:
    return int(stats.get_value(key, 0) or 0)


class RunRecorder:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.store: Store | None = None
        self.run_id: int | None = None
        # Effective mode, and the first run whose articles are not "known" (see incremental).
        self.mode = "incremental"
        self.baseline_run = 0
        self._issues: list[dict[str, Any]] = []
        self._heartbeat = LoopingCall(self.beat)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.on_issue, signal=crawl_issue)
        crawler.signals.connect(self.on_spider_error, signal=signals.spider_error)
        crawler.signals.connect(self.on_item_error, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunRecorder:
        return cls(crawler)

    def on_spider_error(self, failure: Any, response: Any, spider: Any = None) -> None:
        """A page our code could not parse: Scrapy only logs it; the run must say so."""
        self.crawler.stats.inc_value("newsscrape/articles/failed")
        url = getattr(response, "url", None)
        report_issue(self.crawler, "error", "parse_error", url, _why(failure))

    def on_item_error(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        """An article a pipeline stage raised on: dropped by Scrapy, recorded here."""
        self.crawler.stats.inc_value("newsscrape/articles/failed")
        url = getattr(item, "url", None) or getattr(response, "url", None)
        report_issue(self.crawler, "error", "pipeline_error", url, _why(failure))

    def spider_opened(self, spider: Any) -> None:
        url = self.crawler.settings.get("NEWSSCRAPE_DATABASE_URL")
        try:
            engine = make_engine(url)
            if ensure_db_schema(engine) == "created":
                logger.info("created the corpus schema in %s", mask_url(engine.url))
        except DatabaseError as exc:
            logger.error("%s", exc)
            self.crawler.stats.set_value("newsscrape/error", str(exc))
            raise CloseSpider("database_error") from None
        self.store = Store(engine)
        source = spider.source
        settings = self.crawler.settings
        params = getattr(spider, "params", None)
        self.mode = getattr(params, "mode", "incremental")
        sid = self.store.source_id(source.name, source.title)
        for dead in history.mark_dead_runs(engine, sid):
            logger.warning(
                "crawl run %s of %s was killed; recorded as interrupted", dead, source.name
            )
        self.run_id = self.store.start_run(
            source.name,
            source.title,
            [mask_text(u) for u in spider.start_urls],  # a start URL may carry credentials
            mode=self.mode,
            trigger="scrapyd"
            if getattr(spider, "scrapyd_job", None)
            else settings.get("NEWSSCRAPE_TRIGGER") or "manual",
            schedule_id=settings.getint("NEWSSCRAPE_SCHEDULE_ID") or None,
            host=history.this_host(),
            pid=os.getpid(),
            log_path=str(settings.get("LOG_FILE")) if settings.get("LOG_FILE") else None,
        )
        point = history.resume_point(engine, sid, self.run_id)
        self.baseline_run = point.baseline
        if point.from_run is not None:
            if point.from_mode in ("full", "refresh") and self.mode == "incremental":
                self.mode = point.from_mode  # finish the backfill that was interrupted
            self.store.update_run(self.run_id, resumed_from_id=point.from_run, mode=self.mode)
            self.crawler.stats.set_value("newsscrape/resumed_from", point.from_run)
            logger.info(
                "resuming after run %s (%s): articles it stored are skipped, not counted as known",
                point.from_run,
                self.mode,
            )
        self.crawler.stats.set_value("newsscrape/run_id", self.run_id)
        self.crawler.stats.set_value("newsscrape/mode", self.mode)
        self._heartbeat.start(history.HEARTBEAT_SECONDS, now=False)
        logger.info(
            "crawl run %s: source %s into %s (%s)",
            self.run_id,
            source.name,
            mask_url(engine.url),
            self.mode,
        )

    def beat(self) -> None:
        """Tell the world this run is alive (a killed run stops beating)."""
        if self.store is None or self.run_id is None:
            return
        try:
            history.heartbeat(self.store.engine, self.run_id)
        except SQLAlchemyError as exc:  # a busy or lost database must not stop the crawl
            logger.warning("heartbeat of run %s not recorded: %s", self.run_id, exc)

    def on_issue(self, severity: str, kind: str, url: str | None, reason: str) -> None:
        level = logging.WARNING if severity == "warning" else logging.ERROR
        logger.log(level, "%s %s: %s", kind, url or "", reason)
        self._issues.append(
            {"severity": severity, "kind": kind, "url": url, "reason": reason[:2000]}
        )
        if len(self._issues) >= _ISSUE_BATCH:
            self._flush_issues()

    def _flush_issues(self, *, strict: bool = False) -> None:
        """Write the pending issues; kept for the next try while the database is away
        (`strict`: and the error raised, for the caller to retry)."""
        if self.store is None or self.run_id is None or not self._issues:
            return
        try:
            self.store.record_issues(self.run_id, self._issues)
        except SQLAlchemyError as exc:
            if len(self._issues) > _ISSUES_HELD:  # they are in the log too; memory is bounded
                self.crawler.stats.inc_value("newsscrape/issues/unrecorded", len(self._issues))
                self._issues = []
            logger.warning("issues of run %s not recorded yet: %s", self.run_id, _first_line(exc))
            if strict:
                raise
            return
        self._issues = []

    def counts(self) -> dict[str, int]:
        stats = self.crawler.stats
        return {
            "pages": _stat(stats, "newsscrape/listing/pages"),
            "found": _stat(stats, "newsscrape/listing/links"),
            "new": _stat(stats, "newsscrape/articles/new"),
            "updated": _stat(stats, "newsscrape/articles/updated"),
            "unchanged": _stat(stats, "newsscrape/articles/unchanged"),
            "duplicates": _stat(stats, "newsscrape/articles/duplicate"),
            "failed": _stat(stats, "newsscrape/articles/failed")
            + _stat(stats, "newsscrape/articles/deadletter"),
            "warnings": _stat(stats, "newsscrape/issues/warning"),
            "quotes": _stat(stats, "newsscrape/quotes/stored"),
            "skipped": _stat(stats, "newsscrape/articles/skipped"),
            "errors": _stat(stats, "newsscrape/issues/error"),
            **{
                field: _stat(stats, f"newsscrape/coverage/{field}")
                for field in ("parsed", "with_date", "with_headline", "with_body", "with_quotes")
            },
        }

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self._heartbeat.running:
            self._heartbeat.stop()
        if self.store is None or self.run_id is None:
            return
        # The database may be away at the very end: wait a little for it, then say what is
        # lost from the run's record (nothing of the corpus: refused batches are in the
        # dead-letter file) and leave the row to be marked interrupted by the next look.
        for attempt in range(_CLOSE_TRIES):
            try:
                self._finish(reason)
                return
            except SQLAlchemyError as exc:
                error = exc
                if attempt + 1 < _CLOSE_TRIES:
                    time.sleep(_CLOSE_PAUSE)
        logger.error(
            "crawl run %s could not be recorded as finished (%s); counts: %s; dead-letter file: %s",
            self.run_id,
            _first_line(error),
            self.counts(),
            self.crawler.stats.get_value("newsscrape/deadletter_file") or "none",
        )

    def _finish(self, reason: str) -> None:
        assert self.store is not None and self.run_id is not None
        self._flush_issues(strict=True)
        counts = self.counts()
        if reason in _SUCCESS:
            status = (
                "failed"
                if _stat(self.crawler.stats, "newsscrape/articles/deadletter")
                else ("succeeded")
            )
        elif reason in _INTERRUPTED:
            status = "interrupted"
        else:
            status = "failed"
        date_min, date_max = self.store.run_date_range(self.run_id)
        stats = json.loads(json.dumps(self.crawler.stats.get_stats(), default=str))
        self.store.finish_run(
            self.run_id,
            status=status,
            reason=reason,
            date_min=date_min,
            date_max=date_max,
            stats=stats,
            deadletter_path=self.crawler.stats.get_value("newsscrape/deadletter_file"),
            **counts,
        )
        logger.info(
            "crawl run %s %s (%s): %s",
            self.run_id,
            status,
            reason,
            ", ".join(f"{k} {v}" for k, v in counts.items()),
        )
