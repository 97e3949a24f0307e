"""The corpus schema (SQLAlchemy 2.x declarative). Changes go through Alembic migrations.

Duplicates are made impossible by the database itself, not only by code: every URL maps to one
article (`article_urls.url` unique) and one text is stored once (`articles.content_hash`
unique). Nothing collected is overwritten: an edit moves the previous version to
`article_revisions` first.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite has no time zones and would drop them)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class SourceRow(Base):
    """A configured site, by its source name."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ArticleRow(Base):
    """The current version of one release."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    url: Mapped[str] = mapped_column(String(2048))
    headline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    published_date: Mapped[date | None] = mapped_column(Date, index=True)
    published_raw: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    teaser: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    version_hash: Mapped[str] = mapped_column(String(64))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class ArticleURL(Base):
    """Every URL known to lead to an article.

    kind: `canonical` (the article's own), `variant` (another address of the same page, e.g. the
    URL it was fetched from when the page names another canonical), `alias` (a different page
    republishing identical text).
    """

    __tablename__ = "article_urls"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    kind: Mapped[str] = mapped_column(String(16))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class ArticleRevision(Base):
    """An earlier version of an article, kept when the release was edited."""

    __tablename__ = "article_revisions"
    __table_args__ = (UniqueConstraint("article_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    revision: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(2048))
    headline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    published_date: Mapped[date | None] = mapped_column(Date)
    published_raw: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    teaser: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64))
    version_hash: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    superseded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    superseded_by_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))


class CrawlRun(Base):
    """One crawl of one source: what it found and how it ended."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")
    finish_reason: Mapped[str | None] = mapped_column(String(64))
    start_urls: Mapped[list[str] | None] = mapped_column(JSON)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    found: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    duplicates: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    quotes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    date_min: Mapped[date | None] = mapped_column(Date)
    date_max: Mapped[date | None] = mapped_column(Date)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # How the run was asked for (schema 0006).
    mode: Mapped[str] = mapped_column(
        String(16), default="incremental", server_default="incremental"
    )
    trigger: Mapped[str] = mapped_column(String(16), default="manual", server_default="manual")
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedules.id"), index=True)
    # The interrupted run this one finishes (its articles do not count as "already known").
    resumed_from_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    # Who runs it: a "running" row whose process is gone, or whose heartbeat stopped, was
    # killed; the next look at it records it as interrupted.
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    log_path: Mapped[str | None] = mapped_column(Text)
    deadletter_path: Mapped[str | None] = mapped_column(Text)
    # Known articles not fetched again (incremental), and errors (failed fetches or writes).
    skipped: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    errors: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Field coverage of the articles parsed this run: the health check compares it with the
    # source's own history to spot a site whose markup changed under the selectors.
    parsed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    with_date: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    with_headline: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    with_body: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    with_quotes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Schedule(Base):
    """A recurring crawl of one source, run by `newsscrape scheduler`.

    Exactly one of `cron` and `every_seconds` is set. `next_run_at` is the next due time; it
    moves past "now" when a run starts, so a scheduler that was down starts a missed run once.
    """

    __tablename__ = "schedules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(300), index=True)  # a source name or a file
    sources_dir: Mapped[str | None] = mapped_column(Text)
    cron: Mapped[str | None] = mapped_column(String(120))
    every_seconds: Mapped[int | None] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16), default="incremental")
    # Further crawl options: start URLs, max_pages, Scrapy settings.
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CrawlIssue(Base):
    """A failure or warning met during a run, with the URL it concerns."""

    __tablename__ = "crawl_issues"
    __table_args__ = (Index("ix_crawl_issues_run_id_severity", "run_id", "severity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"))
    severity: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(String(2048))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SpeakerRow(Base):
    """One person or organisation quoted anywhere in the corpus."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))  # person | org
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The identity this name belongs to when merged with others (NULL: it is the identity).
    # A cache of the active links in `speaker_links`, recomputed on every merge and split.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)


class SpeakerRole(Base):
    """A title and organisation a speaker was quoted with, and when (article dates)."""

    __tablename__ = "speaker_roles"
    __table_args__ = (UniqueConstraint("speaker_id", "title", "organisation"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"), index=True)
    title: Mapped[str] = mapped_column(String(500), default="")  # "" when not given
    organisation: Mapped[str] = mapped_column(String(300), default="")
    first_seen: Mapped[date | None] = mapped_column(Date)
    last_seen: Mapped[date | None] = mapped_column(Date)


class SpeakerLink(Base):
    """A decision about two speaker names: one identity ("merge") or never ("apart").

    Nothing is deleted: a split marks the merge undone and records an "apart" link, so the
    history explains every identity and automatic resolution never redoes a split.
    """

    __tablename__ = "speaker_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"), index=True)
    action: Mapped[str] = mapped_column(String(8))  # merge | apart
    method: Mapped[str] = mapped_column(String(8))  # auto | manual
    rule: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SpeakerAlias(Base):
    """A name under which a speaker appears; one alias belongs to one speaker."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("alias", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200), default="exact")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuoteRow(Base):
    """A direct quote (kind "quote") or quoted term (kind "term") of an article's current text.

    Replaced as a whole, in the article's transaction, when the article is edited.
    """

    __tablename__ = "quotes"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text)
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id"), index=True)
    speaker: Mapped[str | None] = mapped_column(String(300))
    mention: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(String(300))
    cue: Mapped[str | None] = mapped_column(String(40))
    pattern: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    paragraph_start: Mapped[int] = mapped_column(Integer)
    paragraph_end: Mapped[int] = mapped_column(Integer)
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
