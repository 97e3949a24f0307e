"""What every `newsscrape` command shares: consoles, the --db option, failing cleanly."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console

from newsscrape.logmask import mask_text
from newsscrape.storage.db import DatabaseError

# Piped or redirected output gets room for wide tables instead of rich's default 80 columns
# (which would truncate every cell); $COLUMNS still decides when set.
_WIDTH = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
out = Console(width=_WIDTH)
err = Console(stderr=True)

db_option = click.option(
    "--db",
    "db_url",
    metavar="URL",
    help="Database URL (default: $DATABASE_URL, else sqlite:///newsscrape.db).",
)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one error line and exit; a password the message may still hold is masked.

    The messages are masked where they are built; this is the net for an exception text
    from a library that echoes a URL.
    """
    err.print(f"[bold red]Error:[/] {mask_text(message)}", highlight=False, soft_wrap=True)
    sys.exit(code)


def engine_for(db_url: str | None) -> Any:
    """An engine for the URL, or one clear error line (password masked)."""
    from newsscrape.storage.db import make_engine

    try:
        return make_engine(db_url)
    except DatabaseError as exc:
        fail(str(exc))


def corpus_engine(db_url: str | None) -> Any:
    """An engine on an existing corpus at the current schema, or one clear error line."""
    from newsscrape.storage.db import ensure_schema, require_existing

    try:
        require_existing(db_url)
    except DatabaseError as exc:
        fail(str(exc))
    engine = engine_for(db_url)
    try:
        ensure_schema(engine)
    except DatabaseError as exc:
        fail(str(exc))
    return engine


output_option = click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of the terminal.",
)

table_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "jsonl", "parquet"]),
    default="table",
    show_default=True,
    help="A table in the terminal, or a file format (parquet needs --output).",
)


def output_options(func: Any) -> Any:
    """--format, --output and --db: how every listing command writes, and from where."""
    for option in (db_option, output_option, table_format_option):
        func = option(func)
    return func


def parse_settings(values: tuple[str, ...]) -> dict[str, str]:
    settings = {}
    for value in values:
        name, sep, setting = value.partition("=")
        if not sep or not name.strip():
            # The value may be a URL with its password (NEWSSCRAPE_REDIS_URL...): masked.
            raise click.BadParameter(
                f"expected NAME=VALUE, got {mask_text(value)!r}", param_hint="-s"
            )
        settings[name.strip()] = setting
    return settings
