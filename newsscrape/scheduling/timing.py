"""When a schedule is due: cron expressions (croniter) and fixed intervals ("every 6h").

Pure functions on aware datetimes, so the scheduler can be driven by a fake clock in tests.
Cron expressions are read in the schedule's time zone (UTC unless given): "0 6 * * *" in
Europe/Berlin means six in the morning there, summer or winter.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_EVERY = re.compile(r"(\d+)\s*([smhdw])", re.IGNORECASE)


class ScheduleError(ValueError):
    """A schedule that cannot be understood; the message names what is wrong."""


def parse_every(text: str) -> int:
    """ "6h", "90m", "1d12h", "30s" → seconds."""
    cleaned = text.strip().lower().replace(" ", "")
    parts = _EVERY.findall(cleaned)
    if not parts or "".join(f"{n}{u}" for n, u in parts) != cleaned:
        raise ScheduleError(
            f"--every {text!r}: expected a duration such as 30s, 15m, 6h, 1d or 1d12h"
        )
    seconds = sum(int(n) * _UNITS[u] for n, u in parts)
    if seconds < 1:
        raise ScheduleError(f"--every {text!r}: the interval must be at least one second")
    return seconds


def check_cron(expr: str) -> str:
    expr = " ".join(expr.split())
    if len(expr.split()) != 5 or not croniter.is_valid(expr):
        raise ScheduleError(
            f"--cron {expr!r}: not a five-field cron expression (minute hour day month weekday),"
            ' e.g. "0 */6 * * *"'
        )
    return expr


def check_tz(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(f"--tz {name!r}: not a time zone name such as Europe/Berlin") from None
    return name


def next_run(
    after: datetime,
    *,
    cron: str | None = None,
    every_seconds: int | None = None,
    anchor: datetime | None = None,
    tz: str | None = None,
) -> datetime:
    """The first due time strictly after `after` (aware, UTC).

    Intervals are counted from `anchor` (when the schedule was made), so "every 6h" keeps its
    rhythm whatever the runs' durations; after downtime the next time is in the future, which
    is how a missed run is caught up once and not N times.
    """
    if cron:
        zone = ZoneInfo(tz) if tz else UTC
        return croniter(cron, after.astimezone(zone)).get_next(datetime).astimezone(UTC)
    if not every_seconds:
        raise ScheduleError("a schedule needs --cron or --every")
    step = timedelta(seconds=every_seconds)
    start = anchor or after
    if after < start:
        return start
    periods = (after - start) // step + 1
    return start + periods * step


def interval_seconds(cron: str | None, every_seconds: int | None, now: datetime) -> float:
    """The nominal time between runs (for cron: the gap between the next two)."""
    if every_seconds:
        return float(every_seconds)
    first = next_run(now, cron=cron)
    return (next_run(first, cron=cron) - first).total_seconds()


def describe(cron: str | None, every_seconds: int | None, tz: str | None = None) -> str:
    if cron:
        return f"cron {cron}" + (f" ({tz})" if tz else " (UTC)")
    seconds = every_seconds or 0
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0 and seconds >= size:
            return f"every {seconds // size}{unit}"
    return f"every {seconds}s"
