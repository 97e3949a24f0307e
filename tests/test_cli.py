"""The command line as a user meets it: help for every command, one clear line for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsscrape.fixture_server import FixtureServer

from .conftest import crawl_cli, run_cli, run_scrapy

COMMANDS = [
    ["crawl"],
    ["demo"],
    ["serve-fixtures"],
    ["sources"],
    ["sources", "list"],
    ["sources", "show"],
    ["db"],
    ["db", "upgrade"],
    ["db", "current"],
    ["speakers"],
    ["speakers", "list"],
    ["speakers", "show"],
    ["speakers", "merge"],
    ["speakers", "split"],
    ["speakers", "resolve"],
    ["reextract"],
]


def test_help_lists_every_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for name in ("crawl", "demo", "serve-fixtures", "sources", "db", "speakers", "extract-quotes"):
        assert name in result.stdout


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help(command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout
    assert len(result.stdout.splitlines()) > 4


def assert_one_clear_line(result, *needles: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error:")
    for needle in needles:
        assert needle in lines[0]


def test_unknown_source_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("crawl", "no-such-source", "--db", f"sqlite:///{tmp_path}/c.db")
    assert_one_clear_line(result, "unknown source 'no-such-source'", "amnesty-ca")


def test_invalid_source_file_names_file_and_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'name = "bad"\nstart_urls = ["https://x.org"]\n[listing]\nitem = "div["\n'
        '[article]\nbody = "main"\n',
        encoding="utf-8",
    )
    result = run_cli("crawl", str(bad), "--db", f"sqlite:///{tmp_path}/c.db")
    assert_one_clear_line(result, str(bad), "listing.item", "invalid CSS selector")


def test_unopenable_database_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli("crawl", "amnesty-ca", "--db", f"sqlite:///{tmp_path}/missing/dir/c.db")
    assert_one_clear_line(result, "cannot open database", "does not exist")


def test_database_password_is_masked() -> None:
    result = run_cli("db", "current", "--db", "postgresql+psycopg://u:s3cr3t@127.0.0.1:1/x")
    assert_one_clear_line(result, "u:***@127.0.0.1:1")
    assert "s3cr3t" not in result.stderr + result.stdout


def test_bad_spider_argument_is_one_clear_line(tmp_path: Path) -> None:
    result = run_cli(
        "crawl", "amnesty-ca", "--url", "not-a-url", "--db", f"sqlite:///{tmp_path}/c.db"
    )
    assert_one_clear_line(result, "url", "not an absolute http(s) URL")


def test_db_upgrade_step_by_step_then_current(tmp_path: Path) -> None:
    from newsscrape.storage.db import head_revision

    head = head_revision()
    url = f"sqlite:///{tmp_path}/c.db"
    first = run_cli("db", "upgrade", "0001", "--db", url)
    assert first.returncode == 0, first.stderr
    assert "none → 0001" in first.stdout
    behind = run_cli("crawl", "amnesty-ca", "--db", url)
    assert "run `newsscrape db upgrade`" in behind.stderr  # never migrated silently
    rest = run_cli("db", "upgrade", "--db", url)
    assert f"0001 → {head}" in rest.stdout
    again = run_cli("db", "upgrade", "--db", url)
    assert f"already at schema {head}" in again.stdout
    current = run_cli("db", "current", "--db", url)
    assert f"schema {head} (latest: {head})" in current.stdout


def test_sources_list_and_show() -> None:
    listed = run_cli("sources", "list")
    assert listed.returncode == 0 and "amnesty-ca" in listed.stdout
    shown = run_cli("sources", "show", "amnesty-ca")
    assert shown.returncode == 0 and '"next_page"' in shown.stdout


def test_scrapy_crawl_with_unknown_source_is_a_usage_error(tmp_path: Path) -> None:
    result = run_scrapy(
        "crawl",
        "listing",
        "-a",
        "source=nope",
        "-s",
        f"NEWSSCRAPE_DATABASE_URL=sqlite:///{tmp_path}/c.db",
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error: unknown source 'nope'" in result.stderr.splitlines()[-1]


def test_database_url_environment_variable_is_used(tmp_path: Path) -> None:
    import os
    import subprocess

    from .conftest import CLI

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/env.db"}
    result = subprocess.run(
        [CLI, "db", "upgrade"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.db").exists()
    assert f"sqlite:///{tmp_path}/env.db" in result.stdout


def test_reextract_backfills_quotes_of_a_corpus_stored_without_them(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    from sqlalchemy import delete, select

    from newsscrape.storage.db import make_engine
    from newsscrape.storage.models import QuoteRow, SpeakerRole

    db = f"sqlite:///{tmp_path}/c.db"
    assert crawl_cli(amnesty_server, db).returncode == 0
    engine = make_engine(db)
    columns = (QuoteRow.article_id, QuoteRow.position, QuoteRow.text, QuoteRow.speaker)
    with engine.begin() as conn:
        crawled = conn.execute(select(*columns).order_by(QuoteRow.id)).all()
        conn.execute(delete(SpeakerRole))
        conn.execute(delete(QuoteRow))  # as stored before quotes existed
    assert crawled
    dry = run_cli("reextract", "--db", db, "--dry-run")
    with_quotes = len({row.article_id for row in crawled})  # the others have none to restore
    assert f"15 articles read, {with_quotes} would change" in dry.stdout, dry.stdout
    result = run_cli("reextract", "--db", db)
    assert result.returncode == 0, result.stderr
    with engine.connect() as conn:
        assert conn.execute(select(*columns).order_by(QuoteRow.id)).all() == crawled
        assert conn.scalar(select(SpeakerRole.id).limit(1)) is not None
    again = run_cli("reextract", "--db", db)
    assert "0 changed" in again.stdout


RELEASE = """Responding to the verdict, the group’s director, Maria Lopez, said:

