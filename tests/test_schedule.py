"""Schedules, the scheduler, run history and health: real CLI, real processes, real rows."""

from __future__ import annotations

import itertools
import json
import shutil
import signal
import sqlite3
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from newsscrape.fixture_server import FixtureServer
from newsscrape.health import assess
from newsscrape.scheduling.scheduler import Scheduler
from newsscrape.scheduling.schedules import Schedules
from newsscrape.scheduling.timing import ScheduleError, check_cron, next_run, parse_every
from newsscrape.storage.db import make_engine
from newsscrape.storage.models import utcnow

from .conftest import CLI, FIXTURES, LISTING_PATH, copy_site, crawl_cli, run_cli

T0 = datetime(2026, 11, 25, 10, 17, 30, tzinfo=UTC)


# -- timing (pure) ---------------------------------------------------------------------


def test_cron_next_run_is_the_next_slot_in_its_time_zone() -> None:
    assert next_run(T0, cron="0 */6 * * *") == datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    # 06:00 in Berlin is 05:00 UTC in winter and 04:00 UTC in summer.
    assert next_run(T0, cron="0 6 * * *", tz="Europe/Berlin").hour == 5
    summer = datetime(2026, 7, 1, tzinfo=UTC)
    assert next_run(summer, cron="0 6 * * *", tz="Europe/Berlin").hour == 4


def test_a_backlog_of_missed_intervals_becomes_one_run() -> None:
    anchor = T0 - timedelta(days=3, minutes=5)
    after = next_run(T0, every_seconds=6 * 3600, anchor=anchor)
    assert T0 < after <= T0 + timedelta(hours=6)
    assert (after - anchor) % timedelta(hours=6) == timedelta(0)  # keeps its rhythm


@pytest.mark.parametrize("text,seconds", [("30s", 30), ("15m", 900), ("6h", 21600),
                                          ("1d12h", 129600), ("1 w", 604800)])  # fmt: skip
def test_every_accepts_durations(text: str, seconds: int) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["6x", "", "h", "0s", "6h-1m"])
def test_every_rejects_what_is_not_a_duration(text: str) -> None:
    with pytest.raises(ScheduleError, match="--every"):
        parse_every(text)


@pytest.mark.parametrize("expr", ["61 * * * *", "* * *", "every day", "0 0 * * * *"])
def test_bad_cron_is_refused(expr: str) -> None:
    with pytest.raises(ScheduleError, match="five-field cron"):
        check_cron(expr)


# -- health (pure, on run records) ---------------------------------------------------------


def _run(run_id: int, **kw: Any) -> SimpleNamespace:
    base = dict(id=run_id, status="succeeded", finish_reason="finished", pages=3, found=40,
                skipped=0, duplicates=0, failed=0, parsed=40, with_date=40, with_headline=40,
                with_body=40, with_quotes=30, finished_at=T0 - timedelta(hours=run_id))  # fmt: skip
    base.update(kw)
    return SimpleNamespace(**base)


def test_a_normal_history_is_healthy() -> None:
    runs = [_run(1), _run(2), _run(3)]
    assert assess(runs, T0).state == "ok"


def test_listing_without_items_is_flagged_as_markup_breakage() -> None:
    health = assess([_run(1, found=0, parsed=0), _run(2)], T0)
    assert health.state == "unhealthy"
    assert "probable markup breakage" in health.reasons[0]


def test_coverage_far_below_the_sources_history_is_flagged() -> None:
    health = assess([_run(1, with_date=2), _run(2), _run(3)], T0)
    assert health.state == "unhealthy"
    assert "date found in 5% of articles (usually 100%)" in health.reasons[0]
    # A source that never had quotes is not flagged for having none.
    quiet = [_run(1, with_quotes=0), _run(2, with_quotes=0)]
    assert assess(quiet, T0).state == "ok"
    # An incremental run with nothing new has no coverage to judge.
    assert assess([_run(1, parsed=0, skipped=40), _run(2)], T0).state == "ok"


def test_failed_interrupted_and_overdue() -> None:
    assert assess([_run(1, status="failed", finish_reason="database_error")], T0).state == (
        "unhealthy"
    )
    assert assess([_run(1, status="interrupted", finish_reason="killed"), _run(2)], T0).state == (
        "warning"
    )
    old = [_run(1, finished_at=T0 - timedelta(days=2))]
    assert assess(old, T0, interval=6 * 3600).state == "unhealthy"
    assert assess(old, T0, interval=86400).state == "ok"


