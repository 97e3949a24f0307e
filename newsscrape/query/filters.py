"""Filters shared by the CLI and the Python API, checked before any SQL is built.

Every value that reaches the database is a bound parameter; these functions only decide
what the values are, and fail with a message that names the option and the bad value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


class FilterError(ValueError):
    """A filter value the user must fix; the message is shown as is."""


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_day(value: str | date | None, option: str, *, end: bool = False) -> date | None:
    """`2021`, `2021-02` or `2021-02-11`; a partial date means its first day (or its last
    day, for `--until`), so `--since 2021-02 --until 2021-02` is the month of February."""
    if value is None or isinstance(value, date):
        return value
    match = _DATE.match(value.strip())
    if not match:
        raise FilterError(f"{option}: {value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            if not end:
                return date(year, month, 1)
            nxt = date(year + month // 12, month % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(year, month, day)
    except ValueError as exc:
        raise FilterError(f"{option}: {value!r} is not a date ({exc})") from exc


@dataclass(slots=True)
class Filters:
    """What to select. `None` means "no filter"."""

    speaker: str | None = None
    org: str | None = None
    source: str | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None
    limit: int | None = None
    sort: str = "date"  # date | relevance

    @classmethod
    def build(
        cls,
        *,
        speaker: str | None = None,
        org: str | None = None,
        source: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        search: str | None = None,
        limit: int | None = None,
        sort: str = "date",
    ) -> Filters:
        filters = cls(
            speaker=speaker or None,
            org=org or None,
            source=source or None,
            since=parse_day(since, "--since"),
            until=parse_day(until, "--until", end=True),
            search=search if search and search.strip() else None,
            limit=limit,
            sort=sort,
        )
        if sort not in ("date", "relevance"):
            raise FilterError(f"--sort: {sort!r} is not one of: date, relevance")
        if sort == "relevance" and not filters.search:
            raise FilterError("--sort relevance needs --search")
        if filters.since and filters.until and filters.since > filters.until:
            raise FilterError(f"--since {filters.since} is after --until {filters.until}")
        if limit is not None and limit < 1:
            raise FilterError(f"--limit: {limit} must be at least 1")
        return filters
