"""The corpus store: classifies and writes articles, records crawl runs and their issues.

Every article is classified against what the corpus already holds:

- new: no known URL and no known text: inserted with its URL.
- unchanged: a known URL with the same content: only `last_seen` moves.
- updated: a known URL whose content changed: the current version is copied to
  `article_revisions`, then the article is updated in place (nothing is ever lost).
- duplicate: the same URL a second time in one run, or identical text at a new URL (the new
  URL is recorded as an alias of the stored article).

Writes are batched, one transaction per batch, and every insert is conflict-tolerant
(`ON CONFLICT DO NOTHING` then re-read), so a concurrent writer or a replayed batch cannot
create a duplicate: the unique constraints decide, not a race.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from newsscrape.items import Article
from newsscrape.storage.models import (
    ArticleRevision,
    ArticleRow,
    ArticleURL,
    CrawlIssue,
    CrawlRun,
    QuoteRow,
    SourceRow,
    SpeakerAlias,
    SpeakerRow,
    utcnow,
)
from newsscrape.storage.speakers import record_roles

logger = logging.getLogger(__name__)
_IN_CHUNK = 500  # bound on IN (...) lists: SQLite allows 32766 parameters, stay well below


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"


@dataclass(slots=True)
class _Known:
    """What the database says about one URL."""

    article_id: int
    kind: str
    url_last_run: int | None
    content_hash: str
    version_hash: str


def chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    """Slices small enough for one IN (...) list."""
    for i in range(0, len(values), _IN_CHUNK):
        yield values[i : i + _IN_CHUNK]


class Store:
    """Scrapy-free writer for the corpus; one per process, shared by pipelines and extensions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._source_ids: dict[str, int] = {}
        self._statements: dict[str, Any] = {}  # built once, executed with parameters
        dialect = engine.dialect.name
        self._insert = postgresql.insert if dialect == "postgresql" else sqlite.insert

    # -- sources and runs ---------------------------------------------------------------

    def source_id(self, name: str, title: str | None = None, conn: Connection | None = None) -> int:
        """Id of the named source, created on first use.

        Inside a batch pass the batch's connection: a second connection would wait for the
        write lock the batch itself holds (on SQLite, until the busy timeout).
        """
        if name in self._source_ids:
            return self._source_ids[name]
        if conn is None:
            with self.engine.begin() as own:
                return self.source_id(name, title, own)
        conn.execute(
            self._insert(SourceRow)
            .values(name=name, title=title, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["name"])
        )
        sid = conn.scalar(select(SourceRow.id).where(SourceRow.name == name))
        assert sid is not None
        self._source_ids[name] = sid
        return sid

    def start_run(
        self, source: str, title: str | None, start_urls: list[str], **fields: Any
    ) -> int:
        """Open a run row; `fields` are further CrawlRun columns (mode, trigger, pid...)."""
        sid = self.source_id(source, title)
        now = utcnow()
        with self.engine.begin() as conn:
            run_id = conn.scalar(
                insert(CrawlRun)
                .values(
                    source_id=sid,
                    started_at=now,
                    heartbeat_at=now,
                    status="running",
                    start_urls=start_urls,
                    **fields,
                )
                .returning(CrawlRun.id)
            )
        assert run_id is not None
        return run_id

    def update_run(self, run_id: int, **fields: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(**fields))

    def finish_run(self, run_id: int, *, status: str, reason: str | None, **counts: Any) -> None:
        now = utcnow()
        self.update_run(
            run_id, finished_at=now, heartbeat_at=now, status=status, finish_reason=reason,
            **counts,
        )  # fmt: skip

    def record_issues(self, run_id: int, issues: Sequence[dict[str, Any]]) -> None:
        """Store failures and warnings: each dict has severity, kind, url, reason."""
        if not issues:
            return
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(
                insert(CrawlIssue), [{"run_id": run_id, "created_at": now, **i} for i in issues]
            )

    def run_date_range(self, run_id: int) -> tuple[date | None, date | None]:
        """Earliest and latest publication date among the articles a run saw."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(func.min(ArticleRow.published_date), func.max(ArticleRow.published_date))
                .join(ArticleURL, ArticleURL.article_id == ArticleRow.id)
                .where(ArticleURL.last_run_id == run_id)
            ).one()
        return row[0], row[1]

    # -- articles -------------------------------------------------------------------------

    def reextract(
        self,
        extract: Callable[[list[str], str | None], list[dict[str, Any]]],
        *,
        source: str | None = None,
        batch_size: int = 200,
        dry_run: bool = False,
        progress: Callable[[int], None] | None = None,
    ) -> ReextractCounts:
        """Run the quote engine again over stored articles; replace quotes that differ.

        For corpora stored before quotes existed (schema 0001) and after engine
        improvements. Articles are read in id order, `batch_size` at a time (memory stays
        flat), and each batch is one transaction, so an interruption loses nothing and a
        second run picks up where the first left off (unchanged articles are skipped).
        """
        counts = ReextractCounts()
        last = 0
        while True:
            with self.engine.begin() as conn:
                query = select(
                    ArticleRow.id, ArticleRow.body, ArticleRow.published_date, ArticleRow.language
                )
                if source is not None:
                    query = query.join(SourceRow).where(SourceRow.name == source)
                rows = conn.execute(
                    query.where(ArticleRow.id > last).order_by(ArticleRow.id).limit(batch_size)
                ).all()
                if not rows:
                    return counts
                ids = [r.id for r in rows]
                stored: dict[int, list[tuple[Any, ...]]] = {i: [] for i in ids}
                for row in conn.execute(
                    select(QuoteRow.article_id, *_COMPARED)
                    .where(QuoteRow.article_id.in_(ids))
                    .order_by(QuoteRow.article_id, QuoteRow.position)
                ):
                    stored[row[0]].append(tuple(row[1:]))
                writer = QuoteWriter(self, conn)
                for row in rows:
                    paragraphs = [p for p in row.body.split("\n\n") if p.strip()]
                    quotes = extract(paragraphs, row.language)
                    fresh = [tuple(q.get(c.key) for c in _COMPARED) for q in quotes]
                    counts.articles += 1
                    counts.quotes += sum(1 for q in quotes if q.get("kind") == "quote")
                    if fresh != stored[row.id]:
                        counts.changed += 1
                        if not dry_run:
                            writer.write(row.id, quotes, row.published_date, replace=True)
                writer.flush_roles()
                last = ids[-1]
            if progress:
                progress(len(rows))

    def write_articles(self, articles: Sequence[Article], run_id: int) -> list[Outcome]:
        """Classify and write a batch in one transaction; returns one outcome per article."""
        if not articles:
            return []
        for attempt in range(_RETRIES + 1):
            try:
                with self.engine.begin() as conn:
                    return _BatchWriter(self, conn, run_id).write(articles)
            except DBAPIError as exc:
                # Concurrent writers (distributed workers) can deadlock or find the database
                # locked; the batch is one transaction, so it is simply tried again.
                if attempt == _RETRIES or not _transient(exc):
                    raise
                time.sleep(0.05 * 2**attempt + random.random() * 0.05)
        raise AssertionError("unreachable")


_RETRIES = 5
# PostgreSQL: deadlock detected, serialization failure. SQLite: database is locked or busy.
_TRANSIENT_CODES = ("40P01", "40001")
_TRANSIENT_TEXT = ("database is locked", "database table is locked", "deadlock detected")


def _transient(exc: DBAPIError) -> bool:
    """An error that says "try again", not "this batch is wrong"."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in _TRANSIENT_CODES:
        return True
    return any(t in str(exc.orig).lower() for t in _TRANSIENT_TEXT)


