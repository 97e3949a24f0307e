"""`newsscrape scheduler`: start due crawls as separate processes, one per source at a time.

Each crawl is its own `newsscrape crawl` process (Scrapy's reactor runs once per process, and
a crash in one crawl must not take the others down), with its output in a log file per run.
The loop is driven by `tick(now)`, so tests can run it on a fake clock.

- A schedule is claimed in the database before its crawl starts (a conditional update), so
  two schedulers on one corpus never start the same due run twice.
- A source with a live run (ours, or any host's, judged by heartbeat) is not started again;
  its schedule stays due and starts when the source is free.
- After downtime a schedule's due time is in the past: it runs once and its next time is
  computed from now, so N missed runs become one.
- SIGTERM/SIGINT: no new crawls; running ones get SIGTERM (Scrapy stops gracefully and the run
  is recorded as interrupted, to be finished by the next run) and SIGKILL after a grace
  period; with `on_stop="wait"` they are left to finish instead.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from newsscrape import logmask
from newsscrape.scheduling.schedules import ScheduleInfo, Schedules
from newsscrape.storage import history
from newsscrape.storage.models import utcnow

logger = logging.getLogger(__name__)

# Settings whose values are URLs with passwords, and the environment variable a crawl reads
# each from: passed there, not on the crawl's command line.
_SECRET_SETTINGS = {"NEWSSCRAPE_REDIS_URL": "REDIS_URL"}


@dataclass(slots=True)
class Child:
    process: subprocess.Popen[bytes]
    schedule_id: int
    source: str
    started: datetime
    log_path: Path


def crawl_command(schedule: ScheduleInfo, log_path: Path) -> list[str]:
    """The `newsscrape crawl` command line a schedule runs.

    Without the database URL: a command line is readable by every user of the machine
    (`ps`, /proc) and ends up in process listings and monitoring, so the URL, password
    included, goes to the crawl in its environment (`crawl_environment`).
    """
    opts = schedule.options
    cmd = [sys.executable, "-m", "newsscrape", "crawl", opts.get("ref") or schedule.source]
    cmd += ["--trigger", "scheduler", "--schedule-id", str(schedule.id)]
    cmd += ["--log-file", str(log_path)]
    if schedule.mode != "incremental":
        cmd.append(f"--{schedule.mode}")
    if schedule.sources_dir:
        cmd += ["--sources-dir", schedule.sources_dir]
    for url in opts.get("urls", []):
        cmd += ["--url", url]
    if opts.get("max_pages"):
        cmd += ["--max-pages", str(opts["max_pages"])]
    for name, value in (opts.get("settings") or {}).items():
        if name not in _SECRET_SETTINGS:
            cmd += ["-s", f"{name}={value}"]
    return cmd


def crawl_environment(
    schedule: ScheduleInfo, db_url: str, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of a scheduled crawl: the scheduler's, plus the URLs it connects to.

    The crawl reads DATABASE_URL when it gets no --db (see `storage.db.resolve_url`), and
    REDIS_URL for a schedule made with `-s NEWSSCRAPE_REDIS_URL=...` (see settings.py).
    """
    env = dict(os.environ if base is None else base)
    env["DATABASE_URL"] = db_url
    for name, value in (schedule.options.get("settings") or {}).items():
        if name in _SECRET_SETTINGS:
            env[_SECRET_SETTINGS[name]] = str(value)
    return env


class Scheduler:
    def __init__(
        self,
        engine: Engine,
        db_url: str,
        *,
        max_parallel: int = 2,
        log_dir: Path = Path("logs"),
        grace: float = 60.0,
        on_stop: str = "interrupt",
        clock: Callable[[], datetime] = utcnow,
        env: dict[str, str] | None = None,
    ) -> None:
        self.engine = engine
        self.db_url = db_url
        self.schedules = Schedules(engine)
        self.max_parallel = max_parallel
        self.log_dir = log_dir
        self.grace = grace
        self.on_stop = on_stop
        self.clock = clock
        self.env = env
        self.children: list[Child] = []
        self.stopping = False

    # -- one step ---------------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> list[Child]:
        """Reap finished crawls, then start what is due and allowed; returns what started."""
        now = now or self.clock()
        self.reap()
        started = []
        for schedule in self.schedules.due(now):
            if len(self.children) >= self.max_parallel:
                break
            if self._busy(schedule.source):
                continue
            if not self.schedules.claim(schedule, now):
                continue  # another scheduler took it
            started.append(self._launch(schedule, now))
        return started

    def _busy(self, source: str) -> bool:
        if any(c.source == source for c in self.children):
            return True
        return bool(history.running_runs(self.engine, source))

    def _launch(self, schedule: ScheduleInfo, now: datetime) -> Child:
        folder = self.log_dir / re.sub(r"[^\w.-]+", "_", schedule.source)
        folder.mkdir(parents=True, exist_ok=True)
        log_path = folder / f"{now:%Y%m%dT%H%M%S}-schedule{schedule.id}.log"
        command = crawl_command(schedule, log_path)
        with log_path.open("ab") as log:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C in the terminal reaches the scheduler only
                env=crawl_environment(schedule, self.db_url, self.env),
            )
        child = Child(process, schedule.id, schedule.source, now, log_path)
        self.children.append(child)
        logger.info(
            "started %s (schedule %s, pid %s), log %s",
            schedule.source,
            schedule.id,
            process.pid,
            log_path,
        )
        return child

    def reap(self) -> list[Child]:
        done = [c for c in self.children if c.process.poll() is not None]
        for child in done:
            self.children.remove(child)
            code = child.process.returncode
            level = logging.INFO if code == 0 else logging.WARNING
            logger.log(level, "%s (pid %s) exited with %s", child.source, child.process.pid, code)
        if any(c.process.returncode and c.process.returncode < 0 for c in done):
            history.mark_dead_runs(self.engine)  # killed crawls could not record their end
        return done

    # -- the long-running loop --------------------------------------------------------

    def run_forever(self, tick_seconds: float = 5.0) -> None:
        # Months of logged database hiccups (with tracebacks): none may show the password.
        logmask.install()

        def stop(signum: int, _frame: Any) -> None:
            logger.info("received %s: no new crawls", signal.Signals(signum).name)
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not self.stopping:
            try:
                self.tick()
            except Exception:  # a database hiccup must not end months of collection
                logger.exception("scheduler tick failed; retrying in %s s", tick_seconds)
            deadline = time.monotonic() + tick_seconds
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(min(0.2, tick_seconds))
        self.shutdown()

    def shutdown(self) -> None:
        """Let running crawls finish (on_stop="wait") or stop them gracefully, then hard."""
        self.reap()
        if not self.children:
            return
        if self.on_stop == "wait":
            logger.info("waiting for %d running crawl(s) to finish", len(self.children))
            for child in self.children:
                child.process.wait()
        else:
            logger.info("stopping %d running crawl(s)", len(self.children))
            for child in self.children:
                _signal(child, signal.SIGTERM)
            deadline = time.monotonic() + self.grace
            while time.monotonic() < deadline and any(
                c.process.poll() is None for c in self.children
            ):
                time.sleep(0.2)
            for child in self.children:
                if child.process.poll() is None:
                    logger.warning("%s did not stop in %s s: killing it", child.source, self.grace)
                    _signal(child, signal.SIGKILL)
                    child.process.wait()
        self.reap()
        history.mark_dead_runs(self.engine)


def _signal(child: Child, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(child.process.pid, signum)
