"""`newsscrape quotes | articles | export`: ask the corpus questions from the terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from newsscrape.cliutil import db_option, err, fail, out, output_options
from newsscrape.query.export import FORMATS


def _corpus(db_url: str | None) -> Any:
    from newsscrape.query.corpus import Corpus
    from newsscrape.storage.db import DatabaseError

    try:
        return Corpus(db_url)
    except DatabaseError as exc:
        fail(str(exc))


def filter_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The filters every query command shares, in the order --help shows them."""
    options = [
        click.option("--speaker", metavar="NAME", help="Any name the speaker was quoted under."),
        click.option("--org", metavar="TEXT", help="Organisation (of the speaker, or speaking)."),
        click.option("--source", metavar="NAME", help="Only this source."),
        click.option("--since", metavar="DATE", help="From DATE: YYYY-MM-DD, YYYY-MM or YYYY."),
        click.option("--until", metavar="DATE", help="Up to this date (a month or year: its end)."),
        click.option(
            "--search", metavar="EXPR",
            help='Full text: words, "phrases", AND/OR/NOT, prefix*, parentheses.',
        ),
        click.option("--limit", type=click.IntRange(min=1), help="At most N rows."),
        click.option(
            "--sort", type=click.Choice(["date", "relevance"]), default="date", show_default=True
        ),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return output_options(func)


def _rows_or_fail(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Pull the first row now, so a bad filter fails before any output is written."""
    from newsscrape.query.filters import FilterError
    from newsscrape.query.search import SearchSyntaxError

    try:
        first = next(rows, None)
    except (FilterError, SearchSyntaxError) as exc:
        fail(str(exc))
    if first is None:
        return iter(())

    def chain() -> Iterator[dict[str, Any]]:
        yield first
        yield from rows

    return chain()


def _highlight(snippet: str) -> str:
    from newsscrape.query.corpus import MARK_END, MARK_START

    return escape(snippet).replace(MARK_START, "[bold yellow]").replace(MARK_END, "[/]")


def _shorten(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1].rsplit(" ", 1)[0] + "…"


def _emit(
    rows: Iterator[dict[str, Any]], fmt: str, output: Path | None, drop: tuple[str, ...]
) -> int:
    from newsscrape.query.export import write_rows

    try:
        count = write_rows(rows, fmt, output, drop=drop)
    except BrokenPipeError:  # `newsscrape quotes --format csv | head`: the reader had enough
        sys.stderr.close()
        sys.exit(0)
    except (ValueError, OSError) as exc:
        fail(str(exc))
    if output is not None:
        err.print(f"{count} rows written to {output}", highlight=False)
    return count


@click.command()
@filter_options
def quotes(fmt: str, output: Path | None, db_url: str | None, **filters: Any) -> None:
    """Quotes, newest first (or by relevance to --search), with speaker and article.

    \b
    Examples:
      newsscrape quotes --speaker "Natalia Zviagina"
      newsscrape quotes --search '"death penalty" OR execut*' --sort relevance
      newsscrape quotes --org amnesty --since 2021-02 --until 2021-02 --format csv --output feb.csv
    """
    rows = _rows_or_fail(_corpus(db_url).iter_quotes(**filters))
    if fmt != "table":
        _emit(rows, fmt, output, drop=("snippet",) if not filters.get("search") else ())
        return
    table = Table(show_lines=False)
    for column in ("date", "speaker", "quote", "article"):
        table.add_column(column, overflow="fold")
    count = 0
    for row in rows:
        count += 1
        snippet = row["snippet"] if filters.get("search") else _shorten(row["text"])
        table.add_row(
            str(row["date"] or ""),
            escape(row["speaker"] or "—"),
            _highlight(snippet),
            escape(row["url"]),
        )
    if not count:
        out.print("No quotes match.")
        return
    out.print(table)
    out.print(f"{count} quote(s).", highlight=False)


@click.command()
@filter_options
def articles(fmt: str, output: Path | None, db_url: str | None, **filters: Any) -> None:
    """Articles with their quote counts; the same filters as `quotes`.

    \b
    Examples:
      newsscrape articles --search navalny --since 2021
      newsscrape articles --speaker "Lynn Maalouf" --format jsonl
    """
    rows = _rows_or_fail(_corpus(db_url).iter_articles(**filters))
    if fmt != "table":
        _emit(rows, fmt, output, drop=())
        return
    table = Table()
    for column in ("date", "headline", "quotes", "source", "url"):
        table.add_column(column, overflow="fold", justify="right" if column == "quotes" else "left")
    count = 0
    for row in rows:
        count += 1
        table.add_row(
            str(row["date"] or ""), escape(row["headline"] or ""), str(row["quotes"]),
            row["source"], escape(row["url"]),
        )  # fmt: skip
    if not count:
        out.print("No articles match.")
        return
    out.print(table)
    out.print(f"{count} article(s).", highlight=False)


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option(
    "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
    help="Directory for articles.*, quotes.* and speakers.*",
)  # fmt: skip
@db_option
def export(fmt: str, output: Path, db_url: str | None) -> None:
    """The whole corpus: articles, quotes (joined with article and speaker) and speakers.

    Streams from the database, so it runs in constant memory whatever the corpus size.

    \b
    Example:
      newsscrape export --format parquet --output corpus/
    """
    from newsscrape.query.export import write_rows

    corpus = _corpus(db_url)
    output.mkdir(parents=True, exist_ok=True)
    parts = [
        ("articles", corpus.iter_articles()),
        ("quotes", corpus.iter_quotes()),
        ("speakers", corpus.iter_speakers()),
    ]
    for name, rows in parts:
        path = output / f"{name}.{fmt}"
        try:
            count = write_rows(rows, fmt, path, drop=("snippet",))
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}")
        out.print(f"{count:>8} {name:<9} → {path}", highlight=False)


@click.command()
@click.option("--source", metavar="NAME", help="Only this source.")
@click.option("--since", metavar="DATE", help="From DATE: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--until", metavar="DATE", help="Up to this date (a month or year: its end).")
@click.option("--top", type=click.IntRange(1, 20), default=5, show_default=True)
@click.option(
    "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.png"),
    show_default=True, help="The PNG; an HTML page with the same name is written next to it.",
)  # fmt: skip
@db_option
def report(
    source: str | None, since: str | None, until: str | None, top: int, output: Path,
    db_url: str | None,
) -> None:  # fmt: skip
    """Quotes per month for the top speakers and organisations, as a PNG and an HTML page.

    \b
    Example:
      newsscrape report --since 2021 --top 8 --output amnesty.png
    """
    from newsscrape.query.filters import FilterError, Filters
    from newsscrape.query.report import write_report

    corpus = _corpus(db_url)
    try:
        filters = Filters.build(source=source, since=since, until=until)
        paths = write_report(corpus, filters, output, top=top)
    except FilterError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    for path in paths:
        out.print(f"wrote {path}", highlight=False)