class _BatchWriter:
    """One batch, one transaction. In-memory maps let a batch see its own writes."""

    def __init__(self, store: Store, conn: Connection, run_id: int) -> None:
        self.store = store
        self.conn = conn
        self.run_id = run_id
        self.now = utcnow()
        self.by_url: dict[str, _Known] = {}
        self.by_hash: dict[str, int] = {}
        self.quotes = QuoteWriter(store, conn)

    def write(self, articles: Sequence[Article]) -> list[Outcome]:
        self._prefetch(articles)
        # Speakers first, in one global order: concurrent batches then take their locks in
        # the same order and cannot deadlock on them.
        names = {
            (q["speaker"], q.get("speaker_kind") or "person")
            for a in articles
            for q in a.quotes
            if q.get("speaker")
        }
        self.quotes.prefetch_speakers(names)
        for name, kind in sorted(names):
            self.quotes._speaker_id(name, kind)
        outcomes = [self._write_one(a) for a in articles]
        self.quotes.flush_roles()
        return outcomes

    def _prefetch(self, articles: Sequence[Article]) -> None:
        urls = sorted({u for a in articles for u in (a.canonical_url, *a.variant_urls) if u})
        for chunk in chunks(urls):
            rows = self.conn.execute(
                select(
                    ArticleURL.url,
                    ArticleURL.article_id,
                    ArticleURL.kind,
                    ArticleURL.last_run_id,
                    ArticleRow.content_hash,
                    ArticleRow.version_hash,
                )
                .join(ArticleRow, ArticleRow.id == ArticleURL.article_id)
                .where(ArticleURL.url.in_(chunk))
            )
            for url, aid, kind, last_run, chash, vhash in rows:
                self.by_url[url] = _Known(aid, kind, last_run, chash, vhash)
        hashes = sorted({a.content_hash for a in articles if a.content_hash})
        for chunk in chunks(hashes):
            rows = self.conn.execute(
                select(ArticleRow.content_hash, ArticleRow.id).where(
                    ArticleRow.content_hash.in_(chunk)
                )
            )
            self.by_hash.update({h: aid for h, aid in rows})

    def _write_one(self, article: Article, *, retried: bool = False) -> Outcome:
        if not (article.canonical_url and article.content_hash and article.version_hash):
            raise ValueError(f"article {article.url} reached the store without dedup keys")
        sid = self.store.source_id(article.source, conn=self.conn)
        url = article.canonical_url
        known = self.by_url.get(url)
        diverged = (
            known is not None
            and known.kind == "alias"
            and (known.content_hash != article.content_hash)
        )
        if known is not None and not diverged:
            outcome = self._known_url(article, known)
        elif (twin := self.by_hash.get(article.content_hash)) is not None:
            self._point_url(url, twin, sid, "alias", article, repoint=diverged)
            outcome = Outcome.DUPLICATE
        else:
            aid = self._insert_article(article, sid)
            if aid is None:
                # Another writer stored this text or URL since the prefetch: read, classify again.
                if retried:
                    raise RuntimeError(f"cannot classify {article.url}: conflicting rows")
                self._prefetch([article])
                return self._write_one(article, retried=True)
            self._point_url(url, aid, sid, "canonical", article, repoint=diverged)
            self.quotes.write(aid, article.quotes, article.published_date)
            outcome = Outcome.NEW
        self._record_variants(article, sid)
        return outcome

    def _known_url(self, article: Article, known: _Known) -> Outcome:
        if known.url_last_run == self.run_id:
            return Outcome.DUPLICATE
        self._touch_url(article.canonical_url or "", known)
        if known.kind == "alias":
            return Outcome.DUPLICATE
        aid = known.article_id
        if known.version_hash == article.version_hash:
            self.conn.execute(
                update(ArticleRow)
                .where(ArticleRow.id == aid)
                .values(last_seen_at=self.now, last_run_id=self.run_id)
            )
            return Outcome.UNCHANGED
        other = self.by_hash.get(article.content_hash or "")
        if other is not None and other != aid:
            # The edited text is already stored as another article: nothing to lose.
            logger.warning("%s now carries the text of article %s; not updated", article.url, other)
            return Outcome.DUPLICATE
        self._save_revision(aid)
        self.conn.execute(
            update(ArticleRow)
            .where(ArticleRow.id == aid)
            .values(
                **_content_values(article),
                revision=ArticleRow.revision + 1,
                updated_at=self.now,
                last_seen_at=self.now,
                last_run_id=self.run_id,
            )
        )
        self.quotes.write(aid, article.quotes, article.published_date, replace=True)
        self.by_hash.pop(known.content_hash, None)
        self.by_hash[article.content_hash or ""] = aid
        known.content_hash = article.content_hash or ""
        known.version_hash = article.version_hash or ""
        return Outcome.UPDATED

    def _save_revision(self, aid: int) -> None:
        """Copy the current version into article_revisions, inside the same transaction."""
        current = select(
            ArticleRow.id,
            ArticleRow.revision,
            *(getattr(ArticleRow, c) for c in _REVISION_COLUMNS),
            literal(self.now, ArticleRevision.superseded_at.type),
            literal(self.run_id, ArticleRevision.superseded_by_run_id.type),
        ).where(ArticleRow.id == aid)
        self.conn.execute(
            insert(ArticleRevision).from_select(
                [
                    "article_id",
                    "revision",
                    *_REVISION_COLUMNS,
                    "superseded_at",
                    "superseded_by_run_id",
                ],
                current,
            )
        )

    def _insert_article(self, article: Article, sid: int) -> int | None:
        # One statement for the store's life, executed with parameters: `.values(...)` per
        # article coerced every column anew and was most of the insert's cost.
        stmt = self.store._statements.get("insert_article")
        if stmt is None:
            stmt = self.store._insert(ArticleRow).on_conflict_do_nothing().returning(ArticleRow.id)
            self.store._statements["insert_article"] = stmt
        return self.conn.scalar(
            stmt,
            {
                "source_id": sid,
                "canonical_url": article.canonical_url,
                **_content_values(article),
                "revision": 1,
                "first_seen_at": self.now,
                "last_seen_at": self.now,
                "first_run_id": self.run_id,
                "last_run_id": self.run_id,
            },
        )

    def _point_url(
        self, url: str, aid: int, sid: int, kind: str, article: Article, *, repoint: bool
    ) -> None:
        """Map `url` to article `aid`; `repoint` moves a URL whose page stopped being a copy."""
        values = {
            "article_id": aid,
            "kind": kind,
            "last_seen_at": self.now,
            "last_run_id": self.run_id,
        }
        if repoint:
            self.conn.execute(update(ArticleURL).where(ArticleURL.url == url).values(**values))
        else:
            stmt = self.store._statements.get("insert_url")
            if stmt is None:
                stmt = self.store._insert(ArticleURL).on_conflict_do_nothing(index_elements=["url"])
                self.store._statements["insert_url"] = stmt
            self.conn.execute(
                stmt, {"url": url, "source_id": sid, "first_seen_at": self.now, **values}
            )
        self.by_hash.setdefault(article.content_hash or "", aid)
        self.by_url[url] = _Known(
            aid, kind, self.run_id, article.content_hash or "", article.version_hash or ""
        )

    def _touch_url(self, url: str, known: _Known) -> None:
        self.conn.execute(
            update(ArticleURL)
            .where(ArticleURL.url == url)
            .values(last_seen_at=self.now, last_run_id=self.run_id)
        )
        known.url_last_run = self.run_id

    def _record_variants(self, article: Article, sid: int) -> None:
        """Remember other addresses of the page, so later runs know them before fetching."""
        target = self.by_url.get(article.canonical_url or "")
        if target is None:
            return
        for url in article.variant_urls:
            known = self.by_url.get(url)
            if known is None:
                self._point_url(url, target.article_id, sid, "variant", article, repoint=False)
            elif known.url_last_run != self.run_id:
                self._touch_url(url, known)


