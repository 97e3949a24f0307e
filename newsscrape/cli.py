"""The `newsscrape` command line. Every command has an example in the README."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import click
from sqlalchemy.exc import SQLAlchemyError

from newsscrape import __version__, logmask
from newsscrape.cli_query import articles, export, quotes, report
from newsscrape.cli_replay import replay
from newsscrape.cli_runs import runs, status
from newsscrape.cli_schedule import schedule, scheduler
from newsscrape.cli_sources import sources
from newsscrape.cli_speakers import speakers
from newsscrape.cliutil import db_option, engine_for, err, fail, out, parse_settings
from newsscrape.sources import SourceError, load_source
from newsscrape.storage.db import DatabaseError, mask_url, resolve_url

REPO_ROOT = Path(__file__).resolve().parent.parent
DEMO_SITE = REPO_ROOT / "fixtures" / "amnesty-ca" / "site"
DEMO_SOURCE = "amnesty-ca"
DEMO_PORT = 8765


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsscrape")
def main() -> None:
    """newsscrape: crawl news and press-release listings into a deduplicated corpus.

    Start with `newsscrape demo`, which crawls the bundled fixture site into newsscrape.db.
    """
    # Before any command runs: database and Redis URLs carry passwords, and whatever logs
    # or prints a traceback from here on must not show them.
    logmask.install()


def _run_and_report(
    source: str | None,
    *,
    urls: list[str],
    db_url: str | None,
    max_pages: int | None,
    sources_dir: str | None,
    settings: dict[str, Any],
    log_level: str,
    show_articles: bool = False,
    mode: str = "incremental",
    since: Any = None,
    write_config: Path | None = None,
) -> None:
    from newsscrape.crawl import run_crawl
    from newsscrape.report import load_run, print_run_articles, print_summary
    from newsscrape.storage.db import make_engine

    settings = {"NEWSSCRAPE_PROGRESS": err.is_terminal, **settings}

    try:
        result = run_crawl(
            source,
            urls=urls,
            database_url=db_url,
            max_pages=max_pages,
            mode=mode,
            since=since,
            sources_dir=sources_dir,
            settings=settings,
            log_level=log_level,
        )
    except (SourceError, DatabaseError) as exc:
        fail(str(exc))
        return
    if result.run_id is None:
        fail(result.error or "the crawl did not start (see the log above)")
        return
    try:
        engine = make_engine(result.database_url)
        summary = load_run(engine, result.run_id)
    except (DatabaseError, SQLAlchemyError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        run = result.run_id
        fail(
            f"crawl run {run} ended, but the database cannot be read to sum it up "
            f"({reason}); see the log, and `newsscrape runs show {run}` later"
        )
    print_summary(out, summary)
    if show_articles:
        print_run_articles(out, engine, result.run_id)
    out.print(f"Corpus: {mask_url(result.database_url)}", highlight=False)
    engine.dispose()
    if write_config is not None and result.source is not None:
        _write_config(write_config, result)
    if summary.run.status != "succeeded":
        sys.exit(1)


@main.command()
@click.argument("source", required=False)
@click.option(
    "--url",
    "urls",
    multiple=True,
    metavar="URL",
    help="Start here instead of the source's start URLs (a mirror or local copy); without "
    "SOURCE, crawl this URL with zero configuration. Repeatable.",
)
@click.option(
    "--redis",
    "redis_url",
    metavar="URL",
    help="Share the crawl's frontier with other workers through Redis (default: $REDIS_URL); "
    "start the same command on several machines.",
)
@click.option(
    "--write-config",
    type=click.Path(dir_okay=False, path_type=Path),
    help="After the crawl, save what was inferred (listing, pagination, feeds) as a source "
    "file to review and reuse.",
)
@db_option
@click.option("--max-pages", type=click.IntRange(min=1), help="Stop after N listing pages.")
@click.option(
    "--full", "mode", flag_value="full", help="Walk every listing page (backfill what is missing)."
)
@click.option(
    "--refresh",
    "mode",
    flag_value="refresh",
    help="Walk every page and re-fetch known articles; edits are kept as revisions.",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Skip listing items dated before this day; stop when a page is all older.",
)
@click.option(
    "--stop-after",
    type=click.IntRange(min=1),
    help="Incremental stop: this many consecutive known listing items (default 10).",
)
@click.option("--user-agent", help="User-Agent to send (default: newsscrape/VERSION ...).")
@click.option("--sources-dir", type=click.Path(file_okay=False), help="Extra source directory.")
@click.option(
    "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="Scrapy setting."
)
@click.option(
    "--log-file",
    type=click.Path(dir_okay=False),
    help="Write the crawl log to this file (appended) instead of the terminal.",
)
@click.option("--trigger", type=click.Choice(["manual", "scheduler"]), default="manual",
              hidden=True)  # fmt: skip
@click.option("--schedule-id", type=int, hidden=True)
@click.option("-v", "--verbose", count=True, help="-v: progress log, -vv: debug log.")
def crawl(
    source: str | None,
    urls: tuple[str, ...],
    redis_url: str | None,
    write_config: Path | None,
    db_url: str | None,
    max_pages: int | None,
    mode: str | None,
    since: Any,
    stop_after: int | None,
    user_agent: str | None,
    sources_dir: str | None,
    settings: tuple[str, ...],
    log_file: str | None,
    trigger: str,
    schedule_id: int | None,
    verbose: int,
) -> None:
    """Crawl SOURCE (a source name or a .toml file) into the corpus and print a summary.

    Incremental by default: known articles are not fetched again and pagination stops once
    the listing shows only stored items. A crawl that was killed is finished by the next one.

    \b
    Examples:
      newsscrape crawl amnesty-ca
      newsscrape crawl amnesty-ca --full
      newsscrape crawl amnesty-ca --refresh --since 2021-01-01
      newsscrape crawl amnesty-ca --max-pages 2 --db sqlite:///amnesty.db
      newsscrape crawl my-sources/ngo.toml -s DOWNLOAD_DELAY=2
      newsscrape crawl --url https://example.org/news --write-config example.toml
      newsscrape crawl amnesty-ca --redis redis://crawl-host:6379/0   (on each machine)
    """
    if source is None and not urls:
        fail("give a SOURCE (see `newsscrape sources list`) or a start URL with --url")
        return
    if write_config is not None and write_config.exists():
        fail(f"--write-config: {write_config} exists; give a new file name")
        return
    overrides: dict[str, Any] = parse_settings(settings)
    if user_agent:
        overrides["USER_AGENT"] = user_agent
    if stop_after:
        overrides["NEWSSCRAPE_STOP_AFTER"] = stop_after
    overrides["NEWSSCRAPE_TRIGGER"] = trigger
    if redis_url:
        overrides["NEWSSCRAPE_REDIS_URL"] = redis_url
    if schedule_id is not None:
        overrides["NEWSSCRAPE_SCHEDULE_ID"] = schedule_id
    if log_file:
        overrides.update(LOG_FILE=log_file, LOG_FILE_APPEND=True, NEWSSCRAPE_PROGRESS=False)
    _run_and_report(
        source,
        urls=list(urls),
        db_url=db_url,
        mode=mode or "incremental",
        since=since.date() if since else None,
        max_pages=max_pages,
        sources_dir=sources_dir,
        settings=overrides,
        # A log file is read after the fact: it gets the progress log unless told otherwise.
        log_level=("WARNING", "INFO", "DEBUG")[min(verbose + bool(log_file), 2)],
        write_config=write_config,
    )


def _write_config(path: Path, result: Any) -> None:
    """Save a crawl's inferred listing as a source file; say what could not be inferred."""
    from newsscrape.sources.write import discovered_config, to_toml

    found = result.discovered
    if not found and result.source.inferred:
        err.print(
            f"[yellow]Warning:[/] nothing was inferred (no listing, feed or sitemap); "
            f"{path} not written",
            highlight=False,
        )
        return
    comment = (
        "Inferred by `newsscrape crawl --url ... --write-config`: review the selectors, then\n"
        f"  newsscrape sources check {path}\n  newsscrape crawl {path}\n"
        "Article headline, date, body and author are inferred on each page unless an\n"
        "[article] table sets selectors for them."
    )
    try:
        text = to_toml(discovered_config(result.source, found), comment)
        path.write_text(text, encoding="utf-8")
    except (OSError, SourceError) as exc:
        fail(f"--write-config: {exc}")
        return
    out.print(f"Source file written: {path}", highlight=False)


