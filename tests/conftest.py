"""Shared test fixtures: real databases (SQLite files, PostgreSQL schemas), fixture servers,
and a runner for the real `newsscrape` command."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from newsscrape.fixture_server import LOCAL_SETTINGS, FixtureServer

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PG_ENV = "NEWSSCRAPE_TEST_POSTGRES_URL"
LISTING_PATH = "/category/media-types/news/news-releases"
CLI = str(Path(sys.executable).with_name("newsscrape"))


def load_expected(site: str) -> dict[str, Any]:
    return json.loads((FIXTURES / site / "expected.json").read_text(encoding="utf-8"))


def backends() -> list[Any]:
    params = [pytest.param("sqlite", id="sqlite")]
    if os.environ.get(PG_ENV):
        params.append(pytest.param("postgresql", id="postgresql"))
    return params


@pytest.fixture(params=backends())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database per test: a SQLite file, or a PostgreSQL schema of its own.

    Where NEWSSCRAPE_TEST_POSTGRES_URL is set, an unreachable server fails the test.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'corpus.db'}"
        return
    with pg_schema(os.environ[PG_ENV]) as url:
        yield url


@contextmanager
def pg_schema(base: str) -> Iterator[str]:
    """A database URL whose connections work in a fresh schema, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            # A process a test left behind (a killed crawl's writer) holding a lock here fails
            # the teardown after a minute, rather than blocking the whole suite on it.
            conn.execute(text("SET LOCAL lock_timeout = '60s'"))
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def amnesty_server() -> Iterator[FixtureServer]:
    with FixtureServer(FIXTURES / "amnesty-ca" / "site") as server:
        yield server


@pytest.fixture(scope="session")
def edge_server() -> Iterator[FixtureServer]:
    with FixtureServer(FIXTURES / "edge-cases" / "site") as server:
        yield server


def local_settings_args() -> list[str]:
    args = []
    for key, value in LOCAL_SETTINGS.items():
        args += ["-s", f"{key}={value}"]
    return args


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the installed `newsscrape` console script, as a user would."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [CLI, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or ROOT,
        env=env,
        check=False,
    )


def run_scrapy(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `scrapy` from the project root, where scrapy.cfg is."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("scrapy")), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def crawl_cli(server: FixtureServer, db: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli(
        "crawl",
        "amnesty-ca",
        "--url",
        server.url + LISTING_PATH,
        "--db",
        db,
        *local_settings_args(),
        *extra,
    )


def copy_site(name: str, dest: Path) -> Path:
    target = dest / name
    shutil.copytree(FIXTURES / name / "site", target)
    return target


def free_port() -> int:
    """A port nothing listens on now, for a server a test starts."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(
    probe: Callable[[], object],
    proc: subprocess.Popen[Any],
    output: Callable[[], str],
    what: str,
    timeout: float = 30,
) -> None:
    """Call `probe` until it stops raising OSError; fail with the server's output if the
    process exits or `timeout` passes first."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            probe()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                if proc.poll() is None:  # reading a live process's pipe would wait for ever
                    proc.kill()
                    proc.wait(timeout=30)
                pytest.fail(f"{what} did not start in {timeout:.0f} s:\n{output()}")
            time.sleep(0.2)
