"""Crawl history: which runs are alive, where an interrupted crawl resumes, what is known.

A crawl killed with SIGKILL cannot write its own ending, so liveness is inferred: a run left
"running" whose process is gone (same host) or whose heartbeat stopped (any host) is recorded
as interrupted the next time anyone looks. Resuming needs no state outside the database: the
next crawl of the source walks the listing again, skips what is stored, and does not let the
articles of the interrupted runs count as "already known" when deciding where to stop.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select, update

from newsscrape.storage.models import ArticleRow, ArticleURL, CrawlRun, SourceRow, utcnow
from newsscrape.storage.store import chunks

# A live crawl beats every HEARTBEAT seconds; silence for STALE_AFTER means it died.
HEARTBEAT_SECONDS = 30
STALE_AFTER = timedelta(minutes=5)


def this_host() -> str:
    return socket.gethostname()


def pid_alive(pid: int) -> bool:
    """Whether a process exists on this machine (signal 0 checks without signalling)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is just not ours
    return True


def is_dead(run: CrawlRun, now: datetime, host: str) -> bool:
    """A "running" row whose crawl can no longer be running."""
    if run.status != "running":
        return False
    if run.host == host and run.pid is not None and run.pid != os.getpid():
        return not pid_alive(run.pid)
    last_sign = run.heartbeat_at or run.started_at
    return now - last_sign > STALE_AFTER


def mark_dead_runs(engine: Engine, source_id: int | None = None) -> list[int]:
    """Record runs that were killed as interrupted; returns their ids."""
    now, host = utcnow(), this_host()
    query = select(CrawlRun).where(CrawlRun.status == "running")
    if source_id is not None:
        query = query.where(CrawlRun.source_id == source_id)
    with engine.begin() as conn:
        dead = [run.id for run in conn.execute(query) if is_dead(run, now, host)]
        if dead:
            conn.execute(
                update(CrawlRun)
                .where(CrawlRun.id.in_(dead), CrawlRun.status == "running")
                .values(
                    status="interrupted",
                    finish_reason="killed",
                    finished_at=func.coalesce(CrawlRun.heartbeat_at, CrawlRun.started_at),
                )
            )
    return dead


def heartbeat(engine: Engine, run_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(heartbeat_at=utcnow()))


def running_runs(engine: Engine, source: str) -> list[CrawlRun]:
    """Runs of a source that are alive now (dead ones are marked interrupted first)."""
    with engine.connect() as conn:
        sid = conn.scalar(select(SourceRow.id).where(SourceRow.name == source))
    if sid is None:
        return []
    mark_dead_runs(engine, sid)
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(CrawlRun).where(CrawlRun.source_id == sid, CrawlRun.status == "running")
            )
        )


@dataclass(slots=True)
class ResumePoint:
    """Where a new run of a source starts from.

    `baseline` is the first run whose articles do not count as known-before-this-crawl (the
    earliest of the unfinished runs since the last success, or the new run itself);
    `from_run` is the interrupted or failed run being finished, with its mode.
    """

    baseline: int
    from_run: int | None = None
    from_mode: str | None = None


def resume_point(engine: Engine, source_id: int, new_run_id: int) -> ResumePoint:
    """Walk back over the source's runs that did not succeed, to the last one that did."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(CrawlRun.id, CrawlRun.status, CrawlRun.mode)
            .where(CrawlRun.source_id == source_id, CrawlRun.id < new_run_id)
            .order_by(CrawlRun.id.desc())
            .limit(1000)
        ).all()
    point = ResumePoint(baseline=new_run_id)
    for run_id, status, mode in rows:
        if status in ("succeeded", "running"):
            break
        point = ResumePoint(baseline=run_id, from_run=point.from_run or run_id, from_mode=mode)
    return point


def known_articles(engine: Engine, urls: Sequence[str]) -> dict[str, int]:
    """For each stored URL among `urls`, the run that first stored its article."""
    found: dict[str, int] = {}
    unique = sorted(set(urls))
    with engine.connect() as conn:
        for chunk in chunks(unique):
            rows = conn.execute(
                select(ArticleURL.url, ArticleRow.first_run_id)
                .join(ArticleRow, ArticleRow.id == ArticleURL.article_id)
                .where(ArticleURL.url.in_(chunk))
            )
            found.update({url: first or 0 for url, first in rows})
    return found