class QuoteWriter:
    """Writes an article's quotes and their speakers inside the caller's transaction.

    Shared by the batch writer (crawls) and re-extraction, so both name speakers and record
    their roles the same way.
    """

    def __init__(self, store: Store, conn: Connection) -> None:
        self.conn = conn
        self.insert = store._insert
        self.now = utcnow()
        self.speakers: dict[tuple[str, str], int] = {}  # per transaction: rolled back with it
        # Roles are written together by flush_roles(): one statement per batch, not per quote.
        self.roles: list[tuple[int, str | None, str | None, date | None]] = []

    def write(
        self, aid: int, quotes: Sequence[dict[str, Any]], published: date | None,
        *, replace: bool = False,
    ) -> None:  # fmt: skip
        """The quotes of the article's current text; an edit replaces them all, atomically."""
        if replace:
            self.conn.execute(delete(QuoteRow).where(QuoteRow.article_id == aid))
        rows = []
        for position, quote in enumerate(quotes):
            name, kind = quote.get("speaker"), quote.get("speaker_kind") or "person"
            speaker_id = self._speaker_id(name, kind) if name else None
            rows.append(
                {
                    "article_id": aid,
                    "position": position,
                    "speaker_id": speaker_id,
                    **{k: quote.get(k) for k in _QUOTE_COLUMNS},
                }
            )
            if speaker_id is not None and quote.get("kind") == "quote":
                self.roles.append(
                    (speaker_id, quote.get("title"), quote.get("organisation"), published)
                )
        if rows:
            self.conn.execute(_QUOTE_INSERT, rows)

    def flush_roles(self) -> None:
        """Write the roles the quotes written so far gave their speakers (before commit)."""
        roles, self.roles = self.roles, []
        record_roles(self.conn, self.insert, roles)

    def prefetch_speakers(self, names: Iterable[tuple[str, str]]) -> None:
        """Look up the batch's known speakers in one query per chunk, not one per name."""
        wanted = {n for n in names if n not in self.speakers}
        for chunk in chunks(sorted({name for name, _ in wanted})):
            rows = self.conn.execute(
                select(SpeakerAlias.alias, SpeakerAlias.kind, SpeakerAlias.speaker_id).where(
                    SpeakerAlias.alias.in_(chunk)
                )
            )
            for alias, kind, sid in rows:
                if (alias, kind) in wanted:
                    self.speakers[(alias, kind)] = sid

    def _speaker_id(self, name: str, kind: str) -> int:
        """The speaker known under this exact name, created on first sight."""
        key = (name, kind)
        if key in self.speakers:
            return self.speakers[key]
        found = self.conn.scalar(
            select(SpeakerAlias.speaker_id).where(
                SpeakerAlias.alias == name, SpeakerAlias.kind == kind
            )
        )
        if found is None:
            sid = self.conn.scalar(
                insert(SpeakerRow)
                .values(name=name, kind=kind, created_at=self.now)
                .returning(SpeakerRow.id)
            )
            self.conn.execute(
                self.insert(SpeakerAlias)
                .values(speaker_id=sid, alias=name, kind=kind, reason="exact", created_at=self.now)
                .on_conflict_do_nothing(index_elements=["alias", "kind"])
            )
            found = self.conn.scalar(
                select(SpeakerAlias.speaker_id).where(
                    SpeakerAlias.alias == name, SpeakerAlias.kind == kind
                )
            )
            if found != sid:  # another writer named this speaker first: use theirs
                self.conn.execute(delete(SpeakerRow).where(SpeakerRow.id == sid))
        assert found is not None
        self.speakers[key] = found
        return found


