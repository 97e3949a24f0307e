"""Questions analysts ask of the corpus: quotes, speakers and articles, filtered.

One query layer for the CLI and the Python API (`newsscrape.Corpus`), on SQLite (FTS5) and
PostgreSQL (tsvector). Rows are streamed (`iter_*`), so exports run in constant memory; the
DataFrame methods collect them for interactive work.

Speakers are reported by identity: a quote by "Natalia Zviagina" and one by "Natalya
Zviagina" both carry the identity's name once the two names are merged, and `--speaker`
with either spelling finds both.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rapidfuzz import process
from sqlalchemy import (
    Engine,
    Select,
    and_,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.orm import aliased

from newsscrape.query.filters import FilterError, Filters
from newsscrape.query.search import parse_search, to_fts5, to_tsquery
from newsscrape.storage.db import ensure_schema, make_engine, require_existing
from newsscrape.storage.models import (
    ArticleRow,
    QuoteRow,
    SourceRow,
    SpeakerAlias,
    SpeakerRole,
    SpeakerRow,
)

MARK_START, MARK_END = "\x02", "\x03"  # around matching words in snippets
QUOTE_COLUMNS = (
    "quote_id", "date", "speaker", "speaker_as_written", "speaker_kind", "title",
    "organisation", "text", "snippet", "headline", "url", "source", "pattern", "confidence",
)  # fmt: skip


class Corpus:
    """A collected corpus, for analysis.

    >>> corpus = Corpus("sqlite:///newsscrape.db")
    >>> corpus.quotes(speaker="Natalia Zviagina", since="2021")   # a pandas DataFrame
    """

    def __init__(self, url_or_engine: str | Engine | None = None) -> None:
        if not isinstance(url_or_engine, Engine):
            require_existing(url_or_engine)
        self.engine = (
            url_or_engine if isinstance(url_or_engine, Engine) else make_engine(url_or_engine)
        )
        ensure_schema(self.engine)  # an outdated corpus is an error, never migrated silently
        self.postgres = self.engine.dialect.name == "postgresql"

    # -- speakers -----------------------------------------------------------------------

    def speaker_ids(self, name: str) -> list[int]:
        """Every speaker name in the identity of `name` (any spelling it was quoted under)."""
        with self.engine.connect() as conn:
            hits = conn.execute(
                select(func.coalesce(SpeakerRow.merged_into_id, SpeakerRow.id))
                .join(SpeakerAlias, SpeakerAlias.speaker_id == SpeakerRow.id)
                .where(func.lower(SpeakerAlias.alias) == name.strip().lower())
            ).all()
            if not hits:
                names = conn.scalars(select(SpeakerAlias.alias)).all()
                close = [m[0] for m in process.extract(name, names, limit=3, score_cutoff=60)]
                hint = f"; did you mean: {', '.join(close)}?" if close else ""
                raise FilterError(f"--speaker: no speaker named {name!r}{hint}")
            roots = {int(h[0]) for h in hits}
            return list(
                conn.scalars(
                    select(SpeakerRow.id).where(
                        func.coalesce(SpeakerRow.merged_into_id, SpeakerRow.id).in_(roots)
                    )
                )
            )

    # -- quotes -------------------------------------------------------------------------

    def _quote_query(self, filters: Filters) -> Select[Any]:
        named = aliased(SpeakerRow)
        identity = aliased(SpeakerRow)
        columns: list[Any] = [
            QuoteRow.id.label("quote_id"),
            ArticleRow.published_date.label("date"),
            func.coalesce(identity.name, QuoteRow.speaker).label("speaker"),
            QuoteRow.speaker.label("speaker_as_written"),
            identity.kind.label("speaker_kind"),
            QuoteRow.title,
            QuoteRow.organisation,
            QuoteRow.text,
            ArticleRow.headline,
            ArticleRow.canonical_url.label("url"),
            SourceRow.name.label("source"),
            QuoteRow.pattern,
            QuoteRow.confidence,
        ]
        query = (
            select(*columns)
            .select_from(QuoteRow)
            .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .join(SourceRow, SourceRow.id == ArticleRow.source_id)
            .outerjoin(named, named.id == QuoteRow.speaker_id)
            .outerjoin(identity, identity.id == func.coalesce(named.merged_into_id, named.id))
            .where(QuoteRow.kind == "quote")
        )
        if filters.speaker:
            query = query.where(QuoteRow.speaker_id.in_(self.speaker_ids(filters.speaker)))
        if filters.org:
            pattern = f"%{filters.org.lower()}%"
            query = query.where(
                or_(
                    func.lower(QuoteRow.organisation).like(pattern),
                    and_(identity.kind == "org", func.lower(identity.name).like(pattern)),
                )
            )
        query = apply_common_filters(query, filters)
        rank = None
        if filters.search:
            tree = parse_search(filters.search)
            if self.postgres:
                tsq = func.to_tsquery("simple", bindparam("q", to_tsquery(tree)))
                query = query.where(literal_column("quotes.search").op("@@")(tsq))
                snippet = func.ts_headline(
                    "simple", QuoteRow.text, tsq,
                    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=24, MinWords=10",
                )  # fmt: skip
                rank = func.ts_rank(literal_column("quotes.search"), tsq).desc()
            else:
                fts = table("quotes_fts", column("rowid"), column("rank"))
                query = query.join(fts, fts.c.rowid == QuoteRow.id).where(
                    text("quotes_fts MATCH :q").bindparams(q=to_fts5(tree))
                )
                snippet = func.snippet(
                    literal_column("quotes_fts"), 0, MARK_START, MARK_END, "…", 24
                )
                rank = fts.c.rank
            query = query.add_columns(snippet.label("snippet"))
        else:
            query = query.add_columns(QuoteRow.text.label("snippet"))
        if filters.sort == "relevance" and rank is not None:
            query = query.order_by(rank, QuoteRow.id)
        else:
            query = query.order_by(ArticleRow.published_date.desc(), QuoteRow.id)
        return query.limit(filters.limit) if filters.limit else query

    def iter_quotes(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Quotes as dicts (keys: QUOTE_COLUMNS), streamed in batches from the database."""
        query = self._quote_query(Filters.build(**filters))
        yield from self._stream(query)

    def quotes(self, **filters: Any) -> Any:
        """Quotes as a pandas DataFrame; filters as `iter_quotes`."""
        return _frame(self.iter_quotes(**filters), QUOTE_COLUMNS)

    # -- articles -----------------------------------------------------------------------

    def _article_query(self, filters: Filters) -> Select[Any]:
        counts = (
            select(QuoteRow.article_id, func.count().label("n"))
            .where(QuoteRow.kind == "quote")
            .group_by(QuoteRow.article_id)
            .subquery()
        )
        query = (
            select(
                ArticleRow.id.label("article_id"),
                ArticleRow.published_date.label("date"),
                ArticleRow.headline,
                ArticleRow.canonical_url.label("url"),
                SourceRow.name.label("source"),
                func.coalesce(counts.c.n, 0).label("quotes"),
                ArticleRow.body,
            )
            .join(SourceRow, SourceRow.id == ArticleRow.source_id)
            .outerjoin(counts, counts.c.article_id == ArticleRow.id)
        )
        if filters.speaker:
            ids = self.speaker_ids(filters.speaker)
            query = query.where(
                ArticleRow.id.in_(select(QuoteRow.article_id).where(QuoteRow.speaker_id.in_(ids)))
            )
        if filters.org:
            pattern = f"%{filters.org.lower()}%"
            query = query.where(
                ArticleRow.id.in_(
                    select(QuoteRow.article_id).where(
                        func.lower(QuoteRow.organisation).like(pattern)
                    )
                )
            )
        query = apply_common_filters(query, filters)
        if filters.search:
            tree = parse_search(filters.search)
            if self.postgres:
                tsq = func.to_tsquery("simple", bindparam("q", to_tsquery(tree)))
                query = query.where(literal_column("articles.search").op("@@")(tsq))
                rank = func.ts_rank(literal_column("articles.search"), tsq).desc()
            else:
                fts = table("articles_fts", column("rowid"), column("rank"))
                query = query.join(fts, fts.c.rowid == ArticleRow.id).where(
                    text("articles_fts MATCH :q").bindparams(q=to_fts5(tree))
                )
                rank = fts.c.rank
            if filters.sort == "relevance":
                query = query.order_by(rank, ArticleRow.id)
        if filters.sort != "relevance":
            query = query.order_by(ArticleRow.published_date.desc(), ArticleRow.id)
        return query.limit(filters.limit) if filters.limit else query

    def iter_articles(self, **filters: Any) -> Iterator[dict[str, Any]]:
        yield from self._stream(self._article_query(Filters.build(**filters)))

    def articles(self, **filters: Any) -> Any:
        return _frame(self.iter_articles(**filters), None)

    # -- speaker identities -------------------------------------------------------------

    def iter_speakers(
        self, search: str | None = None, sort: str = "quotes", limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """One row per identity: names, roles, quote count, first and last quote date."""
        if sort not in ("quotes", "name", "first", "last"):
            raise FilterError(f"--sort: {sort!r} is not one of: quotes, name, first, last")
        root = func.coalesce(SpeakerRow.merged_into_id, SpeakerRow.id)
        head = aliased(SpeakerRow)
        stats = (
            select(
                root.label("speaker_id"),
                func.count(QuoteRow.id).label("quotes"),
                func.min(ArticleRow.published_date).label("first_quote"),
                func.max(ArticleRow.published_date).label("last_quote"),
            )
            .select_from(SpeakerRow)
            .outerjoin(
                QuoteRow, and_(QuoteRow.speaker_id == SpeakerRow.id, QuoteRow.kind == "quote")
            )
            .outerjoin(ArticleRow, ArticleRow.id == QuoteRow.article_id)
            .group_by(root)
            .subquery()
        )
        query = select(
            stats.c.speaker_id, head.name, head.kind, stats.c.quotes, stats.c.first_quote,
            stats.c.last_quote,
        ).join(head, head.id == stats.c.speaker_id)  # fmt: skip
        if search:
            members = select(root).where(func.lower(SpeakerRow.name).like(f"%{search.lower()}%"))
            query = query.where(stats.c.speaker_id.in_(members))
        order = {
            "quotes": (stats.c.quotes.desc(), head.name),
            "name": (head.name,),
            "first": (stats.c.first_quote, head.name),
            "last": (stats.c.last_quote.desc(), head.name),
        }[sort]
        query = query.order_by(*order)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
            ids = [r["speaker_id"] for r in rows]
            names: dict[int, list[str]] = {i: [] for i in ids}
            roles: dict[int, list[str]] = {i: [] for i in ids}
            for member_root, name in conn.execute(
                select(root, SpeakerRow.name).where(root.in_(ids)).order_by(SpeakerRow.id)
            ):
                names[member_root].append(name)
            for member_root, title, org in conn.execute(
                select(root, SpeakerRole.title, SpeakerRole.organisation)
                .join(SpeakerRow, SpeakerRow.id == SpeakerRole.speaker_id)
                .where(root.in_(ids))
                .order_by(SpeakerRole.last_seen.desc())
            ):
                role = ", ".join(x for x in (title, org) if x)
                if role and role not in roles[member_root]:
                    roles[member_root].append(role)
        for row in rows:
            row["aliases"] = [n for n in names[row["speaker_id"]] if n != row["name"]]
            row["roles"] = roles[row["speaker_id"]]
            yield row

    def speakers(self, **options: Any) -> Any:
        return _frame(self.iter_speakers(**options), None)

    # -- plumbing -----------------------------------------------------------------------

    def _stream(self, query: Select[Any]) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=1000).execute(query)
            for row in result:
                yield dict(row._mapping)


def apply_common_filters(query: Select[Any], filters: Filters) -> Select[Any]:
    """Source and date filters, for any query joined to articles and sources."""
    if filters.source:
        query = query.where(SourceRow.name == filters.source)
    if filters.since:
        query = query.where(ArticleRow.published_date >= filters.since)
    if filters.until:
        query = query.where(ArticleRow.published_date <= filters.until)
    return query


def _frame(rows: Iterator[dict[str, Any]], columns: tuple[str, ...] | None) -> Any:
    import pandas as pd

    data = list(rows)
    frame = pd.DataFrame(data, columns=list(columns) if columns and not data else None)
    if "date" in frame.columns:
        frame["date"] = pd.to_datetime(frame["date"])
    return frame
