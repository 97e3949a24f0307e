"""Crash and stop mid-crawl, start again: every article stored exactly once, nothing missing.

A generated site of a few hundred articles is crawled by the real CLI in a subprocess, killed
with SIGKILL (or stopped with SIGTERM) half-way, and crawled again with the same command.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from newsscrape.fixture_server import FixtureServer
from newsscrape.sitegen import generate

from .conftest import CLI

ARTICLES = 300


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("site")
    return root, generate(root, ARTICLES, per_page=20, seed=7)


def _command(root: Path, server: FixtureServer, db: Path) -> list[str]:
    return [CLI, "crawl", str(root / "source.toml"), "--url", server.url + "/news",
            "--db", f"sqlite:///{db}", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "NEWSSCRAPE_BATCH_SIZE=10"]  # fmt: skip


def _count(db: Path, sql: str) -> int:
    try:
        conn = sqlite3.connect(db, timeout=30)
        try:
            return conn.execute(sql).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _stop_midway(command: list[str], cwd: Path, db: Path, signum: int) -> None:
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _count(db, "SELECT count(*) FROM articles") < 60:
        time.sleep(0.05)
    proc.send_signal(signum)
    proc.wait(timeout=120)
    stored = _count(db, "SELECT count(*) FROM articles")
    assert 0 < stored < ARTICLES, f"the crawl was not stopped half-way ({stored} stored)"


def _check_complete(db: Path, expected: list) -> None:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT canonical_url, headline, published_date FROM articles"
        ).fetchall()
        quotes = conn.execute("SELECT count(*) FROM quotes WHERE kind = 'quote'").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM quotes q LEFT JOIN articles a ON a.id = q.article_id "
            "WHERE a.id IS NULL"
        ).fetchone()[0]
    finally:
        conn.close()
    paths = sorted(url.split("/", 3)[3] for url, _, _ in rows)
    assert len(rows) == len(set(paths)) == ARTICLES  # exactly once each
    assert paths == sorted(a.path.lstrip("/") for a in expected)  # nothing missing
    assert {h for _, h, _ in rows} == {a.headline for a in expected}
    assert quotes == sum(a.quotes for a in expected)
    assert orphans == 0


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_stopped_crawl_is_finished_by_the_next_run(
    site: tuple[Path, list], tmp_path: Path, signum: int
) -> None:
    root, expected = site
    db = tmp_path / "corpus.db"
    with FixtureServer(root) as server:
        command = _command(root, server, db)
        _stop_midway(command, tmp_path, db, signum)
        again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                               timeout=300, check=False)  # fmt: skip
        assert again.returncode == 0, again.stderr[-3000:]
        # A third, incremental run finds nothing new and stops at the first page.
        third = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                               timeout=300, check=False)  # fmt: skip
        assert third.returncode == 0, third.stderr[-3000:]
    _check_complete(db, expected)
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    runs = conn.execute("SELECT * FROM crawl_runs ORDER BY id").fetchall()
    conn.close()
    assert [r["status"] for r in runs] == ["interrupted", "succeeded", "succeeded"]
    assert runs[0]["finish_reason"] == ("killed" if signum == signal.SIGKILL else "shutdown")
    assert runs[1]["resumed_from_id"] == runs[0]["id"]
    assert runs[0]["new"] + runs[1]["new"] == ARTICLES or signum == signal.SIGKILL
    assert runs[2]["new"] == 0 and runs[2]["pages"] == 1