@dataclass(slots=True)
class ReextractCounts:
    articles: int = 0
    changed: int = 0
    quotes: int = 0


_QUOTE_INSERT = insert(QuoteRow)  # built once: executed with each article's rows

_QUOTE_COLUMNS = (
    "kind",
    "text",
    "speaker",
    "mention",
    "title",
    "organisation",
    "cue",
    "pattern",
    "confidence",
    "paragraph_start",
    "paragraph_end",
    "char_start",
    "char_end",
)

# What decides whether re-extraction changed an article's quotes.
_COMPARED = (
    QuoteRow.kind, QuoteRow.text, QuoteRow.speaker, QuoteRow.title, QuoteRow.organisation,
    QuoteRow.pattern, QuoteRow.paragraph_start, QuoteRow.char_start,
)  # fmt: skip

_REVISION_COLUMNS = (
    "url",
    "headline",
    "published",
    "published_date",
    "published_raw",
    "body",
    "teaser",
    "author",
    "language",
    "content_hash",
    "version_hash",
    "fetched_at",
)


def _content_values(article: Article) -> dict[str, Any]:
    return {
        "url": article.url,
        "headline": article.headline,
        "published": article.published,
        "published_date": article.published_date,
        "published_raw": article.published_raw[:300] if article.published_raw else None,
        "body": "\n\n".join(article.body),
        "teaser": article.teaser,
        "author": "; ".join(article.authors) or None,
        "language": article.language,
        "content_hash": article.content_hash,
        "version_hash": article.version_hash,
        "fetched_at": article.fetched_at,
    }
