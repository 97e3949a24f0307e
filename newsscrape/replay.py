"""Write a dead-letter file into the corpus: the articles a crawl could not store.

When the database fails in the middle of a crawl, the store pipeline appends each refused
batch to a JSON Lines file (one article per line, as the pipelines left it, quotes included,
with a `_deadletter` record of run, reason and time). Replaying it later writes the articles
exactly as the crawl would have: same classification, same deduplication, one transaction
per batch. Replaying twice is harmless (the second time everything is "unchanged"), so a
replay cut short is simply run again.

Each source in the file gets a crawl run of its own (trigger "replay", the file as its start
URL), so `newsscrape runs` shows when and what was replayed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from newsscrape.items import Article
from newsscrape.storage.store import Store

META_KEY = "_deadletter"  # per line: {"run_id", "reason", "at"}; not an Article field
_FIELDS = {f.name for f in fields(Article)}


@dataclass
class ReplayResult:
    outcomes: Counter[str] = field(default_factory=Counter)  # new, updated, unchanged, duplicate
    runs: dict[str, int] = field(default_factory=dict)  # source -> replay run id
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # line number, why

    @property
    def written(self) -> int:
        return sum(self.outcomes.values())


def article_from_json(data: dict[str, Any]) -> Article:
    """An Article from one dead-letter line (dates come back from their ISO text)."""
    values = {k: v for k, v in data.items() if k in _FIELDS}
    missing = {"url", "source", "fetched_at"} - values.keys()
    if missing:
        raise ValueError(f"missing {', '.join(sorted(missing))}")
    values["fetched_at"] = datetime.fromisoformat(values["fetched_at"])
    if values.get("published_date"):
        values["published_date"] = date.fromisoformat(values["published_date"])
    return Article(**values)


def read_deadletter(path: Path) -> Iterator[tuple[int, Article | str]]:
    """(line number, article) per line, or (line number, why) for a line that cannot be read."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                yield number, article_from_json(json.loads(line))
            except (ValueError, TypeError) as exc:
                yield number, f"{type(exc).__name__}: {exc}"


def replay(
    engine: Engine,
    path: Path,
    *,
    batch_size: int = 50,
    progress: Callable[[int], None] | None = None,
) -> ReplayResult:
    """Write every readable article of a dead-letter file; database errors propagate.

    Articles are grouped by source (a file is written per crawl, so usually one) and written
    in batches, each one transaction; what was written before an error stays written.
    """
    result = ReplayResult()
    by_source: dict[str, list[Article]] = defaultdict(list)
    for number, item in read_deadletter(path):
        if isinstance(item, str):
            result.unreadable.append((number, item))
        else:
            by_source[item.source].append(item)
    store = Store(engine)
    for source, articles in by_source.items():
        run_id = store.start_run(source, None, [str(path.resolve())], trigger="replay")
        result.runs[source] = run_id
        counts: Counter[str] = Counter()
        quotes = 0
        status, reason = "failed", "database_error"
        try:
            for start in range(0, len(articles), batch_size):
                batch = articles[start : start + batch_size]
                outcomes = store.write_articles(batch, run_id)
                for article, outcome in zip(batch, outcomes, strict=True):
                    counts[outcome.value] += 1
                    if outcome.value in ("new", "updated"):
                        quotes += sum(1 for q in article.quotes if q.get("kind") == "quote")
                if progress:
                    progress(len(batch))
            status, reason = "succeeded", "finished"
        finally:
            result.outcomes.update(counts)
            try:
                store.finish_run(
                    run_id, status=status, reason=reason, new=counts["new"],
                    updated=counts["updated"], unchanged=counts["unchanged"],
                    duplicates=counts["duplicate"], parsed=len(articles),
                    quotes=quotes,
                )  # fmt: skip
            except Exception:  # the database is still down: the write error is the news
                if status == "succeeded":
                    raise
    return result
