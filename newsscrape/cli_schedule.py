"""`newsscrape schedule ...` (plans in the database) and `newsscrape scheduler` (runs them)."""

from __future__ import annotations

import logging
from pathlib import Path

import click
from rich import box
from rich.table import Table

from newsscrape.cliutil import corpus_engine, db_option, engine_for, fail, out, parse_settings
from newsscrape.scheduling.schedules import ScheduleInfo, Schedules
from newsscrape.scheduling.timing import ScheduleError, check_cron, check_tz, parse_every
from newsscrape.sources import SourceError, load_source
from newsscrape.storage.db import DatabaseError, ensure_schema, resolve_url
from newsscrape.storage.models import utcnow


def _schedules(db_url: str | None) -> Schedules:
    return Schedules(corpus_engine(db_url))


def _row(s: ScheduleInfo) -> tuple[str, ...]:
    when = s.next_run_at.strftime("%Y-%m-%d %H:%M:%S") if s.next_run_at else "—"
    last = s.last_started_at.strftime("%Y-%m-%d %H:%M") if s.last_started_at else "never"
    return (str(s.id), s.source, s.description, s.mode, "paused" if s.paused else when, last)


@click.group()
def schedule() -> None:
    """Recurring crawls, kept in the corpus database and run by `newsscrape scheduler`."""


@schedule.command("add")
@click.argument("source")
@db_option
@click.option("--cron", metavar="EXPR", help='Five-field cron expression, e.g. "0 */6 * * *".')
@click.option("--every", metavar="DURATION", help="A fixed interval: 30m, 6h, 1d, 1d12h.")
@click.option("--tz", metavar="ZONE", help="Time zone the cron expression is read in (UTC).")
@click.option("--full", "mode", flag_value="full", help="Every run walks every page.")
@click.option("--refresh", "mode", flag_value="refresh", help="Every run re-fetches articles.")
@click.option("--url", "urls", multiple=True, metavar="URL", help="Start URL(s) to crawl.")
@click.option("--max-pages", type=click.IntRange(min=1), help="Bound each run.")
@click.option("--sources-dir", type=click.Path(file_okay=False), help="Extra source directory.")
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting."
)
def schedule_add(
    source: str,
    db_url: str | None,
    cron: str | None,
    every: str | None,
    tz: str | None,
    mode: str | None,
    urls: tuple[str, ...],
    max_pages: int | None,
    sources_dir: str | None,
    settings: tuple[str, ...],
) -> None:
    """Crawl SOURCE on a schedule (incremental runs unless --full or --refresh).

    An --every schedule runs at once, then every interval; a --cron one at its next time.

    \b
    Examples:
      newsscrape schedule add amnesty-ca --cron "0 */6 * * *"
      newsscrape schedule add amnesty-ca --every 6h
      newsscrape schedule add amnesty-ca --cron "0 3 * * 0" --refresh --tz Europe/Berlin
    """
    try:
        loaded = load_source(source, sources_dir)
        if bool(cron) == bool(every):
            raise ScheduleError("give exactly one of --cron and --every")
        expr = check_cron(cron) if cron else None
        seconds = parse_every(every) if every else None
        zone = check_tz(tz)
    except (SourceError, ScheduleError) as exc:
        fail(str(exc))
    options = {
        "ref": source if source != loaded.name else None,
        "urls": list(urls),
        "max_pages": max_pages,
        "settings": parse_settings(settings),
        "tz": zone,
    }
    engine = engine_for(db_url)
    try:
        ensure_schema(engine)
    except DatabaseError as exc:
        fail(str(exc))
    added = Schedules(engine).add(
        loaded.name,
        cron=expr,
        every_seconds=seconds,
        mode=mode or "incremental",
        sources_dir=str(Path(sources_dir).resolve()) if sources_dir else None,
        options=options,
    )
    next_at = added.next_run_at.strftime("%Y-%m-%d %H:%M:%S UTC") if added.next_run_at else "—"
    out.print(
        f"Schedule {added.id}: {added.source} {added.description} ({added.mode}); "
        f"next run {next_at}. Start `newsscrape scheduler` to run it.",
        highlight=False,
    )


