"""`newsscrape runs` and `newsscrape status`: the crawl history and the health of each source."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from newsscrape.cliutil import corpus_engine, db_option, fail, out
from newsscrape.health import FIELDS, ago, assess, coverage
from newsscrape.storage.history import mark_dead_runs
from newsscrape.storage.models import CrawlRun, SourceRow, utcnow


def _duration(run: CrawlRun) -> str:
    if run.finished_at is None:
        return "…"
    seconds = (run.finished_at - run.started_at).total_seconds()
    return f"{seconds / 60:.1f}m" if seconds >= 120 else f"{seconds:.1f}s"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


_STATUS_STYLE = {"succeeded": "green", "failed": "red", "interrupted": "yellow", "running": "cyan"}


@click.group(invoke_without_command=True)
@db_option
@click.option("--source", metavar="NAME", help="Only this source's runs.")
@click.option(
    "--status", type=click.Choice(["running", "succeeded", "failed", "interrupted"]), help="Filter."
)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per run.")
@click.pass_context
def runs(
    ctx: click.Context,
    db_url: str | None,
    source: str | None,
    status: str | None,
    limit: int,
    as_json: bool,
) -> None:
    """List crawl runs, newest first (a killed crawl shows as interrupted).

    \b
    Examples:
      newsscrape runs
      newsscrape runs --source amnesty-ca --status failed
      newsscrape runs show 12
    """
    if ctx.invoked_subcommand is not None:
        return
    engine = corpus_engine(db_url)
    mark_dead_runs(engine)
    query = select(CrawlRun, SourceRow.name).join(SourceRow)
    if source:
        query = query.where(SourceRow.name == source)
    if status:
        query = query.where(CrawlRun.status == status)
    with Session(engine) as session:
        rows = session.execute(query.order_by(CrawlRun.id.desc()).limit(limit)).all()
    if as_json:
        for row in rows:
            out.file.write(json.dumps(_run_dict(row[0], row[1]), default=str) + "\n")
        return
    table = Table(
        title=f"{len(rows)} most recent runs" if rows else "No runs yet", box=box.SIMPLE_HEAD
    )
    columns = ("id", "source", "started UTC", "took", "mode", "status", "pages", "new", "upd",
               "skip", "fail", "quotes")  # fmt: skip
    for column in columns:
        numeric = column not in ("source", "started UTC", "mode", "status")
        table.add_column(column, justify="right" if numeric else "left", no_wrap=column != "source")
    for row in rows:
        run, name = row[0], row[1]
        style = _STATUS_STYLE.get(run.status, "")
        table.add_row(
            str(run.id), name, run.started_at.strftime("%m-%d %H:%M"), _duration(run),
            run.mode, f"[{style}]{run.status}[/]", str(run.pages), str(run.new),
            str(run.updated), str(run.skipped), str(run.failed), str(run.quotes),
        )  # fmt: skip
    out.print(table)


def _run_dict(run: CrawlRun, source: str) -> dict[str, Any]:
    data = {c.key: getattr(run, c.key) for c in CrawlRun.__table__.columns if c.key != "stats"}
    data["source"] = source
    return data


@runs.command("show")
@click.argument("run_id", type=int)
@db_option
@click.option("--all", "show_all", is_flag=True, help="Every warning and error, not the first 10.")
def runs_show(run_id: int, db_url: str | None, show_all: bool) -> None:
    """Everything about one run: counts, coverage, time per stage, issues with their URLs.

    \b
    Example:
      newsscrape runs show 12
    """
    from newsscrape.report import load_run, print_summary

    engine = corpus_engine(db_url)
    mark_dead_runs(engine)
    try:
        summary = load_run(engine, run_id)
    except LookupError as exc:
        fail(str(exc))
    run = summary.run
    print_summary(out, summary, limit=None if show_all else 10)
    details = Table(show_header=False, title="Details", title_justify="left")
    details.add_column(style="bold")
    details.add_column()
    stats = run.stats or {}
    rows = [
        ("started / finished", f"{_when(run.started_at)} → {_when(run.finished_at)} UTC"),
        ("finish reason", run.finish_reason or "—"),
        ("trigger", run.trigger + (f" (schedule {run.schedule_id})" if run.schedule_id else "")),
        ("process", f"pid {run.pid} on {run.host}" if run.pid else "—"),
        ("resumed from run", str(run.resumed_from_id or "—")),
        ("stopped paginating", str(stats.get("newsscrape/listing/stopped") or "—")),
        ("log file", run.log_path or "— (logged to the terminal)"),
        ("dead-letter file", _deadletter(engine, run)),
    ]
    shares = []
    for name in FIELDS:
        share = coverage(run, name)
        shares.append(f"{name} {share:.0%}" if share is not None else f"{name} —")
    rows.append(("field coverage", f"{', '.join(shares)} of {run.parsed} articles parsed"))
    stages = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("newsscrape/time/")}
    if stages:
        rows.append(("time per stage", ", ".join(f"{k} {v:.2f}s" for k, v in stages.items())))
    for label, value in rows:
        details.add_row(label, value)
    out.print(details)


def _deadletter(engine: Any, run: CrawlRun) -> str:
    """The run's dead-letter file, and whether `newsscrape replay` has written it since."""
    if not run.deadletter_path:
        return "— (nothing was refused)"
    with Session(engine) as session:
        replays = session.scalars(
            select(CrawlRun).where(CrawlRun.trigger == "replay").order_by(CrawlRun.id)
        ).all()
    path = str(Path(run.deadletter_path).resolve())
    done = [r.id for r in replays if path in (r.start_urls or []) and r.status == "succeeded"]
    if done:
        return f"{run.deadletter_path} (replayed in run {done[-1]})"
    return f"{run.deadletter_path} (not replayed yet: newsscrape replay {run.deadletter_path})"


