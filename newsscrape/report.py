"""What a crawl collected, for people: the run summary and a glance at the articles."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from newsscrape.storage.models import (
    ArticleRow,
    ArticleURL,
    CrawlIssue,
    CrawlRun,
    QuoteRow,
    SourceRow,
)

_SHOWN_ISSUES = 10


@dataclass(slots=True)
class RunSummary:
    run: CrawlRun
    source: str
    issues: list[CrawlIssue]

    @property
    def errors(self) -> list[CrawlIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[CrawlIssue]:
        return [i for i in self.issues if i.severity == "warning"]


def load_run(engine: Engine, run_id: int) -> RunSummary:
    with Session(engine) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            raise LookupError(f"no crawl run {run_id}")
        source = session.get(SourceRow, run.source_id)
        issues = list(
            session.scalars(
                select(CrawlIssue).where(CrawlIssue.run_id == run_id).order_by(CrawlIssue.id)
            )
        )
        return RunSummary(run, source.name if source else "?", issues)


def verdict(run: CrawlRun) -> str:
    """One sentence a person reads first."""
    refused = int((run.stats or {}).get("newsscrape/articles/deadletter") or 0)
    if refused and run.deadletter_path:
        return (
            f"The database refused {refused} articles; none is lost: they are in "
            f"{run.deadletter_path}. Once the database is back: "
            f"newsscrape replay {run.deadletter_path}"
        )
    if run.status != "succeeded":
        return f"The crawl {run.status} ({run.finish_reason})."
    if run.new or run.updated:
        return f"Stored {run.new} new and {run.updated} updated articles."
    if run.found:
        stopped = (run.stats or {}).get("newsscrape/listing/stopped")
        where = f" (stopped: {stopped})" if stopped else ""
        seen = f" ({run.unchanged} fetched again, unchanged)" if run.unchanged else ""
        return f"Nothing new: every article found was already stored{seen}{where}."
    return "No articles found: check the source's listing selectors or the start URL."


def print_summary(console: Console, summary: RunSummary, limit: int | None = _SHOWN_ISSUES) -> None:
    run = summary.run
    seconds = (
        (run.finished_at - run.started_at).total_seconds() if run.finished_at else float("nan")
    )
    table = Table(
        title=f"Crawl run {run.id} · {summary.source} · {run.mode} · {run.status} "
        f"in {seconds:.1f} s",
        show_header=False,
        title_justify="left",
    )
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_column(style="dim")
    rows = [
        ("listing pages", run.pages, ""),
        ("articles found", run.found, "links on the listing pages"),
        ("new", run.new, "stored for the first time"),
        ("updated", run.updated, "changed since last seen; earlier version kept"),
        ("unchanged", run.unchanged, "already stored, same content"),
        ("skipped", run.skipped, "already stored, not fetched again (incremental)"),
        ("duplicates", run.duplicates, "same release at another URL or linked twice"),
        ("failed", run.failed, "could not be fetched, read or written"),
        ("warnings", run.warnings, "stored, with something missing (e.g. date)"),
        ("quotes", run.quotes, "direct quotes stored with new or updated articles"),
    ]
    for label, value, note in rows:
        table.add_row(label, str(value), note)
    span = f"{run.date_min} → {run.date_max}" if run.date_min else "no dates"
    table.add_row("date range", span, "")
    console.print(table)
    console.print(verdict(run))
    for title, issues in (("Failures", summary.errors), ("Warnings", summary.warnings)):
        if issues:
            console.print(f"{title}:")
            for issue in issues[:limit]:
                console.print(f"  {issue.kind:<14} {issue.url or '':<60} {issue.reason}")
            if limit is not None and len(issues) > limit:
                console.print(f"  … and {len(issues) - limit} more (`newsscrape runs show --all`)")


def print_run_articles(console: Console, engine: Engine, run_id: int, limit: int = 20) -> None:
    """The articles a run saw, newest first: the quickest check that extraction worked."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                ArticleRow.published_date,
                ArticleRow.headline,
                ArticleRow.body,
                ArticleRow.canonical_url,
                select(func.count(QuoteRow.id))
                .where(QuoteRow.article_id == ArticleRow.id, QuoteRow.kind == "quote")
                .scalar_subquery(),
            )
            .join(ArticleURL, ArticleURL.article_id == ArticleRow.id)
            .where(ArticleURL.last_run_id == run_id, ArticleURL.kind == "canonical")
            .order_by(ArticleRow.published_date.desc(), ArticleRow.id)
            .limit(limit)
        ).all()
    if not rows:
        console.print("No article was fetched in this run; `newsscrape articles` lists the corpus.")
        return
    table = Table(title="Articles in this run", title_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("headline")
    table.add_column("paras", justify="right")
    table.add_column("quotes", justify="right")
    table.add_column("path", overflow="fold", style="dim")
    for published, headline, body, url, quotes in rows:
        paras = len(body.split("\n\n")) if body else 0
        path = urlsplit(url).path
        table.add_row(str(published or "—"), headline or "—", str(paras), str(quotes), path)
    console.print(table)
