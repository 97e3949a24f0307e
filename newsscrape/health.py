"""Is a source healthy? Judged from its own run history, so no per-site thresholds are needed.

The failure that costs researchers most is silent: the site changes its markup, the crawl
"succeeds" and the collection goes empty or loses its dates. So beyond failed runs, a run is
compared with the same source's earlier runs: a listing that yields no items, or a field
(date, headline, body, quotes) found far less often than usual, is flagged as probable
markup breakage. Pure functions over run records; the CLI reads them from the database.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

FIELDS = ("date", "headline", "body", "quotes")
MIN_SAMPLE = 3  # articles parsed in a run before its coverage means anything
HISTORY = 10  # earlier runs the coverage is compared with
DROP = 0.5  # flagged when coverage falls below half of the usual
USUAL_FLOOR = 0.5  # ... and only for fields the source usually has
MOST_FAILED = 0.5  # share of fetched articles that failed


@dataclass(slots=True)
class Health:
    state: str = "ok"  # ok | warning | unhealthy
    reasons: list[str] = field(default_factory=list)

    def flag(self, state: str, reason: str) -> None:
        order = ("ok", "warning", "unhealthy")
        if order.index(state) > order.index(self.state):
            self.state = state
        self.reasons.append(reason)


def coverage(run: Any, name: str) -> float | None:
    parsed = run.parsed or 0
    if parsed < MIN_SAMPLE:
        return None
    return (getattr(run, f"with_{name}") or 0) / parsed


def ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    seconds = max((now - when).total_seconds(), 0)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit} ago"
    return f"{seconds:.0f}s ago"


def assess(
    runs: Sequence[Any],
    now: datetime,
    *,
    interval: float | None = None,
    scheduled_since: datetime | None = None,
) -> Health:
    """Health of one source from its runs, newest first (CrawlRun rows or look-alikes).

    `interval` is the schedule's nominal seconds between runs, if it has an active one.
    """
    health = Health()
    finished = [r for r in runs if r.status != "running"]
    if not finished:
        waited = (
            scheduled_since
            and interval
            and now - scheduled_since > timedelta(seconds=2 * interval + 3600)
        )
        if waited:
            health.flag("unhealthy", "scheduled but no run has finished yet")
        else:
            health.flag("warning", "no finished run yet")
        return health
    last = finished[0]
    if last.status == "failed":
        health.flag("unhealthy", f"last run {last.id} failed ({last.finish_reason})")
    elif last.status == "interrupted":
        health.flag(
            "warning",
            f"last run {last.id} was interrupted ({last.finish_reason}); the next run finishes it",
        )
    if last.status != "interrupted":
        _judge_output(last, finished[1:], health)
    successes = [r for r in finished if r.status == "succeeded"]
    if interval:
        last_ok = successes[0].finished_at if successes else None
        allowed = timedelta(seconds=max(3 * interval, interval + 3600))
        since = last_ok or scheduled_since
        if since is not None and now - since > allowed:
            health.flag(
                "unhealthy",
                f"no successful run since {ago(last_ok, now)} (due every {interval / 3600:.3g}h)",
            )
    return health


def _judge_output(last: Any, earlier: Sequence[Any], health: Health) -> None:
    if last.pages == 0:
        health.flag("unhealthy", f"run {last.id} could not read any listing page")
        return
    if last.found == 0:
        health.flag(
            "unhealthy",
            f"run {last.id} read {last.pages} listing page(s) but found no items: "
            "probable markup breakage (check the listing selectors)",
        )
        return
    fetched = (last.found or 0) - (last.skipped or 0) - (last.duplicates or 0)
    if fetched >= MIN_SAMPLE and (last.failed or 0) > MOST_FAILED * fetched:
        health.flag("unhealthy", f"run {last.id}: {last.failed} of {fetched} articles failed")
    history = [r for r in earlier if r.status == "succeeded"][:HISTORY]
    for name in FIELDS:
        now_share = coverage(last, name)
        past = [c for r in history if (c := coverage(r, name)) is not None]
        if now_share is None or not past:
            continue
        usual = statistics.median(past)
        if usual >= USUAL_FLOOR and now_share < DROP * usual:
            health.flag(
                "unhealthy",
                f"run {last.id}: {name} found in {now_share:.0%} of articles "
                f"(usually {usual:.0%}): probable markup breakage",
            )
