"""A writer process for the store pipeline: database work on another core than the crawl.

Scrapy's engine, parsing and our extraction share one Python thread; a writer thread would
share its GIL too (measured: slower on SQLite). A process of its own gives the database's
Python work (SQLAlchemy, the batch classification) a core to itself; the crawl only pickles
each batch. Functions here run in that process; errors come back as plain text, since driver
exceptions do not always survive pickling.

The writer ends with the crawl, however the crawl ends: a crawl killed with SIGKILL cannot
shut it down (see `_exit_with_parent`).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from typing import Any

_store: Any = None


def init(database_url: str) -> None:
    """Process initializer: one engine and Store for the life of the writer."""
    global _store
    _exit_with_parent()  # first: a crawl may die while this process is still starting
    from newsscrape.storage.db import make_engine
    from newsscrape.storage.store import Store

    _store = Store(make_engine(database_url))


def write(batch: list[Any], run_id: int) -> tuple[list[str] | None, float, str | None]:
    """Write one batch with this process's store (see `write_with`)."""
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():
        os._exit(1)  # the crawl is gone: its queued batches are fetched again by the next one
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


def _exit_with_parent() -> None:
    """End this process as soon as the crawl that started it is gone.

    A ProcessPoolExecutor worker waits on its call queue, whose pipe it holds both ends of, so
    the death of the crawl (SIGKILL, OOM killer) never reaches it: it would live on for good,
    an orphan holding a database connection. multiprocessing gives each child a sentinel that
    becomes ready when its parent ends; a daemon thread waits on it and ends the process at
    once. A batch being written then is rolled back by the database (one batch, one
    transaction), as if the writer had been killed with the crawl; the next crawl fetches it
    again. Outside a multiprocessing child (the crawl writing inline) there is no parent.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns when the parent process has ended
        os._exit(1)

    threading.Thread(target=watch, name="newsscrape-writer-parent", daemon=True).start()
