"""A writer process for the store pipeline: database work on another core than the crawl.

Scrapy's engine, parsing and our extraction share one Python thread; a writer thread would
share its GIL too (measured: slower on SQLite). A process of its own gives the database's
Python work (SQLAlchemy, the batch classification) a core to itself; the crawl only pickles
each batch. Functions here run in that process; errors come back as plain text, since driver
exceptions do not always survive pickling.
"""

from __future__ import annotations

import time
from typing import Any

_store: Any = None


def init(database_url: str) -> None:
    """Process initializer: one engine and Store for the life of the writer."""
    global _store
    from newsscrape.storage.db import make_engine
    from newsscrape.storage.store import Store

    _store = Store(make_engine(database_url))


def write(batch: list[Any], run_id: int) -> tuple[list[str] | None, float, str | None]:
    """Write one batch with this process's store (see `write_with`)."""
    return write_with(_store, batch, run_id)


def write_with(
    store: Any, batch: list[Any], run_id: int
) -> tuple[list[str] | None, float, str | None]:
    """Write one batch: (outcome values, seconds, None) or (None, seconds, error text)."""
    start = time.perf_counter()
    try:
        outcomes = store.write_articles(batch, run_id)
    except Exception as exc:  # sent back to the crawl, which dead-letters the batch
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else ""
        return None, time.perf_counter() - start, f"{type(exc).__name__}: {reason}"
    return [o.value for o in outcomes], time.perf_counter() - start, None