# -- schedules through the CLI ---------------------------------------------------------


def test_schedule_commands(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    added = run_cli("schedule", "add", "amnesty-ca", "--cron", "0 */6 * * *", "--db", db)
    assert added.returncode == 0, added.stderr
    assert "Schedule 1: amnesty-ca cron 0 */6 * * * (UTC) (incremental)" in added.stdout
    run_cli("schedule", "add", "amnesty-ca", "--every", "1d", "--refresh", "--db", db)
    listed = run_cli("schedule", "list", "--db", db).stdout
    assert "every 1d" in listed and "refresh" in listed and ":00:00" in listed
    ambiguous = run_cli("schedule", "pause", "amnesty-ca", "--db", db)
    assert ambiguous.returncode == 1 and "several schedules (1, 2)" in ambiguous.stderr
    assert run_cli("schedule", "pause", "2", "--db", db).returncode == 0
    assert "paused" in run_cli("schedule", "list", "--db", db).stdout
    assert "resumed; next run" in run_cli("schedule", "resume", "2", "--db", db).stdout
    assert run_cli("schedule", "remove", "1", "--db", db).returncode == 0
    assert "cron" not in run_cli("schedule", "list", "--db", db).stdout
    for bad, message in (
        (["--cron", "61 * * * *"], "five-field cron"),
        (["--every", "6x"], "expected a duration"),
        ([], "exactly one of --cron and --every"),
        (["--every", "1h", "--tz", "Mars/Olympus"], "not a time zone"),
    ):
        result = run_cli("schedule", "add", "amnesty-ca", *bad, "--db", db)
        assert result.returncode == 1 and message in result.stderr, result.stderr
    unknown = run_cli("schedule", "add", "no-such-source", "--every", "1h", "--db", db)
    assert unknown.returncode == 1 and "no-such-source" in unknown.stderr


# -- the scheduler ---------------------------------------------------------------------


def _local_options(server: FixtureServer, delay: float = 0.0) -> dict[str, Any]:
    return {
        "urls": [server.url + LISTING_PATH],
        "settings": {"DOWNLOAD_DELAY": delay, "AUTOTHROTTLE_ENABLED": False,
                     "CONCURRENT_REQUESTS_PER_DOMAIN": 1},
    }  # fmt: skip


def _runs(db: Path) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute("SELECT * FROM crawl_runs ORDER BY id").fetchall()
    finally:
        conn.close()


def _ts(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def _wait(children: list[Any], timeout: float = 120) -> None:
    for child in children:
        assert child.process.wait(timeout=timeout) == 0, child.log_path.read_text()


def test_missed_runs_are_caught_up_once_and_limits_hold(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    """A fake clock: ten missed intervals start one crawl; a busy source and the parallel
    limit hold back the rest until they are free."""
    db = tmp_path / "c.db"
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    from newsscrape.storage.db import ensure_schema

    ensure_schema(engine)
    sources = tmp_path / "sources"
    sources.mkdir()
    text = (Path(FIXTURES).parent / "newsscrape/sources/amnesty-ca.toml").read_text("utf-8")
    (sources / "amnesty-copy.toml").write_text(
        text.replace('"amnesty-ca"', '"amnesty-copy"'), "utf-8"
    )
    schedules = Schedules(engine)
    long_ago = utcnow() - timedelta(minutes=10)
    every = schedules.add("amnesty-ca", every_seconds=60, options=_local_options(amnesty_server),
                          now=long_ago)  # fmt: skip
    twin = schedules.add("amnesty-ca", every_seconds=60, options=_local_options(amnesty_server),
                         now=long_ago)  # fmt: skip
    other = schedules.add("amnesty-copy", every_seconds=60, sources_dir=str(sources),
                          options=_local_options(amnesty_server), now=long_ago)  # fmt: skip
    clock = utcnow()
    scheduler = Scheduler(engine, url, max_parallel=1, log_dir=tmp_path / "logs")
    started = scheduler.tick(clock)
    assert [c.schedule_id for c in started] == [every.id]  # limit 1: one crawl
    assert scheduler.tick(clock) == []  # nothing more while it runs
    _wait(scheduler.children)
    # The twin of a busy source waited; now the source is free but the limit is 1.
    second = scheduler.tick(clock)
    assert [c.schedule_id for c in second] == [twin.id]
    _wait(scheduler.children)
    third = scheduler.tick(clock)
    assert [c.schedule_id for c in third] == [other.id]
    _wait(scheduler.children)
    assert scheduler.tick(clock) == []  # ten missed intervals each became one run
    for sched in schedules.all():
        assert sched.next_run_at is not None and clock < sched.next_run_at
        assert sched.next_run_at <= clock + timedelta(seconds=60)
    runs = _runs(db)
    assert [(r["trigger"], r["schedule_id"], r["status"]) for r in runs] == [
        ("scheduler", every.id, "succeeded"),
        ("scheduler", twin.id, "succeeded"),
        ("scheduler", other.id, "succeeded"),
    ]
    assert all(Path(r["log_path"]).is_file() for r in runs)
    assert "crawl run" in Path(runs[0]["log_path"]).read_text()  # a plain log, per run
    engine.dispose()


def test_scheduler_runs_on_time_never_overlaps_and_stops_cleanly(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    """The real `newsscrape scheduler`: one schedule faster than its crawl, one slower."""
    db = tmp_path / "c.db"
    url = f"sqlite:///{db}"
    sources = tmp_path / "sources"
    sources.mkdir()
    text = (Path(FIXTURES).parent / "newsscrape/sources/amnesty-ca.toml").read_text("utf-8")
    (sources / "amnesty-copy.toml").write_text(
        text.replace('"amnesty-ca"', '"amnesty-copy"'), "utf-8"
    )
    base = ["--url", amnesty_server.url + LISTING_PATH, "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "--db", url]  # fmt: skip
    # Slow: a refresh with a delay takes longer than its 2 s interval.
    slow = run_cli("schedule", "add", "amnesty-ca", "--every", "2s", "--refresh",
                   "-s", "DOWNLOAD_DELAY=0.15", *base)  # fmt: skip
    assert slow.returncode == 0, slow.stderr
    # On time: a quick incremental crawl every 6 s.
    quick = run_cli("schedule", "add", "amnesty-copy", "--every", "6s", "--sources-dir",
                    str(sources), "-s", "DOWNLOAD_DELAY=0", *base)  # fmt: skip
    assert quick.returncode == 0, quick.stderr
    proc = subprocess.Popen(
        [CLI, "scheduler", "--db", url, "--tick", "0.2", "--grace", "20",
         "--log-dir", str(tmp_path / "logs")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=tmp_path,
    )  # fmt: skip
    time.sleep(20)
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, output
    assert "received SIGTERM" in output and "Scheduler stopped." in output
    runs = _runs(db)
    assert all(r["status"] != "running" for r in runs)  # nothing left dangling
    by_source: dict[int, list[sqlite3.Row]] = {}
    for run in runs:
        by_source.setdefault(run["source_id"], []).append(run)
    assert len(by_source) == 2
    for source_runs in by_source.values():
        assert len(source_runs) >= 2, [dict(r) for r in runs]
        for before, after in itertools.pairwise(source_runs):
            assert before["finished_at"] is not None
            assert _ts(after["started_at"]) >= _ts(before["finished_at"]), "runs overlapped"
        finished = [r for r in source_runs if r["status"] != "interrupted"]
        assert all(r["status"] == "succeeded" for r in finished)
    quick_runs = next(v for v in by_source.values() if v[0]["mode"] == "incremental")
    conn = sqlite3.connect(db)
    (created,) = conn.execute("SELECT created_at FROM schedules WHERE every_seconds = 6").fetchone()
    conn.close()
    # Due every 6 s from when the schedule was made: each run starts in a slot of its own and
    # no slot is skipped once the scheduler is up. Steps, not a bound on lateness: how long
    # the CLI takes to start differs by machine (5 s seen on a slow one), so the first slot
    # may be the first or the second.
    slots = [
        int((_ts(run["started_at"]) - _ts(created)).total_seconds() // 6) for run in quick_runs
    ]
    assert slots[0] <= 1, slots
    assert slots == list(range(slots[0], slots[0] + len(slots))), slots
    interrupted = [r for r in runs if r["status"] == "interrupted"]
    assert all(r["finish_reason"] in ("shutdown", "killed") for r in interrupted)


# -- runs and status through the CLI ------------------------------------------------------


def test_runs_and_status_report_markup_breakage(tmp_path: Path) -> None:
    """A site whose article markup changes: the crawl succeeds, `status` says it is broken."""
    site = copy_site("amnesty-ca", tmp_path)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    with FixtureServer(site) as server:
        assert crawl_cli(server, db).returncode == 0
        assert run_cli("status", "--db", db).returncode == 0
        for page in site.rglob("*.html"):  # the CMS renames the body field
            html = page.read_text(encoding="utf-8")
            page.write_text(html.replace("field--name-body", "field--name-text"), "utf-8")
        assert crawl_cli(server, db, "--refresh").returncode == 0
    status = run_cli("status", "--db", db)
    assert status.returncode == 1, status.stdout
    assert "UNHEALTHY" in status.stdout
    assert "body found in 0% of articles (usually 100%)" in status.stdout
    as_json = [
        json.loads(line)
        for line in run_cli("status", "--db", db, "--json").stdout.split("\n")
        if line
    ]
    assert as_json[0]["health"] == "unhealthy"
    listed = run_cli("runs", "--db", db)
    assert listed.returncode == 0
    assert "refresh" in listed.stdout and "incremental" in listed.stdout
    shown = run_cli("runs", "show", "2", "--db", db)
    assert "field coverage" in shown.stdout and "body 0%" in shown.stdout
    assert run_cli("runs", "show", "99", "--db", db).returncode == 1


def test_killed_run_is_recorded_as_interrupted(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    db = tmp_path / "c.db"
    proc = subprocess.Popen(
        [CLI, "crawl", "amnesty-ca", "--url", amnesty_server.url + LISTING_PATH, "--db",
         f"sqlite:///{db}", "-s", "DOWNLOAD_DELAY=0.5", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (db.exists() and _has_run(db)):
        time.sleep(0.1)
    time.sleep(1)
    proc.kill()
    proc.wait()
    assert _runs(db)[0]["status"] == "running"  # it could not write its own end
    listed = run_cli("runs", "--db", f"sqlite:///{db}", "--json")
    run = json.loads(listed.stdout.splitlines()[0])
    assert (run["status"], run["finish_reason"]) == ("interrupted", "killed")
    # The lock the killed crawl left is recognised as dead, and the next run resumes it.
    assert (tmp_path / ".newsscrape" / "jobs" / "amnesty-ca" / "lock.json").exists()
    again = subprocess.run(
        [CLI, "crawl", "amnesty-ca", "--url", amnesty_server.url + LISTING_PATH, "--db",
         f"sqlite:///{db}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"],
        cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    runs = _runs(db)
    assert runs[1]["resumed_from_id"] == runs[0]["id"]
    assert not (tmp_path / ".newsscrape" / "jobs" / "amnesty-ca").exists()
    shutil.rmtree(tmp_path / ".newsscrape", ignore_errors=True)


def _has_run(db: Path) -> bool:
    try:
        return bool(_runs(db))
    except sqlite3.Error:
        return False


def test_since_skips_older_listing_items(amnesty_server: FixtureServer, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    result = crawl_cli(amnesty_server, f"sqlite:///{db}", "--since", "2021-02-05")
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    days = [date.fromisoformat(d) for (d,) in conn.execute("SELECT published_date FROM articles")]
    conn.close()
    assert days and min(days) >= date(2021, 2, 5)
    run = _runs(db)[-1]
    stats = json.loads(run["stats"])
    assert stats["newsscrape/articles/before_since"] > 0
    assert "older than 2021-02-05" in stats.get("newsscrape/listing/stopped", "")


def test_schedules_claim_once_on_each_backend(db_url: str) -> None:
    """Two schedulers on one corpus: the conditional update lets only one take a due run."""
    from newsscrape.storage.db import ensure_schema

    engine = make_engine(db_url)
    ensure_schema(engine)
    schedules = Schedules(engine)
    start = utcnow() - timedelta(hours=1)
    added = schedules.add("amnesty-ca", every_seconds=600, options={"tz": None}, now=start)
    now = utcnow()
    due = schedules.due(now)
    assert [s.id for s in due] == [added.id]
    assert schedules.claim(due[0], now) is True
    assert schedules.claim(due[0], now) is False  # the stale copy another scheduler holds
    assert schedules.due(now) == []
    after = schedules.get(added.id)
    assert after.next_run_at is not None and now < after.next_run_at <= now + timedelta(minutes=10)
    assert after.options == {}  # empty options are not stored
    engine.dispose()
