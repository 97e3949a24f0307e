"""The store on real databases: classification, revisions, aliases, and constraints that make
duplicates impossible even for code that bypasses the store."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import IntegrityError

from newsscrape.extraction.fingerprint import content_hash, version_hash
from newsscrape.extraction.urls import canonical_url
from newsscrape.items import Article
from newsscrape.storage.db import ensure_schema, make_engine
from newsscrape.storage.models import ArticleRevision, ArticleRow, ArticleURL
from newsscrape.storage.store import Outcome, Store

BODY = [
    "“The news that these young men will not face execution no doubt comes as an immense "
    "relief for them and their families after several agonizing years on death row.",
    "“All three young men were convicted following grossly unfair trials.",
]


def make_article(
    url: str,
    body: list[str] = BODY,
    headline: str = "Death sentences commuted",
    canonical: str | None = None,
    published: str | None = "2021-02-11",
) -> Article:
    article = Article(
        url=url,
        source="test-source",
        fetched_at=datetime.now(UTC),
        headline=headline,
        body=list(body),
        published=published,
    )
    article.canonical_url = canonical_url(canonical or url)
    fetched = canonical_url(url)
    article.variant_urls = [fetched] if fetched != article.canonical_url else []
    article.content_hash = content_hash(headline, body, article.canonical_url)
    article.version_hash = version_hash(headline, body, published)
    return article


@pytest.fixture
def store(db_url: str) -> Store:
    engine = make_engine(db_url)
    assert ensure_schema(engine) == "created"
    return Store(engine)


def count(store: Store, model: type) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model)) or 0


def test_new_then_unchanged_then_updated_keeps_revision(store: Store) -> None:
    run1 = store.start_run("test-source", "Test", [])
    a = make_article("https://example.org/news/a")
    assert store.write_articles([a], run1) == [Outcome.NEW]

    run2 = store.start_run("test-source", "Test", [])
    assert store.write_articles([make_article("https://example.org/news/a")], run2) == [
        Outcome.UNCHANGED
    ]
    edited = make_article("https://example.org/news/a", body=[*BODY, "A new paragraph."])
    run3 = store.start_run("test-source", "Test", [])
    assert store.write_articles([edited], run3) == [Outcome.UPDATED]

    assert count(store, ArticleRow) == 1
    with store.engine.connect() as conn:
        article = conn.execute(select(ArticleRow)).one()
        revision = conn.execute(select(ArticleRevision)).one()
    assert article.revision == 2
    assert article.body.endswith("A new paragraph.")
    assert revision.revision == 1
    assert revision.body == "\n\n".join(BODY)
    assert revision.superseded_by_run_id == run3


def test_same_url_twice_in_one_run_is_a_duplicate(store: Store) -> None:
    run = store.start_run("test-source", None, [])
    first = make_article("https://example.org/news/a")
    second = make_article("https://example.org/news/a/")  # trailing slash: same canonical
    assert store.write_articles([first, second], run) == [Outcome.NEW, Outcome.DUPLICATE]
    # Across batches too.
    assert store.write_articles([make_article("https://example.org/news/a#x")], run) == [
        Outcome.DUPLICATE
    ]
    assert count(store, ArticleRow) == 1


def test_identical_text_at_new_url_is_stored_once_as_alias(store: Store) -> None:
    run = store.start_run("test-source", None, [])
    original = make_article("https://example.org/news/a")
    copy = make_article("https://example.org/statements/a-copy")
    assert store.write_articles([original, copy], run) == [Outcome.NEW, Outcome.DUPLICATE]
    assert count(store, ArticleRow) == 1
    with store.engine.connect() as conn:
        kinds = dict(conn.execute(select(ArticleURL.url, ArticleURL.kind)).all())
    assert kinds == {
        "https://example.org/news/a": "canonical",
        "https://example.org/statements/a-copy": "alias",
    }
    # A second run sees the same: the copy stays a duplicate, the original unchanged.
    run2 = store.start_run("test-source", None, [])
    again = [
        make_article("https://example.org/statements/a-copy"),
        make_article("https://example.org/news/a"),
    ]
    assert store.write_articles(again, run2) == [Outcome.DUPLICATE, Outcome.UNCHANGED]


def test_alias_whose_page_diverges_becomes_its_own_article(store: Store) -> None:
    run = store.start_run("test-source", None, [])
    store.write_articles(
        [make_article("https://example.org/news/a"), make_article("https://example.org/copy/a")],
        run,
    )
    run2 = store.start_run("test-source", None, [])
    diverged = make_article("https://example.org/copy/a", body=["Something else entirely."])
    assert store.write_articles([diverged], run2) == [Outcome.NEW]
    assert count(store, ArticleRow) == 2
    with store.engine.connect() as conn:
        kind = conn.scalar(
            select(ArticleURL.kind).where(ArticleURL.url == "https://example.org/copy/a")
        )
    assert kind == "canonical"


def test_variant_urls_are_recorded_and_recognised(store: Store) -> None:
    run = store.start_run("test-source", None, [])
    fetched = make_article("http://127.0.0.1:8000/node/7", canonical="https://example.org/news/a")
    assert store.write_articles([fetched], run) == [Outcome.NEW]
    with store.engine.connect() as conn:
        urls = dict(conn.execute(select(ArticleURL.url, ArticleURL.kind)).all())
    assert urls == {
        "https://example.org/news/a": "canonical",
        "http://127.0.0.1:8000/node/7": "variant",
    }


def test_short_or_empty_pages_are_never_merged(store: Store) -> None:
    run = store.start_run("test-source", None, [])
    empty1 = make_article("https://example.org/news/e1", body=[], headline="")
    empty2 = make_article("https://example.org/news/e2", body=[], headline="")
    assert store.write_articles([empty1, empty2], run) == [Outcome.NEW, Outcome.NEW]


def test_database_rejects_duplicates_written_around_the_store(store: Store) -> None:
    run = store.start_run("test-source", None, [])
    store.write_articles([make_article("https://example.org/news/a")], run)
    with store.engine.connect() as conn:
        row = conn.execute(select(ArticleRow)).one()._asdict()
    row.pop("id")
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(insert(ArticleRow).values(**row))
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(
            insert(ArticleURL).values(
                url="https://example.org/news/a",
                article_id=1,
                source_id=row["source_id"],
                kind="alias",
                first_seen_at=row["first_seen_at"],
                last_seen_at=row["first_seen_at"],
            )
        )


def test_migrations_match_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from newsscrape.storage.db import include_object
    from newsscrape.storage.models import Base

    engine = make_engine(db_url)
    ensure_schema(engine)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": include_object}
            ),
            Base.metadata,
        )
    assert diff == []


def with_quotes(article: Article) -> Article:
    from newsscrape.quotes.extract import extract_quotes

    article.quotes = [q.as_dict() for q in extract_quotes(article.body)]
    return article


QUOTED = [
    "Lynn Maalouf, Deputy Director at Amnesty International, said:",
    "“The news that these young men will not face execution no doubt comes as an immense "
    "relief for them and their families after several agonizing years on death row.",
]


def quote_rows(store: Store) -> list[tuple[str, str | None]]:
    from newsscrape.storage.models import QuoteRow, SpeakerRow

    with store.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(QuoteRow.text, SpeakerRow.name)
                .join(SpeakerRow, SpeakerRow.id == QuoteRow.speaker_id, isouter=True)
                .order_by(QuoteRow.id)
            )
        ]


def test_quotes_are_written_once_and_replaced_atomically_on_edit(store: Store) -> None:
    from newsscrape.storage.models import SpeakerRow

    run = store.start_run("test-source", None, [])
    store.write_articles([with_quotes(make_article("https://e.org/a", body=QUOTED))], run)
    first = quote_rows(store)
    assert [s for _, s in first] == ["Lynn Maalouf"]

    run2 = store.start_run("test-source", None, [])
    store.write_articles([with_quotes(make_article("https://e.org/a", body=QUOTED))], run2)
    assert quote_rows(store) == first  # unchanged article: quotes untouched, not duplicated

    edited = [*QUOTED, "“We urge the authorities to release them,” said Ahmed Benchemsi."]
    run3 = store.start_run("test-source", None, [])
    outcome = store.write_articles(
        [with_quotes(make_article("https://e.org/a", body=edited))], run3
    )
    assert outcome == [Outcome.UPDATED]
    assert [s for _, s in quote_rows(store)] == ["Lynn Maalouf", "Ahmed Benchemsi"]

    # A second article quoting the same person reuses the speaker.
    other = [*QUOTED[:1], "“Another statement with enough words to be a quote.”"]
    store.write_articles([with_quotes(make_article("https://e.org/b", body=other))], run3)
    assert count(store, SpeakerRow) == 2


def test_migration_0007_adds_the_author_column(db_url: str) -> None:
    """A corpus at 0006 gains the author column, and writes fill it from the bylines."""
    from newsscrape.storage.db import upgrade
    from newsscrape.storage.models import ArticleRow

    engine = make_engine(db_url)
    upgrade(engine, "0006")
    with engine.begin() as conn:
        columns = [c["name"] for c in sa_inspect(conn).get_columns("articles")]
    assert "author" not in columns
    upgrade(engine, "head")
    store = Store(engine)
    run = store.start_run("test-source", None, [])
    article = make_article("https://e.org/by")
    article.authors = ["Ana Silva", "Jo Park"]
    store.write_articles([article], run)
    with engine.connect() as conn:
        assert conn.execute(select(ArticleRow.author)).scalar_one() == "Ana Silva; Jo Park"
