"""Any site: the fixture sites crawled through the real engine, configured and zero-config.

Each site in fixtures/sites/ is built differently (card grid, WordPress archive, table,
numbered pages, load-more JSON, sitemap only, feed only). A configured crawl (its
source.toml) must store every article exactly; a crawl given only the start URL must find at
least 95% of them with 95% of dates and headlines exact, and store nothing that is not an
article. `make eval` prints the same figures.
"""

from __future__ import annotations

import sqlite3
import tomllib
from pathlib import Path

import pytest

from newsscrape.evaluation.sites import SITES, evaluate_site, site_dirs
from newsscrape.fixture_server import FixtureServer
from tests.conftest import LISTING_PATH, local_settings_args, run_cli

SITE_DIRS = site_dirs(SITES) if SITES.is_dir() else []


def test_there_are_at_least_six_differently_built_sites() -> None:
    names = {p.name for p in SITE_DIRS}
    assert len(names) >= 6, names
    for site in SITE_DIRS:
        assert (site / "source.toml").is_file() and (site / "site").is_dir()


@pytest.mark.parametrize("site", SITE_DIRS, ids=lambda p: p.name)
def test_configured_crawl_stores_every_article_exactly(site: Path, tmp_path: Path) -> None:
    score = evaluate_site(site, "configured", tmp_path)
    assert score.exit_code == 0, score.errors
    assert score.found == score.expected, score.errors
    assert score.extra == 0, score.errors
    assert score.date == score.expected, score.errors
    assert score.headline == score.expected, score.errors
    assert score.body_f1 > 0.97, score.body_f1


@pytest.mark.parametrize("site", SITE_DIRS, ids=lambda p: p.name)
def test_zero_config_crawl_finds_95_percent_with_dates_and_headlines(
    site: Path, tmp_path: Path
) -> None:
    score = evaluate_site(site, "zero-config", tmp_path)
    assert score.exit_code == 0, score.errors
    assert score.share(score.found) >= 0.95, score.errors
    assert score.share(score.date) >= 0.95, score.errors
    assert score.share(score.headline) >= 0.95, score.errors
    assert score.extra == 0, score.errors


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_zero_config_crawl_writes_a_source_file_that_crawls_the_same(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    start = amnesty_server.url + LISTING_PATH
    config = tmp_path / "found.toml"
    first = run_cli(
        "crawl", "--url", start, "--db", f"sqlite:///{tmp_path / 'a.db'}",
        "--write-config", str(config), *local_settings_args(),
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert f"Source file written: {config}" in first.stdout
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["listing"]["item"] and data["listing"]["next_page"]
    assert data["start_urls"] == [start]
    again = run_cli(
        "crawl", str(config), "--db", f"sqlite:///{tmp_path / 'b.db'}", *local_settings_args()
    )
    assert again.returncode == 0, again.stderr
    sql = "SELECT canonical_url, headline, published_date FROM articles ORDER BY 1"
    stored = rows(tmp_path / "a.db", sql)
    assert len(stored) == 15
    assert rows(tmp_path / "b.db", sql) == stored
    # The second run of the zero-config crawl stops at known items like a configured one.
    second = run_cli(
        "crawl", "--url", start, "--db", f"sqlite:///{tmp_path / 'a.db'}", *local_settings_args()
    )
    assert second.returncode == 0, second.stderr
    assert "Nothing new" in second.stdout


def test_write_config_refuses_to_overwrite(tmp_path: Path) -> None:
    existing = tmp_path / "mine.toml"
    existing.write_text("keep me", encoding="utf-8")
    result = run_cli("crawl", "--url", "http://127.0.0.1:9/", "--write-config", str(existing))
    assert result.returncode == 1
    assert "exists" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"


def test_crawl_needs_a_source_or_a_url() -> None:
    result = run_cli("crawl")
    assert result.returncode == 1
    assert "give a SOURCE" in result.stderr


def test_sources_check_shows_rows_next_page_and_an_article(amnesty_server: FixtureServer) -> None:
    result = run_cli("sources", "check", "amnesty-ca", "--url", amnesty_server.url + LISTING_PATH)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "5 rows, configured" in out
    assert "2021-02-11" in out  # a listing date, parsed
    assert "news-releases?page=1 (next_page)" in out
    assert "Article " in out and "paragraphs" in out
    assert "Rights groups urge President Biden" in out
    assert "Warning: listing date" not in result.stderr


def test_sources_check_warns_on_empty_fields_and_fails_without_rows(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "bad"\nstart_urls = ["https://www.amnesty.ca/x"]\n'
        '[listing]\nitem = "div.views-row"\ndate = ".no-such-date"\n'
        'next_page = "a.no-such-pager"\n',
        encoding="utf-8",
    )
    result = run_cli("sources", "check", str(bad), "--url", amnesty_server.url + LISTING_PATH)
    assert result.returncode == 0, result.stderr
    assert "date: empty in 5 of 5 rows" in result.stderr
    assert "next_page 'a.no-such-pager' matches nothing" in result.stderr
    none = tmp_path / "none.toml"
    none.write_text(
        'name = "none"\nstart_urls = ["https://www.amnesty.ca/x"]\n'
        '[listing]\nitem = "li.nothing"\n',
        encoding="utf-8",
    )
    result = run_cli("sources", "check", str(none), "--url", amnesty_server.url + LISTING_PATH)
    assert result.returncode == 1
    assert "the listing yields no rows" in result.stderr


def test_sources_check_reads_saved_pages(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    site = FIXTURES / "amnesty-ca" / "site"
    listing = site / "category" / "media-types" / "news" / "news-releases" / "index.html"
    article = next((site / "news").glob("*.html"))
    result = run_cli(
        "sources", "check", "amnesty-ca", "--file", str(listing), "--article", str(article)
    )
    assert result.returncode == 0, result.stderr
    assert "5 rows, configured" in result.stdout
    assert "paragraphs" in result.stdout
