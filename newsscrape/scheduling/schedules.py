"""Schedules in the corpus database: add, list, pause, resume, remove, and what is due.

Keeping them next to the corpus (not in a crontab) means the schedule travels with the data,
`newsscrape status` can tell an overdue source from a quiet one, and any machine that runs
`newsscrape scheduler` against the database sees the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from newsscrape.scheduling.timing import ScheduleError, describe, next_run
from newsscrape.storage.models import CrawlRun, Schedule, utcnow


@dataclass(slots=True)
class ScheduleInfo:
    id: int
    source: str
    sources_dir: str | None
    cron: str | None
    every_seconds: int | None
    mode: str
    options: dict[str, Any]
    paused: bool
    next_run_at: datetime | None
    last_started_at: datetime | None
    created_at: datetime

    @property
    def tz(self) -> str | None:
        return self.options.get("tz")

    @property
    def description(self) -> str:
        return describe(self.cron, self.every_seconds, self.tz)

    def following(self, after: datetime) -> datetime:
        return next_run(
            after,
            cron=self.cron,
            every_seconds=self.every_seconds,
            anchor=self.created_at,
            tz=self.tz,
        )


def _info(row: Any) -> ScheduleInfo:
    return ScheduleInfo(
        id=row.id,
        source=row.source,
        sources_dir=row.sources_dir,
        cron=row.cron,
        every_seconds=row.every_seconds,
        mode=row.mode,
        options=dict(row.options or {}),
        paused=bool(row.paused),
        next_run_at=row.next_run_at,
        last_started_at=row.last_started_at,
        created_at=row.created_at,
    )


class Schedules:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(
        self,
        source: str,
        *,
        cron: str | None = None,
        every_seconds: int | None = None,
        mode: str = "incremental",
        sources_dir: str | None = None,
        options: dict[str, Any] | None = None,
        now: datetime | None = None,
    ) -> ScheduleInfo:
        if bool(cron) == bool(every_seconds):
            raise ScheduleError("give exactly one of --cron and --every")
        now = now or utcnow()
        options = {k: v for k, v in (options or {}).items() if v not in (None, [], {})}
        first = next_run(now, cron=cron, every_seconds=every_seconds, anchor=now,
                         tz=options.get("tz")) if cron else now  # fmt: skip
        with self.engine.begin() as conn:
            sid = conn.scalar(
                insert(Schedule)
                .values(
                    source=source,
                    sources_dir=sources_dir,
                    cron=cron,
                    every_seconds=every_seconds,
                    mode=mode,
                    options=options,
                    paused=False,
                    next_run_at=first,
                    created_at=now,
                )
                .returning(Schedule.id)
            )
        assert sid is not None
        return self.get(sid)

    def all(self) -> list[ScheduleInfo]:
        with self.engine.connect() as conn:
            return [_info(r) for r in conn.execute(select(Schedule).order_by(Schedule.id))]

    def get(self, ref: int | str) -> ScheduleInfo:
        """A schedule by id, or by source name when that source has exactly one."""
        rows = self.all()
        if isinstance(ref, int) or str(ref).isdigit():
            found = [s for s in rows if s.id == int(ref)]
        else:
            found = [s for s in rows if s.source == ref]
        if not found:
            known = ", ".join(f"{s.id} ({s.source})" for s in rows) or "none yet"
            raise ScheduleError(f"no schedule {ref!r}; schedules: {known}")
        if len(found) > 1:
            ids = ", ".join(str(s.id) for s in found)
            raise ScheduleError(f"{ref!r} has several schedules ({ids}): give the id")
        return found[0]

    def set_paused(self, ref: int | str, paused: bool, now: datetime | None = None) -> ScheduleInfo:
        schedule = self.get(ref)
        values: dict[str, Any] = {"paused": paused}
        if not paused:  # resuming does not replay what was missed while paused
            values["next_run_at"] = schedule.following(now or utcnow())
        with self.engine.begin() as conn:
            conn.execute(update(Schedule).where(Schedule.id == schedule.id).values(**values))
        return self.get(schedule.id)

    def remove(self, ref: int | str) -> ScheduleInfo:
        """Delete a schedule; its past runs stay, no longer linked to it."""
        schedule = self.get(ref)
        with self.engine.begin() as conn:
            conn.execute(
                update(CrawlRun).where(CrawlRun.schedule_id == schedule.id).values(schedule_id=None)
            )
            conn.execute(delete(Schedule).where(Schedule.id == schedule.id))
        return schedule

    def due(self, now: datetime) -> list[ScheduleInfo]:
        """Active schedules whose time has come, the longest-waiting first."""
        waiting = [s for s in self.all() if not s.paused and s.next_run_at and s.next_run_at <= now]
        return sorted(waiting, key=lambda s: (s.next_run_at, s.id))

    def claim(self, schedule: ScheduleInfo, now: datetime) -> bool:
        """Take a due run: move the due time past `now` unless another scheduler already did.

        A conditional update, so two schedulers on one corpus never start the same run, and a
        backlog of missed runs collapses into this one.
        """
        with self.engine.begin() as conn:
            claimed = conn.execute(
                update(Schedule)
                .where(Schedule.id == schedule.id, Schedule.next_run_at == schedule.next_run_at)
                .values(last_started_at=now, next_run_at=schedule.following(now))
            ).rowcount
        return claimed == 1
