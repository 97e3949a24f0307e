"""Distributed crawling on Redis: three workers, one frontier, every article exactly once.

Real worker processes (`newsscrape crawl SOURCE --redis URL`) against the local Redis and a
generated site of 2,000 articles. Needs NEWSSCRAPE_TEST_REDIS_URL (`.ci/run` sets it); where it
is set, a Redis that does not answer fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from newsscrape.fixture_server import FixtureServer
from newsscrape.sitegen import generate

from .conftest import CLI, PG_ENV, ROOT, pg_schema

REDIS_ENV = "NEWSSCRAPE_TEST_REDIS_URL"
ARTICLES = 2000

pytestmark = pytest.mark.skipif(not os.environ.get(REDIS_ENV), reason=f"{REDIS_ENV} not set")


@pytest.fixture(scope="module")
def redis_url() -> str:
    import redis

    url = os.environ[REDIS_ENV]
    redis.Redis.from_url(url, socket_connect_timeout=5).ping()  # set but down: a failure
    return url


@pytest.fixture
def shared_db(tmp_path: Path) -> Iterator[str]:
    """The shared corpus of the workers: PostgreSQL where the tests have it (what several
    machines would share), else a SQLite file."""
    base = os.environ.get(PG_ENV)
    if not base:
        yield f"sqlite:///{tmp_path / 'corpus.db'}"
        return
    with pg_schema(base) as url:
        yield url


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("big")
    return root, generate(root, ARTICLES, per_page=20, seed=11)


def _source(root: Path, tmp_path: Path) -> tuple[Path, str]:
    """The site's source under a name of its own, so tests never share Redis keys."""
    name = f"dist-{uuid.uuid4().hex[:8]}"
    text_ = (root / "source.toml").read_text(encoding="utf-8")
    first, rest = text_.split("\n", 1)
    assert first.startswith("name = ")
    path = tmp_path / f"{name}.toml"
    path.write_text(f'name = "{name}"\n{rest}', encoding="utf-8")
    return path, name


def _workers(source: Path, server: FixtureServer, db_url: str, redis_url: str, n: int) -> list:
    command = [
        CLI, "crawl", str(source), "--url", server.url + "/news", "--db", db_url,
        "--redis", redis_url, "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "NEWSSCRAPE_REDIS_HEARTBEAT=0.5",
        "-s", "NEWSSCRAPE_BATCH_SIZE=20", "-v",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    # The schema is created once, before the workers start (as the README says to).
    subprocess.run([CLI, "db", "upgrade", "--db", db_url], env=env, check=True, cwd=ROOT)
    return [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(n)
    ]


def _scalar(db_url: str, sql: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar() or 0)
    except Exception:
        return 0
    finally:
        engine.dispose()


def _check_complete(db_url: str, expected: list) -> None:
    assert _scalar(db_url, "SELECT count(*) FROM articles") == ARTICLES
    assert _scalar(db_url, "SELECT count(DISTINCT canonical_url) FROM articles") == ARTICLES
    quotes = sum(a.quotes for a in expected)
    assert _scalar(db_url, "SELECT count(*) FROM quotes WHERE kind = 'quote'") == quotes


def _redis_keys(redis_url: str, name: str) -> list[str]:
    import redis

    server = redis.Redis.from_url(redis_url, decode_responses=True)
    return sorted(server.keys(f"newsscrape:{name}:*"))


def test_three_workers_share_one_frontier(
    big_site: tuple[Path, list], redis_url: str, shared_db: str, tmp_path: Path
) -> None:
    root, expected = big_site
    db_url = shared_db
    source, name = _source(root, tmp_path)
    with FixtureServer(root) as server:
        procs = _workers(source, server, db_url, redis_url, 3)
        results = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err[-2000:]
    _check_complete(db_url, expected)
    # The work was shared: more than one worker stored articles, none fetched them twice.
    runs = _scalar(db_url, "SELECT count(*) FROM crawl_runs WHERE new > 0")
    assert runs >= 2
    assert _scalar(db_url, "SELECT sum(new) FROM crawl_runs") == ARTICLES
    # Complete: the shared queue and filter are gone, the next crawl walks afresh.
    assert f"newsscrape:{name}:requests" not in _redis_keys(redis_url, name)
    assert f"newsscrape:{name}:dupefilter" not in _redis_keys(redis_url, name)


def test_a_killed_worker_loses_nothing(
    big_site: tuple[Path, list], redis_url: str, shared_db: str, tmp_path: Path
) -> None:
    root, expected = big_site
    db_url = shared_db
    source, _ = _source(root, tmp_path)
    with FixtureServer(root) as server:
        procs = _workers(source, server, db_url, redis_url, 3)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if _scalar(db_url, "SELECT count(*) FROM articles") >= 300:
                break
            time.sleep(0.1)
        procs[0].send_signal(signal.SIGKILL)  # mid-way: it holds requests and a batch
        procs[0].wait(timeout=60)
        results = [p.communicate(timeout=600) for p in procs[1:]]
    stored_before_end = _scalar(db_url, "SELECT count(*) FROM articles")
    assert stored_before_end == ARTICLES, "the surviving workers did not drain the crawl"
    for proc, (_, err) in zip(procs[1:], results, strict=True):
        assert proc.returncode == 0, err[-2000:]
        assert "Sweeping" in err or "Distributed crawl complete" in err
    assert any("Sweeping" in err for _, err in results), "no sweep after the death"
    _check_complete(db_url, expected)
