"""Speaker identity: the merge rules on plain values, then merges and splits in a real corpus."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from newsscrape.extraction.fingerprint import content_hash, version_hash
from newsscrape.extraction.urls import canonical_url
from newsscrape.fixture_server import FixtureServer
from newsscrape.items import Article
from newsscrape.quotes.extract import extract_quotes
from newsscrape.speakers.identity import SpeakerFacts, propose_merges
from newsscrape.speakers.names import org_key, text_key
from newsscrape.storage.db import ensure_schema, make_engine
from newsscrape.storage.models import SpeakerRole
from newsscrape.storage.speakers import SpeakerDirectory, SpeakerError
from newsscrape.storage.store import Store

from .conftest import crawl_cli, run_cli

AI = org_key("Amnesty International")
HRW = org_key("Human Rights Watch")
DIRECTOR = text_key("Moscow Office Director")


def person(sid: int, name: str, orgs: tuple[str, ...] = (), titles: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return SpeakerFacts(sid, name, "person", 1, set(titles), set(orgs))


def pairs(
    *speakers: SpeakerFacts, apart: set[frozenset[int]] | None = None
) -> set[tuple[int, int]]:
    return {(p.a, p.b) for p in propose_merges(speakers, apart)}


def test_transliteration_variants_merge_only_with_evidence() -> None:
    assert pairs(person(1, "Natalya Zviagina", (AI,)), person(2, "Natalia Zviagina", (AI,))) == {
        (1, 2)
    }
    assert pairs(person(1, "Natalya Zviagina", titles=(DIRECTOR,)),
                 person(2, "Natalia Zvyagina", titles=(DIRECTOR,))) == {(1, 2)}  # fmt: skip
    # Same variant, nothing in common: two names, not one speaker.
    assert pairs(person(1, "Aleksei Navalny"), person(2, "Alexei Navalny")) == set()
    assert (
        pairs(person(1, "Natalya Zviagina", (AI,)), person(2, "Natalia Zviagina", (HRW,))) == set()
    )


def test_a_shared_surname_never_merges() -> None:
    assert pairs(person(1, "Kenneth Roth", (HRW,)), person(2, "Kristina Roth", (HRW,))) == set()
    assert pairs(person(1, "Roth", (HRW,)), person(2, "Kenneth Roth", (HRW,))) == set()


def test_an_initial_joining_two_different_people_is_left_alone() -> None:
    kenneth, kristina = person(1, "Kenneth Roth", (HRW,)), person(2, "Kristina Roth", (HRW,))
    initial = person(3, "K. Roth", (HRW,))
    assert pairs(kenneth, initial) == {(1, 3)}
    assert pairs(kenneth, kristina, initial) == set()


def test_spelling_differences_of_one_name_merge_without_evidence() -> None:
    assert pairs(person(1, "Dr. José Ramos-Horta"), person(2, "Jose Ramos Horta")) == {(1, 2)}
    orgs = [SpeakerFacts(1, "The Sixties Scoop Network", "org"),
            SpeakerFacts(2, "Sixties Scoop Network", "org"),
            SpeakerFacts(3, "Sixties Scoop", "person")]  # fmt: skip
    assert pairs(*orgs) == {(1, 2)}


def test_a_split_pair_is_never_proposed_again() -> None:
    a, b = person(1, "Natalya Zviagina", (AI,)), person(2, "Natalia Zviagina", (AI,))
    assert pairs(a, b, apart={frozenset((1, 2))}) == set()


def quoted_article(url: str, published: date, *body: str) -> Article:
    article = Article(
        url=url, source="test-source", fetched_at=datetime.now(UTC), headline=url,
        body=list(body), published=published.isoformat(),
    )  # fmt: skip
    article.published_date = published
    article.canonical_url = canonical_url(url)
    article.content_hash = content_hash(url, article.body, article.canonical_url)
    article.version_hash = version_hash(url, article.body, article.published)
    article.quotes = [q.as_dict() for q in extract_quotes(article.body)]
    return article


CORPUS = [
    ("https://e.org/1", date(2021, 2, 2),
     "“The authorities have shredded any remaining veneer of justice,” said Natalya Zviagina, "
     "Amnesty International’s Moscow Office Director."),
    ("https://e.org/2", date(2021, 1, 29),
     "Natalia Zviagina, Amnesty International’s Moscow Office Director, said:",
     "“The crackdown on dissent in Russia has become increasingly brutal.”"),
    ("https://e.org/3", date(2021, 2, 10),
     "Amnesty International’s Deputy Director for the Middle East and North Africa, "
     "Lynn Maalouf said:", "“Her release is an incredible relief, but long overdue.”"),
    ("https://e.org/4", date(2021, 2, 12),
     "Amnesty International’s Deputy Regional Director for the Middle East and North Africa, "
     "Lynn Maalouf said:", "“The news comes as an immense relief for them and their families.”"),
    ("https://e.org/5", date(2021, 3, 1),
     "“Governments must act,” said Kenneth Roth, Executive Director of Human Rights Watch."),
    ("https://e.org/6", date(2021, 3, 2),
     "“We documented the abuses,” said Kristina Roth, a researcher at Human Rights Watch."),
]  # fmt: skip


@pytest.fixture
def corpus(db_url: str) -> SpeakerDirectory:
    engine = make_engine(db_url)
    ensure_schema(engine)
    store = Store(engine)
    run = store.start_run("test-source", None, [])
    store.write_articles([quoted_article(*row) for row in CORPUS], run)
    return SpeakerDirectory(engine)


def test_corpus_identities_roles_merge_and_split(corpus: SpeakerDirectory) -> None:
    made = corpus.resolve()
    assert [p.rule for p in made] == ["variant-name"]
    assert corpus.resolve() == []  # idempotent

    zviagina = corpus.identity("Natalia Zviagina")
    assert sorted(name for _, name, _ in zviagina.names) == ["Natalia Zviagina", "Natalya Zviagina"]
    assert zviagina.quotes == 2
    [link] = zviagina.links
    assert link["method"] == "auto" and "organisation: amnesty international" in link["evidence"]

    maalouf = corpus.identity("Lynn Maalouf")
    assert len(maalouf.names) == 1
    titles = {(r["title"], r["first_seen"]) for r in maalouf.roles}
    assert titles == {
        ("Deputy Director for the Middle East and North Africa", date(2021, 2, 10)),
        ("Deputy Regional Director for the Middle East and North Africa", date(2021, 2, 12)),
    }
    assert corpus.identity("Kenneth Roth").id != corpus.identity("Kristina Roth").id

    # A researcher disagrees: split, and automatic resolution respects it from then on.
    corpus.split("Natalia Zviagina", reason="two people")
    assert corpus.identity("Natalia Zviagina").id != corpus.identity("Natalya Zviagina").id
    assert corpus.resolve() == []
    # ...and changes their mind: a manual merge overrides the split.
    merged = corpus.merge("Natalya Zviagina", "Natalia Zviagina", reason="same person after all")
    assert len(merged.names) == 2
    with pytest.raises(SpeakerError, match="already one speaker"):
        corpus.merge("Natalya Zviagina", "Natalia Zviagina")
    with pytest.raises(SpeakerError, match="no speaker named"):
        corpus.identity("Nobody Atall")


def test_roles_keep_the_earliest_and_latest_dates(corpus: SpeakerDirectory) -> None:
    store = Store(corpus.engine)
    run = store.start_run("test-source", None, [])
    earlier = "“Earlier words,” said Kenneth Roth, Executive Director of Human Rights Watch."
    store.write_articles([quoted_article("https://e.org/7", date(2020, 5, 1), earlier)], run)
    with corpus.engine.connect() as conn:
        spans = conn.execute(
            select(SpeakerRole.first_seen, SpeakerRole.last_seen).where(
                SpeakerRole.title == "Executive Director of Human Rights Watch"
            )
        ).all()
    assert spans == [(date(2020, 5, 1), date(2021, 3, 1))]


def test_crawl_resolves_speakers_and_cli_explains_and_undoes(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path}/c.db"
    assert crawl_cli(amnesty_server, db).returncode == 0
    shown = run_cli("speakers", "show", "Natalia Zviagina", "--db", db)
    assert shown.returncode == 0, shown.stderr
    assert "Natalya Zviagina" in shown.stdout and "transliteration variant" in shown.stdout
    assert "2021-01-29" in shown.stdout  # roles carry article dates
    listed = run_cli("speakers", "list", "--db", db)
    assert listed.stdout.count("Lynn Maalouf") == 1
    split = run_cli("speakers", "split", "Natalia Zviagina", "--db", db)
    assert split.returncode == 0 and "kept apart from 1" in split.stdout
    assert "No new merges" in run_cli("speakers", "resolve", "--db", db).stdout
    missing = run_cli("speakers", "show", "Zviagin", "--db", db)
    assert missing.returncode == 1 and "did you mean" in missing.stderr


def test_upgrade_to_0003_fills_roles_from_stored_quotes(db_url: str) -> None:
    from sqlalchemy import text

    from newsscrape.storage.db import upgrade

    engine = make_engine(db_url)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO sources (id, name, created_at) VALUES (1, 's', '2021-01-01')")
        )
        conn.execute(
            text(
                "INSERT INTO articles (id, source_id, canonical_url, url, published_date, body,"
                " content_hash, version_hash, revision, fetched_at, first_seen_at, last_seen_at)"
                " VALUES (1, 1, 'u', 'u', '2021-02-11', 'b', 'h', 'v', 1, '2021-01-01',"
                " '2021-01-01', '2021-01-01')"
            )
        )
        conn.execute(
            text("INSERT INTO speakers (id, name, kind, created_at) VALUES (1, 'Lynn Maalouf',"
                 " 'person', '2021-01-01')")
        )  # fmt: skip
        conn.execute(
            text(
                "INSERT INTO quotes (article_id, position, kind, text, speaker_id, speaker, title,"
                " organisation, pattern, confidence, paragraph_start, paragraph_end, char_start,"
                " char_end) VALUES (1, 0, 'quote', 'Words', 1, 'Lynn Maalouf', 'Deputy Director',"
                " 'Amnesty International', 'colon-intro', 0.95, 0, 0, 0, 5)"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        roles = conn.execute(
            select(SpeakerRole.title, SpeakerRole.organisation, SpeakerRole.first_seen)
        ).all()
    assert roles == [("Deputy Director", "Amnesty International", date(2021, 2, 11))]
