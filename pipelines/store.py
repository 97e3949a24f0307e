"""Write articles to the corpus in batches; what cannot be written goes to a dead-letter file.

Batching amortises transactions (one commit per NEWSSCRAPE_BATCH_SIZE articles). If the
database fails, the batch is not dropped: it is appended to a JSON Lines file named in the log
and on the crawl run, from which it can be written later.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals
from sqlalchemy.exc import SQLAlchemyError

from newsscrape.items import Article
from newsscrape.runs import RunRecorder
from newsscrape.signals import report_issue
from newsscrape.storage.speakers import SpeakerDirectory
from pipelines import CrawlerPipeline, timed

logger = logging.getLogger(__name__)


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


class StorePipeline(CrawlerPipeline):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.batch_size = max(1, crawler.settings.getint("NEWSSCRAPE_BATCH_SIZE", 50))
        self.deadletter_dir = Path(crawler.settings.get("NEWSSCRAPE_DEADLETTER_DIR", "deadletter"))
        self.pending: list[Article] = []
        self.recorder: RunRecorder | None = None
        # An idle crawl writes what it holds: a distributed worker waiting for the others
        # must not sit on a batch the sweep would then fetch again.
        crawler.signals.connect(self.flush_when_idle, signal=signals.spider_idle)

    def open_spider(self, spider: Any = None) -> None:
        self.recorder = self.crawler.get_extension(RunRecorder)
        if self.recorder is None:
            raise RuntimeError("StorePipeline needs the newsscrape.runs.RunRecorder extension")

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, Article):
            item = Article(**ItemAdapter(item).asdict())
        self._count_coverage(item)
        self.pending.append(item)
        if len(self.pending) >= self.batch_size:
            self.flush()
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

    def close_spider(self, spider: Any = None) -> None:
        self.flush()
        self.resolve_speakers()

    def resolve_speakers(self) -> None:
        """Join the names quoted this run to known identities (rules in speakers.identity).

        Quotes are already committed; a failure here only postpones the merges to the next
        run or to `newsscrape speakers resolve`, so it is logged, not raised.
        """
        store = self.recorder.store if self.recorder else None
        if store is None or not self.crawler.stats.get_value("newsscrape/quotes/stored"):
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
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        assert self.recorder is not None
        store, run_id = self.recorder.store, self.recorder.run_id
        stats = self.crawler.stats
        try:
            if store is None or run_id is None:
                raise RuntimeError("the corpus database is not open")
            with timed(stats, "database"):
                outcomes = store.write_articles(batch, run_id)
        except (SQLAlchemyError, RuntimeError, OSError) as exc:
            self._dead_letter(batch, exc)
            return
        for article, outcome in zip(batch, outcomes, strict=True):
            stats.inc_value(f"newsscrape/articles/{outcome.value}")
            if outcome.value in ("new", "updated"):
                stored = sum(1 for q in article.quotes if q.get("kind") == "quote")
                stats.inc_value("newsscrape/quotes/stored", stored)

    def _dead_letter(self, batch: list[Article], exc: Exception) -> None:
        """Keep a batch the database refused, and say where it is."""
        assert self.recorder is not None
        source = getattr(self.crawler.spider, "name", "crawl")
        path = self.deadletter_dir / f"{source}-run{self.recorder.run_id or 0}.jsonl"
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                for article in batch:
                    data = asdict(article) if is_dataclass(article) else dict(article)
                    fh.write(json.dumps(data, default=_json_default, ensure_ascii=False) + "\n")
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