“This is a dark day for justice.

“We will appeal.”

The report “Broken Promises” was published in May.
"""

PAGE = """<!doctype html><html><head><title>Verdict</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<aside class="testimonial"><p>“Best charity ever,” said a donor.</p></aside>
<article><h1>Verdict</h1>
<p>Responding to the verdict, the group’s director, Maria Lopez, said:</p>
<p>“This is a dark day for justice. The court has failed the victims and their families,
who waited eleven years for this day.”</p>
<p>“We will appeal,” Lopez added.</p>
</article>
<footer><p>© 2026 The Group. “Donate today,” says our newsletter.</p></footer>
</body></html>"""


def test_extract_quotes_from_text_html_and_stdin(tmp_path: Path) -> None:
    import json
    import subprocess
    import sys

    text = tmp_path / "release.txt"
    text.write_text(RELEASE, encoding="utf-8")
    result = run_cli("extract-quotes", str(text))
    assert result.returncode == 0, result.stderr
    [quote] = [json.loads(line) for line in result.stdout.splitlines()]
    assert quote["text"] == "This is a dark day for justice. We will appeal."
    assert quote["speaker"] == "Maria Lopez" and quote["pattern"] == "colon-intro"
    with_terms = run_cli("extract-quotes", str(text), "--terms")
    assert '"kind": "term"' in with_terms.stdout and "Broken Promises" in with_terms.stdout

    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    lines = [json.loads(line) for line in run_cli("extract-quotes", str(page)).stdout.splitlines()]
    assert [(q["speaker"], q["text"][:20]) for q in lines] == [
        ("Maria Lopez", "This is a dark day f"),
        ("Maria Lopez", "We will appeal"),
    ]  # the testimonial and the footer are boilerplate

    piped = subprocess.run(
        [str(Path(sys.executable).with_name("newsscrape")), "extract-quotes", "-"],
        input=RELEASE, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert piped.returncode == 0 and "Maria Lopez" in piped.stdout

    missing = run_cli("extract-quotes", str(tmp_path / "nope.txt"))
    assert missing.returncode != 0 and missing.stderr.startswith("Error:")