@main.command()
@db_option
@click.option(
    "--site",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEMO_SITE,
    show_default=True,
    help="Saved site to serve.",
)
@click.option("-v", "--verbose", count=True, help="-v: progress log, -vv: debug log.")
def demo(db_url: str | None, site: Path, verbose: int) -> None:
    """Serve the bundled fixture site on 127.0.0.1 and crawl it into the corpus.

    Run it twice: the second run stores nothing new and says so.
    """
    from newsscrape.fixture_server import LOCAL_SETTINGS, FixtureServer

    source = load_source(DEMO_SOURCE)
    try:  # the same port each time, so a second demo shows the incremental stop
        server = FixtureServer(site, DEMO_PORT)
    except OSError:
        server = FixtureServer(site)
    with server:
        urls = [_rebase(u, server.url) for u in source.start_urls]
        out.print(f"Serving {site} at {server.url}", highlight=False)
        _run_and_report(
            DEMO_SOURCE,
            urls=urls,
            db_url=db_url,
            max_pages=None,
            sources_dir=None,
            settings=dict(LOCAL_SETTINGS),
            log_level=("WARNING", "INFO", "DEBUG")[min(verbose, 2)],
            show_articles=True,
        )


def _rebase(url: str, base: str) -> str:
    """The same path and query on another host: how a mirror of a source is addressed."""
    parts, new = urlsplit(url), urlsplit(base)
    return urlunsplit((new.scheme, new.netloc, parts.path, parts.query, ""))


