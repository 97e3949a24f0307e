"""Write articles to the corpus in batches; what cannot be written goes to a dead-letter file.

Batching amortises transactions (one commit per NEWSSCRAPE_BATCH_SIZE articles). Batches are
written in order by a writer process (`newsscrape.storage.writer`), so the database's Python
work runs on another core while the crawl goes on fetching and parsing; a thread would share
the crawl's GIL (measured slower). NEWSSCRAPE_WRITER: "process", "inline" (the crawl's own
thread) or "auto" (the default): inline for the first NEWSSCRAPE_WRITER_AFTER articles, so a
short crawl does not pay the process's start-up (about 0.6 s), then the writer process. An
in-memory SQLite database is always written inline (another process would not see it). A
writer process that cannot start or dies falls back to inline writing. At most
NEWSSCRAPE_WRITES_IN_FLIGHT batches wait, after which items are held back, so memory stays
bounded when the database is slower than the crawl. If the database fails, the batch is
not dropped: it is appended to a JSON Lines file named in the log and on the crawl run, from
which it can be written later. Closing the spider waits for every batch.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import defer

from newsscrape import replay
from newsscrape.items import Article
from newsscrape.runs import RunRecorder
from newsscrape.signals import report_issue
from newsscrape.storage import writer
from newsscrape.storage.models import utcnow
from newsscrape.storage.speakers import SpeakerDirectory
from pipelines import CrawlerPipeline, timed

logger = logging.getLogger(__name__)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _shared_database(url: Any) -> bool:
    """Whether another process opening this URL reaches the same database."""
    if url.get_backend_name() != "sqlite":
        return True
    database = url.database or ""
    return bool(database) and database != ":memory:" and "mode=memory" not in database


class StorePipeline(CrawlerPipeline):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.batch_size = max(1, crawler.settings.getint("NEWSSCRAPE_BATCH_SIZE", 50))
        self.deadletter_dir = Path(crawler.settings.get("NEWSSCRAPE_DEADLETTER_DIR", "deadletter"))
        self.pending: list[Article] = []
        self.recorder: RunRecorder | None = None
        self.max_in_flight = max(1, crawler.settings.getint("NEWSSCRAPE_WRITES_IN_FLIGHT", 2))
        self.in_flight: list[defer.Deferred[None]] = []
        self.mode = crawler.settings.get("NEWSSCRAPE_WRITER", "auto")
        if self.mode not in ("auto", "process", "inline"):
            raise ValueError(f"NEWSSCRAPE_WRITER: auto, process or inline, not {self.mode!r}")
        self.writer_after = crawler.settings.getint("NEWSSCRAPE_WRITER_AFTER", 200)
        self.inline_written = 0
        self.executor: ProcessPoolExecutor | None = None
        # An idle crawl writes what it holds: a distributed worker waiting for the others
        # must not sit on a batch the sweep would then fetch again.
        crawler.signals.connect(self.flush_when_idle, signal=signals.spider_idle)

    def open_spider(self, spider: Any = None) -> None:
        self.recorder = self.crawler.get_extension(RunRecorder)
        if self.recorder is None:
            raise RuntimeError("StorePipeline needs the newsscrape.runs.RunRecorder extension")

    def _start_writer(self) -> None:
        """Start the writer process (the corpus is open by then, so its URL is known)."""
        assert self.recorder is not None and self.recorder.store is not None
        self.mode = "inline"  # once: a writer that cannot start is not tried again
        url = self.recorder.store.engine.url.render_as_string(hide_password=False)
        try:
            self.executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=writer.init,
                initargs=(url,),
            )
        except (OSError, ValueError) as exc:
            logger.warning("No writer process (%s); writing in the crawl's thread", exc)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            item = Article(**ItemAdapter(item).asdict())
        self._count_coverage(item)
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
            if len(self.in_flight) > self.max_in_flight:
                # The database is behind: hold this item until the oldest batch is written.
                waiting: defer.Deferred[Any] = defer.Deferred()
                self.in_flight[0].addBoth(lambda _: waiting.callback(item))
                return waiting
        return item

    def flush_when_idle(self, spider: Any = None) -> None:
        if self.pending:
            self.flush()

    def _count_coverage(self, article: Article) -> None:
        """Which fields the parser found: a drop against the source's history means breakage."""
        inc = self.crawler.stats.inc_value
        inc("newsscrape/coverage/parsed")
        if article.published_date is not None:
            inc("newsscrape/coverage/with_date")
        if article.headline:
            inc("newsscrape/coverage/with_headline")
        if any(p.strip() for p in article.body):
            inc("newsscrape/coverage/with_body")
        if any(q.get("kind") == "quote" for q in article.quotes):
            inc("newsscrape/coverage/with_quotes")

    async def close_spider(self, spider: Any = None) -> None:
        self.flush()
        while self.in_flight:
            await maybe_deferred_to_future(self.in_flight[0])
        if self.executor is not None:
            self.executor.shutdown(wait=True)
        self.resolve_speakers()

    def resolve_speakers(self) -> None:
        """Join the names quoted this run to known identities (rules in speakers.identity).

        Quotes are already committed; a failure here only postpones the merges to the next
        run or to `newsscrape speakers resolve`, so it is logged, not raised.
        """
        store = self.recorder.store if self.recorder else None
        if store is None:
            return
        # A run that resumes a killed one also resolves: the killed run may have stored its
        # last quotes and died before resolving them.
        resumed = self.crawler.stats.get_value("newsscrape/resumed_from") is not None
        if not (self.crawler.stats.get_value("newsscrape/quotes/stored") or resumed):
            return
        try:
            with timed(self.crawler.stats, "speakers"):
                merged = SpeakerDirectory(store.engine).resolve()
        except SQLAlchemyError as exc:
            logger.error("Speaker resolution failed, run `newsscrape speakers resolve`: %s", exc)
            return
        self.crawler.stats.set_value("newsscrape/speakers/merged", len(merged))
        for proposal in merged:
            logger.info("Speakers %s and %s merged: %s", proposal.a, proposal.b, proposal.reason)

    def flush(self) -> None:
        """Hand the pending batch to the writer; outcomes are counted when it is written."""
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        assert self.recorder is not None
        run_id = self.recorder.run_id
        if self.recorder.store is None or run_id is None:
            self._dead_letter(batch, RuntimeError("the corpus database is not open"))
            return
        done: defer.Deferred[Any] = defer.Deferred()
        if self._writer_due(len(batch)):
            self._start_writer()
        if self.executor is not None:
            try:
                future = self.executor.submit(writer.write, batch, run_id)
            except (BrokenProcessPool, RuntimeError) as exc:
                self._inline_from_now_on(exc)
            else:
                from twisted.internet import reactor  # Scrapy's, installed by now

                future.add_done_callback(
                    lambda f: reactor.callFromThread(self._settle, done, f, batch, run_id)
                )
        if self.executor is None:
            done.callback(self._write_inline(batch, run_id))
            self.crawler.stats.inc_value("newsscrape/writer/inline_articles", len(batch))
        done.addCallback(self._written, batch)
        self.in_flight.append(done)
        done.addBoth(self._forget, done)

    def _writer_due(self, size: int) -> bool:
        """Whether to start the writer process now (see the module docstring)."""
        if self.mode == "inline":
            return False
        assert self.recorder is not None and self.recorder.store is not None
        if not _shared_database(self.recorder.store.engine.url):
            self.mode = "inline"
            return False
        if self.mode == "auto":
            self.inline_written += size
            return self.inline_written > self.writer_after
        return True

    def _write_inline(self, batch: list[Article], run_id: int) -> tuple[Any, float, str | None]:
        assert self.recorder is not None and self.recorder.store is not None
        return writer.write_with(self.recorder.store, batch, run_id)

    def _settle(self, done: defer.Deferred[Any], future: Any, batch: list, run_id: int) -> None:
        """In the reactor thread: the writer's answer, or its death (then write here)."""
        try:
            result = future.result()
            self.crawler.stats.inc_value("newsscrape/writer/process_articles", len(batch))
        except BrokenProcessPool as exc:
            self._inline_from_now_on(exc)
            result = self._write_inline(batch, run_id)
        except Exception as exc:  # e.g. the batch could not be sent: never leave it unwritten
            logger.error("writer process: %r; writing this batch in the crawl's thread", exc)
            result = self._write_inline(batch, run_id)
        done.callback(result)

    def _inline_from_now_on(self, exc: BaseException) -> None:
        if self.executor is not None:
            logger.error("The writer process failed (%s); writing in the crawl's thread", exc)
            self.crawler.stats.inc_value("newsscrape/writer/failed")
            self.executor.shutdown(wait=False, cancel_futures=False)
            self.executor = None

    def _forget(self, result: Any, done: defer.Deferred[None]) -> Any:
        self.in_flight.remove(done)
        return result

    def _written(self, result: tuple[list[str] | None, float, str | None], batch: list) -> None:
        values, seconds, error = result
        stats = self.crawler.stats
        stats.inc_value("newsscrape/time/database", seconds)
        if values is None:
            self._dead_letter(batch, RuntimeError(error or "unknown error"))
            return
        for article, value in zip(batch, values, strict=True):
            stats.inc_value(f"newsscrape/articles/{value}")
            if value in ("new", "updated"):
                stored = sum(1 for q in article.quotes if q.get("kind") == "quote")
                stats.inc_value("newsscrape/quotes/stored", stored)

    def _dead_letter(self, batch: list[Article], exc: Exception) -> None:
        """Keep a batch the database refused, and say where it is."""
        assert self.recorder is not None
        spider = self.crawler.spider
        source = getattr(getattr(spider, "source", None), "name", None) or "crawl"
        path = (self.deadletter_dir / f"{source}-run{self.recorder.run_id or 0}.jsonl").absolute()
        reason = (str(getattr(exc, "orig", None) or exc).splitlines() or [repr(exc)])[0]
        meta = {"run_id": self.recorder.run_id, "reason": reason, "at": utcnow().isoformat()}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                for article in batch:
                    data = asdict(article) if is_dataclass(article) else dict(article)
                    data[replay.META_KEY] = meta
                    fh.write(json.dumps(data, default=_json_default, ensure_ascii=False) + "\n")
                fh.flush()
                os.fsync(fh.fileno())  # the only copy of these articles: make it durable
        except OSError as write_exc:
            logger.critical(
                "could not store %d articles (%s) nor write them to %s (%s): %s",
                len(batch),
                reason,
                path,
                write_exc,
                [a.url for a in batch],
            )
            raise
        self.crawler.stats.inc_value("newsscrape/articles/deadletter", len(batch))
        self.crawler.stats.set_value("newsscrape/deadletter_file", str(path))
        logger.error("could not store %d articles (%s); kept in %s", len(batch), reason, path)
        for article in batch:
            report_issue(
                self.crawler, "error", "store_failed", article.url, f"{reason}; kept in {path}"
            )
