"""The database fails in the middle of a crawl: nothing is lost, every item is counted.

PostgreSQL goes away (a TCP proxy between the crawl and the server is cut, then restored):
the batches that cannot be written go to the dead-letter file named on the run, the crawl
ends cleanly, and `newsscrape replay FILE` writes them later. SQLite is locked by another
process: the crawl waits and writes everything; locked for longer than it waits, the batches
go to the dead-letter file and are replayed. Each test counts every article end to end.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from newsscrape.fixture_server import FixtureServer
from newsscrape.sitegen import GeneratedArticle, generate

from .conftest import CLI, PG_ENV, pg_schema, run_cli

ARTICLES = 200


class TcpProxy:
    """127.0.0.1:PORT forwarded to a server; `cut()` drops every connection and refuses new
    ones until `restore()`, as a database host that goes off the network and comes back."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = 0
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            conns, self._conns = self._conns, []
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked on it
            listener.close()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[GeneratedArticle]]:
    root = tmp_path_factory.mktemp("site")
    return root, generate(root, ARTICLES, per_page=20, seed=3, name="flaky-db")


def crawl_command(root: Path, server: FixtureServer, db_url: str, deadletter: Path) -> list[str]:
    settings = {
        "DOWNLOAD_DELAY": 0.03,  # about 30 articles/s: time to fail in the middle
        "AUTOTHROTTLE_ENABLED": False,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "NEWSSCRAPE_BATCH_SIZE": 10,
        "NEWSSCRAPE_WRITER_AFTER": 50,  # written in the crawl's thread, then by the writer
        "NEWSSCRAPE_DEADLETTER_DIR": str(deadletter),
    }
    args = [CLI, "crawl", str(root / "source.toml"), "--url", server.url + "/news",
            "--db", db_url]  # fmt: skip
    for key, value in settings.items():
        args += ["-s", f"{key}={value}"]
    return args


def count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(text(sql)) or 0)
    except Exception:
        return 0
    finally:
        engine.dispose()


def wait_for(predicate: Callable[[], bool], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def refused(deadletter: Path) -> int:
    """Articles in the dead-letter files (one per line)."""
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in deadletter.glob("*.jsonl"))


@contextmanager
def crawl_midway(
    root: Path, crawl_url: str, watch_url: str, deadletter: Path
) -> Iterator[subprocess.Popen[str]]:
    """The crawl running, once 70 of its articles are stored (read through `watch_url`)."""
    with FixtureServer(root) as server:
        proc = subprocess.Popen(
            crawl_command(root, server, crawl_url, deadletter),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            wait_for(lambda: count(watch_url, "SELECT count(*) FROM articles") >= 70)
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def check_complete(url: str, expected: list[GeneratedArticle]) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            urls = list(conn.scalars(text("SELECT canonical_url FROM articles")))
            quotes = conn.scalar(text("SELECT count(*) FROM quotes WHERE kind = 'quote'"))
            orphans = conn.scalar(
                text(
                    "SELECT count(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)"
                )
            )
            bare = conn.scalar(
                text("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                     "(SELECT 1 FROM quotes q WHERE q.article_id = a.id)")
            )  # fmt: skip
    finally:
        engine.dispose()
    paths = sorted(u.split("/", 3)[3] for u in urls)
    assert paths == sorted(a.path.lstrip("/") for a in expected)  # each once, none missing
    assert quotes == sum(a.quotes for a in expected)
    assert orphans == 0 and bare == 0  # an article always with its quotes, and vice versa


def replay_and_check(
    db_url: str, deadletter: Path, expected: list[GeneratedArticle], lost: int
) -> None:
    files = list(deadletter.glob("*.jsonl"))
    assert len(files) == 1
    meta = json.loads(files[0].read_text(encoding="utf-8").splitlines()[0])["_deadletter"]
    assert meta["run_id"] == 1 and meta["reason"]
    show = run_cli("runs", "show", "1", "--db", db_url)
    assert show.returncode == 0, show.stderr
    assert files[0].name in show.stdout.replace("\n", "")
    result = run_cli("replay", str(files[0]), "--db", db_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{lost} articles replayed" in result.stdout
    check_complete(db_url, expected)
    show = run_cli("runs", "show", "1", "--db", db_url)
    assert "replayed in run 2" in " ".join(show.stdout.split()), show.stdout
    again = run_cli("replay", str(files[0]), "--db", db_url)
    assert again.returncode == 0 and f"{lost} unchanged" in again.stdout, again.stdout
    check_complete(db_url, expected)


@pytest.fixture
def pg_url() -> Iterator[str]:
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} not set")
    with pg_schema(base) as url:
        yield url


def test_postgres_outage_dead_letters_then_replays(
    site: tuple[Path, list[GeneratedArticle]], pg_url: str, tmp_path: Path
) -> None:
    root, expected = site
    real = make_url(pg_url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    proxied = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    deadletter = tmp_path / "deadletter"
    try:
        with crawl_midway(root, proxied, pg_url, deadletter) as proc:
            proxy.cut()
            wait_for(lambda: refused(deadletter) >= 30 or proc.poll() is not None)
            proxy.restore()
            stdout, stderr = proc.communicate(timeout=120)
    finally:
        proxy.cut()
    assert "Traceback" not in stderr, stderr
    stored = count(pg_url, "SELECT count(*) FROM articles")
    lost = refused(deadletter)
    assert lost >= 30 and stored + lost == ARTICLES  # every article counted, once
    run = count(pg_url, "SELECT count(*) FROM crawl_runs WHERE status = 'failed' "
                "AND deadletter_path IS NOT NULL")  # fmt: skip
    assert run == 1 and proc.returncode != 0
    assert "newsscrape replay" in " ".join(stdout.split())  # the summary says what to do
    replay_and_check(pg_url, deadletter, expected, lost)


def test_sqlite_locked_for_a_while_is_waited_for(
    site: tuple[Path, list[GeneratedArticle]], tmp_path: Path
) -> None:
    root, expected = site
    db = tmp_path / "corpus.db"
    url = f"sqlite:///{db}"
    deadletter = tmp_path / "deadletter"
    with crawl_midway(root, url, url, deadletter) as proc:
        locker = sqlite3.connect(db, timeout=30)
        locker.execute("BEGIN EXCLUSIVE")
        time.sleep(3)  # a backup, a VACUUM, another program holding the write lock
        locker.rollback()
        locker.close()
        stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stdout + stderr
    assert not list(deadletter.glob("*.jsonl"))
    check_complete(url, expected)


def test_sqlite_locked_too_long_dead_letters_then_replays(
    site: tuple[Path, list[GeneratedArticle]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, expected = site
    db = tmp_path / "corpus.db"
    url = f"sqlite:///{db}"
    deadletter = tmp_path / "deadletter"
    monkeypatch.setenv("NEWSSCRAPE_SQLITE_BUSY_TIMEOUT", "0.2")  # the crawl waits 0.2 s a try
    with crawl_midway(root, url, url, deadletter) as proc:
        locker = sqlite3.connect(db, timeout=30)
        locker.execute("BEGIN EXCLUSIVE")
        try:
            wait_for(lambda: refused(deadletter) >= 30 or proc.poll() is not None)
        finally:
            locker.rollback()
            locker.close()
        _, stderr = proc.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    stored = count(url, "SELECT count(*) FROM articles")
    lost = refused(deadletter)
    assert lost >= 30 and stored + lost == ARTICLES
    assert proc.returncode != 0
    replay_and_check(url, deadletter, expected, lost)
