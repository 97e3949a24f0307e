"""`newsscrape sources`: list, show and try source files."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from newsscrape.cliutil import err, fail, out
from newsscrape.sources import Source, SourceError, available_sources, load_source


@click.group()
def sources() -> None:
    """List, inspect and try source files."""


@sources.command("list")
@click.option("--sources-dir", type=click.Path(file_okay=False), help="Extra source directory.")
def sources_list(sources_dir: str | None) -> None:
    """List the known sources.

    \b
    Example:
      newsscrape sources list
    """
    table = Table("name", "title", "start URL", "file")
    for name, path in available_sources(sources_dir).items():
        try:
            src = load_source(str(path))
            table.add_row(name, src.title, src.start_urls[0], str(path))
        except SourceError as exc:
            table.add_row(name, "[red]invalid[/]", str(exc), str(path))
    out.print(table)


@sources.command("show")
@click.argument("name")
@click.option("--sources-dir", type=click.Path(file_okay=False), help="Extra source directory.")
def sources_show(name: str, sources_dir: str | None) -> None:
    """Show a source's validated configuration as JSON.

    \b
    Example:
      newsscrape sources show amnesty-ca
    """
    try:
        src = load_source(name, sources_dir)
    except SourceError as exc:
        fail(str(exc))
        return
    out.print_json(src.model_dump_json())


def _short(text: str | None, width: int) -> str:
    if not text:
        return "[red]—[/]"
    text = escape(text)
    return text if len(text) <= width else text[: width - 1] + "…"


@sources.command("check")
@click.argument("source")
@click.option("--url", help="Listing page to try (default: the source's first start URL).")
@click.option(
    "--file",
    "page_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A saved listing page to try instead of fetching one (links resolve against --url "
    "or the start URL).",
)
@click.option(
    "--article",
    help="Article URL or saved .html file to try (default: the first listing row's link).",
)
@click.option("--sources-dir", type=click.Path(file_okay=False), help="Extra source directory.")
def sources_check(
    source: str,
    url: str | None,
    page_file: Path | None,
    article: str | None,
    sources_dir: str | None,
) -> None:
    """Show what SOURCE (a name, a .toml file, or a bare URL) yields on a listing and an article.

    Prints each listing row (headline, date as written and as parsed, link, teaser), the next
    page, and what one article gives (headline, date, author, body, quotes), with a warning
    for every empty field. Exits with status 1 when the listing yields no rows.

    \b
    Examples:
      newsscrape sources check amnesty-ca
      newsscrape sources check my-sources/ngo.toml --url https://ngo.example/news?page=2
      newsscrape sources check my-sources/ngo.toml --file saved-listing.html
      newsscrape sources check https://example.org/news      (what zero-config infers)
    """
    from newsscrape.extraction.dates import parse_date
    from newsscrape.quotes.extract import extract_quotes
    from newsscrape.settings import USER_AGENT
    from newsscrape.sources.check import (
        FetchError,
        check_article,
        check_listing,
        entry_warnings,
        fetch,
    )

    try:
        if source.startswith(("http://", "https://")):
            src = Source.from_url([source])
        else:
            src = load_source(source, sources_dir)
    except SourceError as exc:
        fail(str(exc))
    listing_url = url or src.start_urls[0]
    try:
        body = page_file.read_bytes() if page_file else fetch(listing_url, USER_AGENT)
    except (FetchError, OSError) as exc:
        fail(str(exc))
    result = check_listing(body, listing_url, src)
    where = f"{page_file} (as {listing_url})" if page_file else listing_url
    out.print(
        f"[bold]Listing[/] {where}: {len(result.entries)} rows, {result.kind}", highlight=False
    )
    for key, value in result.selectors.items():
        if value:
            out.print(f"  {key} = {value!r}", highlight=False, markup=False)
    languages, order = src.date_hints()
    table = Table("#", "headline", "date", "parsed", "link", "teaser")
    for i, entry in enumerate(result.entries, 1):
        parsed = parse_date(entry.date_raw, languages=languages, date_order=order)
        table.add_row(
            str(i),
            _short(entry.headline, 50),
            _short(entry.date_raw, 24),
            parsed.value.isoformat()[:10] if parsed else "[red]—[/]",
            _short(entry.url, 60),
            _short(entry.teaser, 30),
        )
    if result.entries:
        out.print(table)
    out.print(
        f"Next page: {result.next_url} ({result.how})" if result.next_url else "Next page: none",
        highlight=False,
        markup=False,
    )
    warnings = result.warnings + entry_warnings(result.entries, src)
    for warning in warnings:
        err.print(f"[yellow]Warning:[/] listing {escape(warning)}", highlight=False)

    target = article or (result.entries[0].url if result.entries else None)
    if target is not None:
        try:
            if Path(target).is_file():
                page_body, page_url = Path(target).read_bytes(), listing_url
            else:
                page_body, page_url = fetch(target, USER_AGENT), target
        except (FetchError, OSError) as exc:
            err.print(
                f"[yellow]Warning:[/] article not checked: {escape(str(exc))}", highlight=False
            )
        else:
            page, problems = check_article(page_body, page_url, src)
            parsed = parse_date(page.date_raw, languages=languages, date_order=order)
            quotes = [q for q in extract_quotes(page.body, page.language) if q.kind == "quote"]
            out.print(f"\n[bold]Article[/] {escape(target)}", highlight=False)
            rows = Table.grid(padding=(0, 2))
            rows.add_row("headline", _short(page.headline, 100))
            rows.add_row(
                "date",
                f"{_short(page.date_raw, 40)} → "
                f"{parsed.value.isoformat() if parsed else '[red]—[/]'}",
            )
            rows.add_row("author", _short("; ".join(page.authors), 80))
            rows.add_row("body", f"{len(page.body)} paragraphs, {sum(map(len, page.body))} chars")
            rows.add_row("first", _short(page.body[0] if page.body else None, 100))
            rows.add_row("quotes", str(len(quotes)))
            for quote in quotes[:3]:
                rows.add_row("", f"{_short(quote.text, 60)} — {quote.speaker or '?'}")
            out.print(rows)
            for problem in problems:
                err.print(f"[yellow]Warning:[/] article {escape(problem)}", highlight=False)
    if not result.entries:
        raise SystemExit(1)