@main.command("serve-fixtures")
@click.argument(
    "site", type=click.Path(file_okay=False, exists=True, path_type=Path), default=DEMO_SITE
)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="0 picks a free port.")
def serve_fixtures(site: Path, port: int) -> None:
    """Serve a saved site on 127.0.0.1 until Ctrl-C (to try a source against it).

    \b
    Example:
      newsscrape serve-fixtures fixtures/amnesty-ca/site --port 8000
      newsscrape crawl amnesty-ca --url http://127.0.0.1:8000/category/media-types/news/news-releases
    """
    from newsscrape.fixture_server import FixtureServer

    server = FixtureServer(site, port)
    out.print(f"Serving {site} at {server.url} (Ctrl-C to stop)", highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@main.command("extract-quotes")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--html/--text", "as_html", default=None, help="Input kind (default: guessed).")
@click.option("--terms", is_flag=True, help="Also print quoted terms (titles, scare quotes).")
@click.option(
    "--language",
    metavar="TAG",
    help="The text's language (en, fr, de, zu…); default: the page's declared one, else en.",
)
def extract_quotes_command(
    path: str, as_html: bool | None, terms: bool, language: str | None
) -> None:
    """Print the quotes in a text or an HTML page, one JSON object per line.

    PATH is a .txt file (paragraphs separated by blank lines), an .html page (its main
    content is found and boilerplate dropped), or - for standard input.

    \b
    Examples:
      newsscrape extract-quotes release.txt
      newsscrape extract-quotes page.html --terms
      newsscrape extract-quotes communique.txt --language fr
      curl -s https://example.org/news/x | newsscrape extract-quotes -
    """
    import json

    from newsscrape.extraction.article import declared_language
    from newsscrape.extraction.maintext import main_paragraphs
    from newsscrape.extraction.text import normalize_paragraphs
    from newsscrape.quotes.extract import extract_quotes

    try:
        with click.open_file(path, encoding="utf-8", errors="replace") as fh:
            content = fh.read()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")
        return
    if as_html is None:
        head = content.lstrip()[:1000].lower()
        as_html = path.lower().endswith((".html", ".htm")) or head.startswith(
            ("<!doctype", "<html")
        )
    if as_html:
        paragraphs = main_paragraphs(content)
        if language is None:
            language = declared_language(content)
    else:
        paragraphs = normalize_paragraphs(re.split(r"\n\s*\n", content))
    for quote in extract_quotes(paragraphs, language):
        if quote.kind == "quote" or terms:
            out.file.write(json.dumps(quote.as_dict(), ensure_ascii=False) + "\n")


@main.command()
@db_option
@click.option("--source", metavar="NAME", help="Only the articles of this source.")
@click.option("--dry-run", is_flag=True, help="Count what would change, write nothing.")
def reextract(db_url: str | None, source: str | None, dry_run: bool) -> None:
    """Extract quotes again from every stored article, replacing those that differ.

    For corpora collected before quotes were extracted, and after the quote engine
    improves. Safe to interrupt and run again.

    \b
    Example:
      newsscrape reextract --source amnesty-ca
    """
    from rich.progress import Progress
    from sqlalchemy import func, select

    from newsscrape.cliutil import corpus_engine
    from newsscrape.quotes.extract import extract_quotes
    from newsscrape.storage.models import ArticleRow
    from newsscrape.storage.speakers import SpeakerDirectory
    from newsscrape.storage.store import Store

    engine = corpus_engine(db_url)
    with engine.connect() as conn:
        total = conn.scalar(select(func.count()).select_from(ArticleRow)) or 0

    def extract(paragraphs: list[str], language: str | None) -> list[dict[str, Any]]:
        return [q.as_dict() for q in extract_quotes(paragraphs, language)]

    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Re-extracting quotes", total=total)
        counts = Store(engine).reextract(
            extract, source=source, dry_run=dry_run,
            progress=lambda n: progress.advance(task, n),
        )  # fmt: skip
    verb = "would change" if dry_run else "changed"
    out.print(
        f"{counts.articles} articles read, {counts.changed} {verb}, {counts.quotes} quotes.",
        highlight=False,
    )
    if not dry_run and counts.changed:
        merged = SpeakerDirectory(engine).resolve()
        out.print(f"{len(merged)} speaker merges.", highlight=False)


@main.group()
def db() -> None:
    """Database schema: create or migrate (Alembic)."""


@db.command("upgrade")
@db_option
@click.argument("revision", default="head")
def db_upgrade(db_url: str | None, revision: str) -> None:
    """Migrate the database schema to REVISION (default: the latest).

    \b
    Example:
      newsscrape db upgrade --db postgresql+psycopg://user@host/corpus
    """
    from newsscrape.storage.db import current_revision, upgrade

    engine = engine_for(db_url)
    before = current_revision(engine)
    upgrade(engine, revision)
    after = current_revision(engine)
    if before == after:
        out.print(f"{mask_url(resolve_url(db_url))}: already at schema {after}", highlight=False)
    else:
        out.print(
            f"{mask_url(resolve_url(db_url))}: schema {before or 'none'} → {after}",
            highlight=False,
        )


@db.command("current")
@db_option
def db_current(db_url: str | None) -> None:
    """Print the database's schema revision and the latest one this version knows.

    \b
    Example:
      newsscrape db current
    """
    from newsscrape.storage.db import current_revision, head_revision

    engine = engine_for(db_url)
    out.print(
        f"{mask_url(resolve_url(db_url))}: schema {current_revision(engine) or 'none'} "
        f"(latest: {head_revision()})",
        highlight=False,
    )


main.add_command(sources)
main.add_command(speakers)
main.add_command(quotes)
main.add_command(articles)
main.add_command(export)
main.add_command(report)
main.add_command(runs)
main.add_command(status)
main.add_command(schedule)
main.add_command(scheduler)
main.add_command(replay)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
def serve(db_url: str | None, host: str, port: int) -> None:
    """Browse the corpus in Datasette (read-only): facets, full-text search, canned queries.

    Nothing served can change the corpus: the file is opened immutable, only SELECT
    statements run, and no Datasette plugin that could write is loaded.

    \b
    Example:
      newsscrape serve --db sqlite:///newsscrape.db --port 8001
    """
    import contextlib
    import json
    import signal
    import subprocess
    import tempfile

    from newsscrape.browse import datasette_command, metadata, prepare_corpus
    from newsscrape.storage.db import parse_url, require_existing

    # No engine (connecting would set pragmas and create or migrate a schema): serving
    # only reads. A PostgreSQL URL is refused before anything connects to it.
    try:
        parsed = parse_url(resolve_url(db_url))
        database = parsed.database or ""
        if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
            fail("serve needs a SQLite corpus; from PostgreSQL, `newsscrape export` it first")
        require_existing(db_url)
        db_file = Path(database).resolve()
        prepare_corpus(db_file)
    except DatabaseError as exc:
        fail(str(exc))
    with tempfile.TemporaryDirectory() as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(db_file.stem)), encoding="utf-8")
        out.print(f"Serving {db_file} read-only at http://{host}:{port}/ (Ctrl-C stops)")
        server = subprocess.Popen(datasette_command(db_file, meta, host, port))
        # SIGTERM (a service manager, `kill`) stops Datasette too, as Ctrl-C does, instead of
        # leaving it serving the corpus with nobody watching.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how one stops serving
                server.wait()
        finally:
            signal.signal(signal.SIGTERM, previous)
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except (subprocess.TimeoutExpired, KeyboardInterrupt):
                    server.kill()
                    server.wait()


def _interrupt(_signum: int, _frame: Any) -> None:
    """A SIGTERM handler: stop the way Ctrl-C stops."""
    raise KeyboardInterrupt


@db.command("reindex")
@db_option
def db_reindex(db_url: str | None) -> None:
    """Rebuild the full-text search indexes from the stored quotes and articles.

    They are kept current by the database itself; rebuild after restoring a backup made
    with another tool, or if a search ever misses text you know is there.

    \b
    Example:
      newsscrape db reindex
    """
    from newsscrape.cliutil import corpus_engine
    from newsscrape.storage.db import reindex

    engine = corpus_engine(db_url)
    done = reindex(engine)
    out.print(f"{mask_url(resolve_url(db_url))}: rebuilt {', '.join(done)}", highlight=False)


if __name__ == "__main__":
    main()