@click.command()
@db_option
@click.option("--source", metavar="NAME", help="Only this source.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
def status(db_url: str | None, source: str | None, as_json: bool) -> None:
    """Per source: the last run, the last success, the next scheduled run, and health.

    Exits 1 when any source is unhealthy (a failed last run, a listing that yields no items,
    a field coverage far below the source's own history, an overdue schedule), so cron or a
    monitor can alert on it.

    \b
    Examples:
      newsscrape status
      newsscrape status || mail -s "newsscrape needs a look" me@example.org
    """
    from newsscrape.scheduling.schedules import Schedules
    from newsscrape.scheduling.timing import interval_seconds

    engine = corpus_engine(db_url)
    mark_dead_runs(engine)
    now = utcnow()
    schedules: dict[str, list[Any]] = {}
    for sched in Schedules(engine).all():
        schedules.setdefault(sched.source, []).append(sched)
    with engine.connect() as conn:
        names = list(conn.scalars(select(SourceRow.name).order_by(SourceRow.name)))
    names += [n for n in schedules if n not in names]
    if source:
        names = [n for n in names if n == source]
        if not names:
            fail(f"no runs or schedules for source {source!r}")
    table = Table(title="Sources")
    for column in ("source", "schedule", "next run", "last run", "last success", "health"):
        table.add_column(column)
    unhealthy = 0
    for name in names:
        with Session(engine) as session:
            history = session.scalars(
                select(CrawlRun)
                .join(SourceRow)
                .where(SourceRow.name == name)
                .order_by(CrawlRun.id.desc())
                .limit(20)
            ).all()
        active = [s for s in schedules.get(name, []) if not s.paused]
        interval = min((interval_seconds(s.cron, s.every_seconds, now) for s in active),
                       default=None)  # fmt: skip
        health = assess(
            history,
            now,
            interval=interval,
            scheduled_since=min((s.created_at for s in active), default=None),
        )
        unhealthy += health.state == "unhealthy"
        last = history[0] if history else None
        last_ok = next((r for r in history if r.status == "succeeded"), None)
        nexts = [s.next_run_at for s in active if s.next_run_at]
        plan = "; ".join(
            s.description + (" (paused)" if s.paused else "") for s in schedules.get(name, [])
        )
        if as_json:
            record = {
                "source": name,
                "health": health.state,
                "reasons": health.reasons,
                "schedule": plan or None,
                "next_run": min(nexts).isoformat() if nexts else None,
                "last_run": last and {"id": last.id, "status": last.status,
                                      "started": last.started_at.isoformat()},
                "last_success": last_ok and last_ok.finished_at.isoformat(),
            }  # fmt: skip
            out.file.write(json.dumps(record) + "\n")
            continue
        style = {"ok": "green", "warning": "yellow", "unhealthy": "bold red"}[health.state]
        verdict = f"[{style}]{health.state.upper()}[/]"
        if health.reasons:
            verdict += "\n" + "\n".join(f"- {r}" for r in health.reasons)
        table.add_row(
            name,
            plan or "—",
            _when(min(nexts)) if nexts else "—",
            f"{last.id} {last.status} {ago(last.started_at, now)}" if last else "never",
            ago(last_ok.finished_at, now) if last_ok else "never",
            verdict,
        )
    if not as_json:
        if names:
            out.print(table)
        else:
            out.print("No sources crawled or scheduled yet.")
    if unhealthy:
        sys.exit(1)