@schedule.command("list")
@db_option
def schedule_list(db_url: str | None) -> None:
    """List schedules with their next run times (UTC).

    \b
    Example:
      newsscrape schedule list
    """
    rows = _schedules(db_url).all()
    if not rows:
        out.print("No schedules. Add one: newsscrape schedule add SOURCE --every 6h")
        return
    table = Table(box=box.SIMPLE_HEAD)
    for column in ("id", "source", "when", "mode", "next run (UTC)", "last started"):
        table.add_column(column)
    for row in rows:
        table.add_row(*_row(row))
    out.print(table)


def _change(db_url: str | None, ref: str, action: str) -> None:
    schedules = _schedules(db_url)
    try:
        if action == "remove":
            done = schedules.remove(ref)
        else:
            done = schedules.set_paused(ref, action == "pause")
    except ScheduleError as exc:
        fail(str(exc))
    verb = {"pause": "paused", "resume": "resumed", "remove": "removed"}[action]
    extra = ""
    if action == "resume" and done.next_run_at:
        extra = f"; next run {done.next_run_at:%Y-%m-%d %H:%M:%S} UTC"
    out.print(f"Schedule {done.id} ({done.source}) {verb}{extra}.", highlight=False)


@schedule.command("pause")
@click.argument("ref")
@db_option
def schedule_pause(ref: str, db_url: str | None) -> None:
    """Stop starting runs for a schedule (REF: its id, or the source name).

    \b
    Example:
      newsscrape schedule pause amnesty-ca
    """
    _change(db_url, ref, "pause")


@schedule.command("resume")
@click.argument("ref")
@db_option
def schedule_resume(ref: str, db_url: str | None) -> None:
    """Start a paused schedule again from its next due time (missed runs are not replayed).

    \b
    Example:
      newsscrape schedule resume 1
    """
    _change(db_url, ref, "resume")


@schedule.command("remove")
@click.argument("ref")
@db_option
def schedule_remove(ref: str, db_url: str | None) -> None:
    """Delete a schedule; its past runs stay in the history.

    \b
    Example:
      newsscrape schedule remove 1
    """
    _change(db_url, ref, "remove")


@click.command()
@db_option
@click.option("--max-parallel", type=click.IntRange(min=1), default=2, show_default=True,
              help="Crawls running at once (never two of one source).")  # fmt: skip
@click.option("--log-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("logs"), show_default=True,
              help="One log file per run, by source.")  # fmt: skip
@click.option("--tick", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
              help="Seconds between looks at the schedules.")  # fmt: skip
@click.option("--on-stop", type=click.Choice(["interrupt", "wait"]), default="interrupt",
              show_default=True,
              help="On SIGTERM: stop running crawls gracefully (the next run finishes them), "
              "or wait for them to finish.")  # fmt: skip
@click.option("--grace", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds a stopping crawl gets before it is killed.")  # fmt: skip
def scheduler(
    db_url: str | None, max_parallel: int, log_dir: Path, tick: float, on_stop: str, grace: float
) -> None:
    """Run scheduled crawls until stopped (SIGTERM or Ctrl-C), each in its own process.

    Run it under systemd, supervisord or `nohup`; see "Collect for months" in the README.

    \b
    Example:
      newsscrape scheduler --max-parallel 4 --log-dir /var/log/newsscrape
    """
    from newsscrape.scheduling.scheduler import Scheduler

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", force=True
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    engine = corpus_engine(db_url)
    count = len([s for s in Schedules(engine).all() if not s.paused])
    out.print(
        f"Scheduler: {count} active schedule(s), up to {max_parallel} crawl(s) at once, "
        f"logs in {log_dir.resolve()} (started {utcnow():%Y-%m-%d %H:%M:%S} UTC)",
        highlight=False,
    )
    Scheduler(
        engine,
        resolve_url(db_url),
        max_parallel=max_parallel,
        log_dir=log_dir.resolve(),
        grace=grace,
        on_stop=on_stop,
    ).run_forever(tick)
    out.print("Scheduler stopped.")
