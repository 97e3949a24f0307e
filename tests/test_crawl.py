"""End to end: the real `newsscrape` command crawls the fixture sites through Scrapy's engine
into a real database, and the rows are checked against the fixtures' gold (expected.json)."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from newsscrape.fixture_server import FixtureServer

from .conftest import (
    LISTING_PATH,
    copy_site,
    crawl_cli,
    load_expected,
    local_settings_args,
    run_cli,
    run_scrapy,
)


def query(db: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def last_run(db: Path) -> sqlite3.Row:
    return query(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def assert_articles_match(db: Path, expected: dict[str, Any]) -> None:
    """Every gold article stored once, with exactly the gold headline, date, body, teaser."""
    rows = {r["canonical_url"]: r for r in query(db, "SELECT * FROM articles")}
    assert len(rows) == len(expected["articles"])
    for gold in expected["articles"]:
        row = rows[gold["canonical_url"]]
        assert row["headline"] == gold["headline"]
        assert row["published"] == gold["published"]
        assert row["published_date"] == gold["published"]
        assert row["published_raw"] == gold["published_raw"]
        assert row["body"].split("\n\n") == gold["body"]
        assert row["teaser"] == gold["teaser"]


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def amnesty_db(amnesty_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("amnesty") / "corpus.db"
    ok(crawl_cli(amnesty_server, f"sqlite:///{db}"))
    return db


def test_every_fixture_article_is_stored_exactly(amnesty_db: Path) -> None:
    assert_articles_match(amnesty_db, load_expected("amnesty-ca"))


def test_pagination_followed_to_the_last_page_and_no_further(amnesty_db: Path) -> None:
    expected = load_expected("amnesty-ca")
    run = last_run(amnesty_db)
    assert run["status"] == "succeeded"
    assert run["finish_reason"] == "finished"
    assert run["pages"] == expected["listing_pages"]
    assert run["found"] == expected["listing_rows"]
    stats = json.loads(run["stats"])
    # Listing pages, articles and robots.txt: nothing else was requested, nothing 404ed.
    assert stats.get("downloader/response_status_count/404", 0) == 0
    skipped = sum(1 for v in expected["variants"] if not v["fetched"])  # known before fetching
    articles_fetched = expected["listing_rows"] - skipped
    robots = 1
    total = expected["listing_pages"] + articles_fetched + robots
    assert stats["downloader/request_count"] == total


def test_url_variants_and_republished_copy_are_deduplicated(amnesty_db: Path) -> None:
    expected = load_expected("amnesty-ca")
    run = last_run(amnesty_db)
    assert run["new"] == len(expected["articles"])
    assert run["duplicates"] == len(expected["variants"]) + len(expected["aliases"])
    assert run["failed"] == 0
    for alias in expected["aliases"]:
        rows = query(
            amnesty_db,
            "SELECT u.kind, a.canonical_url FROM article_urls u JOIN articles a "
            "ON a.id = u.article_id WHERE u.url = ?",
            alias["canonical_url"],
        )
        assert [r["kind"] for r in rows] == ["alias"]
        assert rows[0]["canonical_url"].endswith(alias["same_as"])
    counts = query(amnesty_db, "SELECT count(*) n, count(DISTINCT content_hash) h FROM articles")
    assert counts[0]["n"] == counts[0]["h"] == len(expected["articles"])


def test_second_crawl_stores_nothing_new_and_says_so(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    db = tmp_path / "corpus.db"
    ok(crawl_cli(amnesty_server, f"sqlite:///{db}"))
    before = query(db, "SELECT id, version_hash, revision FROM articles ORDER BY id")
    result = ok(crawl_cli(amnesty_server, f"sqlite:///{db}"))
    after = query(db, "SELECT id, version_hash, revision FROM articles ORDER BY id")
    assert [tuple(r) for r in after] == [tuple(r) for r in before]
    run = last_run(db)
    assert (run["new"], run["updated"], run["unchanged"]) == (0, 0, 0)
    # Incremental: no known article fetched again, and pagination stopped early.
    expected = load_expected("amnesty-ca")
    stats = json.loads(run["stats"])
    assert run["skipped"] >= 10
    assert run["pages"] < expected["listing_pages"]
    assert stats["downloader/request_count"] == run["pages"] + 1  # + robots.txt
    assert "consecutive listing items already stored" in stats["newsscrape/listing/stopped"]
    assert query(db, "SELECT count(*) FROM article_revisions")[0][0] == 0
    assert "Nothing new" in result.stdout
    # --refresh walks everything and re-fetches: every article is seen unchanged.
    ok(crawl_cli(amnesty_server, f"sqlite:///{db}", "--refresh"))
    run = last_run(db)
    assert (run["new"], run["updated"], run["unchanged"]) == (0, 0, len(before))
    assert run["pages"] == expected["listing_pages"]
    assert run["mode"] == "refresh"


def test_changed_article_is_updated_and_keeps_its_revision(tmp_path: Path) -> None:
    site = copy_site("amnesty-ca", tmp_path)
    expected = load_expected("amnesty-ca")
    gold = expected["articles"][1]
    page = site / (gold["path"].lstrip("/") + ".html")
    db = tmp_path / "corpus.db"
    with FixtureServer(site) as server:
        ok(crawl_cli(server, f"sqlite:///{db}"))
        old_para = gold["body"][-1]
        html = page.read_text(encoding="utf-8")
        assert html.count("</p>") > 0
        # An editor appends a paragraph to the release.
        edited = re.sub(
            r"(field--name-body.*?)(</div>)",
            r"\1<p>Update: this release was corrected on 12 February 2021.</p>\2",
            html,
            count=1,
            flags=re.S,
        )
        assert edited != html
        page.write_text(edited, encoding="utf-8")
        ok(crawl_cli(server, f"sqlite:///{db}", "--refresh"))
    run = last_run(db)
    assert (run["new"], run["updated"]) == (0, 1)
    article = query(db, "SELECT * FROM articles WHERE canonical_url = ?", gold["canonical_url"])[0]
    assert article["revision"] == 2
    assert article["body"].split("\n\n")[-1].startswith("Update: this release was corrected")
    revisions = query(db, "SELECT * FROM article_revisions WHERE article_id = ?", article["id"])
    assert len(revisions) == 1
    assert revisions[0]["body"].split("\n\n")[-1] == old_para
    assert revisions[0]["revision"] == 1


@pytest.fixture(scope="module")
def edge_db(edge_server: FixtureServer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("edge") / "corpus.db"
    result = run_cli(
        "crawl",
        "amnesty-ca",
        "--url",
        edge_server.url + LISTING_PATH,
        "--db",
        f"sqlite:///{db}",
        *local_settings_args(),
    )
    assert "Traceback" not in result.stderr, result.stderr
    return db


def test_bad_input_is_stored_with_what_is_known_or_recorded(edge_db: Path) -> None:
    expected = load_expected("edge-cases")
    assert_articles_match(edge_db, expected)
    run = last_run(edge_db)
    assert run["status"] == "succeeded"
    assert run["failed"] == len(expected["failures"])
    issues = query(edge_db, "SELECT * FROM crawl_issues WHERE run_id = ?", run["id"])
    by_url = {}
    for issue in issues:
        by_url.setdefault(issue["url"], []).append(issue)
    for failure in expected["failures"]:
        url = next(u for u in by_url if u and u.endswith(failure["path"]))
        assert by_url[url][0]["severity"] == "error"
        assert f"HTTP {failure['status']}" in by_url[url][0]["reason"]
    kinds = sorted(i["kind"] for i in issues if i["severity"] == "warning")
    assert kinds.count("no_date") == sum(1 for a in expected["articles"] if not a["published_raw"])
    assert kinds.count("bad_date") == sum(
        1 for a in expected["articles"] if a["published_raw"] and not a["published"]
    )
    assert "empty_listing" in kinds
    assert run["warnings"] == len(kinds)


def test_summary_lists_failures_and_exit_code(edge_server: FixtureServer, tmp_path: Path) -> None:
    result = run_cli(
        "crawl",
        "amnesty-ca",
        "--url",
        edge_server.url + LISTING_PATH,
        "--db",
        f"sqlite:///{tmp_path / 'c.db'}",
        *local_settings_args(),
    )
    ok(result)  # failures of single pages do not fail the run: they are recorded
    assert "Failures:" in result.stdout
    assert "HTTP 404" in result.stdout and "HTTP 500" in result.stdout
    assert "missing-release" in result.stdout


def test_scrapy_crawl_from_project_root_works(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    db = tmp_path / "scrapy.db"
    result = run_scrapy(
        "crawl",
        "listing",
        "-a",
        "source=amnesty-ca",
        "-a",
        f"url={amnesty_server.url}{LISTING_PATH}",
        "-a",
        "max_pages=1",
        "-s",
        f"NEWSSCRAPE_DATABASE_URL=sqlite:///{db}",
        *local_settings_args(),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    run = last_run(db)
    assert run["status"] == "succeeded"
    assert run["pages"] == 1
    assert run["new"] > 0
    assert query(db, "SELECT count(*) FROM articles")[0][0] == run["new"]


def test_max_pages_bounds_the_crawl(amnesty_server: FixtureServer, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ok(crawl_cli(amnesty_server, f"sqlite:///{db}", "--max-pages", "2"))
    assert last_run(db)["pages"] == 2


def test_crawl_into_each_backend(amnesty_server: FixtureServer, db_url: str) -> None:
    """The same crawl, twice, on SQLite and (where configured) PostgreSQL."""
    from sqlalchemy import create_engine, text

    ok(crawl_cli(amnesty_server, db_url))
    ok(crawl_cli(amnesty_server, db_url, "--refresh"))
    ok(crawl_cli(amnesty_server, db_url))
    expected = load_expected("amnesty-ca")
    n = len(expected["articles"])
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM articles")) == n
        runs = conn.execute(
            text("SELECT new, unchanged, skipped > 0, mode, status FROM crawl_runs ORDER BY id")
        ).all()
    engine.dispose()
    assert [tuple(r) for r in runs] == [
        (n, 0, False, "incremental", "succeeded"),
        (0, n, False, "refresh", "succeeded"),
        (0, 0, True, "incremental", "succeeded"),
    ]


@pytest.mark.parametrize(("mode", "after"), [("process", 0), ("auto", 5), ("inline", 0)])
def test_writer_process_stores_what_inline_writing_stores(
    amnesty_server: FixtureServer, db_url: str, mode: str, after: int
) -> None:
    """Batches of 3 through a writer process (from the start, or after 5 articles written
    in the crawl's thread): the same rows as the gold, counted end to end."""
    from sqlalchemy import create_engine, text

    ok(
        crawl_cli(
            amnesty_server,
            db_url,
            "-s", f"NEWSSCRAPE_WRITER={mode}",
            "-s", f"NEWSSCRAPE_WRITER_AFTER={after}",
            "-s", "NEWSSCRAPE_BATCH_SIZE=3",
        )
    )  # fmt: skip
    expected = load_expected("amnesty-ca")
    engine = create_engine(db_url)
    with engine.connect() as conn:
        urls = set(conn.scalars(text("SELECT canonical_url FROM articles")))
        quotes = conn.scalar(text("SELECT count(*) FROM quotes WHERE kind = 'quote'"))
        orphans = conn.scalar(
            text("SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)")
        )
        run = conn.execute(text("SELECT new, quotes, stats FROM crawl_runs")).one()
    engine.dispose()
    assert urls == {a["canonical_url"] for a in expected["articles"]}
    assert run.new == len(urls)
    assert quotes == run.quotes > 0 and orphans == 0
    stats = run.stats if isinstance(run.stats, dict) else json.loads(run.stats)
    assert "newsscrape/writer/failed" not in stats
    inline = stats.get("newsscrape/writer/inline_articles", 0)
    in_process = stats.get("newsscrape/writer/process_articles", 0)
    assert inline + in_process == stats["newsscrape/coverage/parsed"]  # in == written
    if mode == "inline":
        assert in_process == 0
    else:
        assert in_process > 0 and inline <= after
