"""`newsscrape replay FILE`: write what a crawl could not store (see newsscrape.replay)."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from newsscrape.cliutil import db_option, engine_for, err, fail, out
from newsscrape.storage.db import DatabaseError


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@click.option("--batch-size", type=click.IntRange(min=1), default=50, show_default=True)
def replay(file: Path, db_url: str | None, batch_size: int) -> None:
    """Write a dead-letter file into the corpus.

    A crawl that cannot write to the database keeps the refused articles in a JSON Lines
    file (its path is in the log and in `newsscrape runs show`). Replaying it stores them as
    the crawl would have. Running it twice stores nothing twice.

    \b
    Example:
      newsscrape replay deadletter/amnesty-ca-run12.jsonl
    """
    from rich.progress import Progress

    from newsscrape.replay import replay as replay_file
    from newsscrape.storage.db import ensure_schema
    from newsscrape.storage.speakers import SpeakerDirectory

    engine = engine_for(db_url)
    try:
        ensure_schema(engine)
    except DatabaseError as exc:
        fail(str(exc))
    with file.open(encoding="utf-8") as fh:  # one article per line: count, do not parse
        total = sum(1 for line in fh if line.strip())
    try:
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task(f"Replaying {file.name}", total=total)
            result = replay_file(
                engine, file, batch_size=batch_size, progress=lambda n: progress.advance(task, n)
            )
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        fail(f"the database refused the replay ({reason}); what was written stays written, "
             "run the same command again")  # fmt: skip
    for number, why in result.unreadable:
        err.print(f"[yellow]line {number} not read:[/] {why}", highlight=False)
    counts = ", ".join(f"{n} {k}" for k, n in sorted(result.outcomes.items())) or "nothing"
    runs = ", ".join(f"{source} run {rid}" for source, rid in result.runs.items()) or "no run"
    out.print(f"{result.written} articles replayed from {file} ({counts}); {runs}.")
    if result.outcomes["new"] or result.outcomes["updated"]:
        SpeakerDirectory(engine).resolve()
    if result.unreadable:
        fail(f"{len(result.unreadable)} line(s) of {file} could not be read", code=1)
