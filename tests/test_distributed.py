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


def _workers(
    source: Path,
    server: FixtureServer,
    db_url: str,
    redis_url: str,
    n: int,
    logs: Path,
) -> list:
    """Start n workers, each logging to logs/worker-i.log: readable while it runs (a pipe
    nobody reads can fill up and stall a worker), and shown when a test fails."""
    command = [
        CLI, "crawl", str(source), "--url", server.url + "/news", "--db", db_url,
        "--redis", redis_url, "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "NEWSSCRAPE_REDIS_HEARTBEAT=0.5",
        "-s", "NEWSSCRAPE_BATCH_SIZE=20", "-v",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    # The schema is created once, before the workers start (as the README says to).
    subprocess.run([CLI, "db", "upgrade", "--db", db_url], env=env, check=True, cwd=ROOT)
    procs = []
    for i in range(n):
        with (logs / f"worker-{i}.log").open("w", encoding="utf-8") as log:
            procs.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log))
    return procs


def _log(logs: Path, i: int) -> str:
    return (logs / f"worker-{i}.log").read_text(encoding="utf-8", errors="replace")


def _kill_all(procs: list) -> None:
    """No worker outlives its test, whatever failed."""
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


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
        procs = _workers(source, server, db_url, redis_url, 3, tmp_path)
        try:
            for proc in procs:
                proc.wait(timeout=600)
        finally:
            _kill_all(procs)
    for i, proc in enumerate(procs):
        assert proc.returncode == 0, _log(tmp_path, i)[-3000:]
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
        procs = _workers(source, server, db_url, redis_url, 3, tmp_path)
        try:
            # Kill worker 0 mid-way, once it has joined the frontier and the crawl is well
            # under way but far from complete: a worker that never joined proves nothing.
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                assert procs[0].poll() is None, "worker 0 ended early:\n" + _log(tmp_path, 0)
                joined = "Distributed crawl of" in _log(tmp_path, 0)
                if joined and _scalar(db_url, "SELECT count(*) FROM articles") >= 300:
                    break
                time.sleep(0.1)
            else:
                pytest.fail("the crawl never got going:\n" + _log(tmp_path, 0)[-3000:])
            stored_at_kill = _scalar(db_url, "SELECT count(*) FROM articles")
            assert stored_at_kill < ARTICLES // 2, "the kill came too late to mean anything"
            procs[0].send_signal(signal.SIGKILL)  # mid-way: it holds requests and a batch
            procs[0].wait(timeout=60)
            for proc in procs[1:]:
                proc.wait(timeout=600)
        finally:
            _kill_all(procs)
    logs = [_log(tmp_path, i) for i in range(3)]
    stored = _scalar(db_url, "SELECT count(*) FROM articles")
    assert stored == ARTICLES, "the surviving workers did not drain the crawl:\n" + logs[1][-3000:]
    for proc, log in zip(procs[1:], logs[1:], strict=True):
        assert proc.returncode == 0, log[-3000:]
        assert "Sweeping" in log or "Distributed crawl complete" in log, log[-3000:]
    # The death was noticed and what the dead worker held was swept up by a survivor.
    assert any("stopped answering" in log for log in logs[1:]), logs[1][-3000:]
    assert any("Sweeping" in log for log in logs[1:]), "no sweep after the death"
    _check_complete(db_url, expected)


def test_the_crawl_ends_only_after_every_worker_is_seen_idle_since_the_first_look(
    redis_url: str,
) -> None:
    """The race behind a crawl declared complete too early. Worker B has just taken the last
    request off the queue and publishes that it is busy only at its next heartbeat; worker A,
    idle in that gap, sees an empty queue and no busy worker. Ending the crawl then deletes the
    frontier B is about to extend. A must wait for a heartbeat of B's published after its first
    look, showing B took nothing since."""
    import json

    from scrapy.exceptions import DontCloseSpider
    from scrapy.utils.test import get_crawler

    from newsscrape.distributed import Coordinator, keys

    crawler = get_crawler(settings_dict={"NEWSSCRAPE_REDIS_HEARTBEAT": 0.5})
    a = Coordinator(crawler, redis_url)
    a.keys = k = keys(f"race-{uuid.uuid4().hex[:8]}")
    server = a.server

    def b_publishes(dequeued: int) -> None:
        record = {"ts": time.time(), "busy": False, "dequeued": dequeued}
        server.hset(k["workers"], "worker-b", json.dumps(record))

    try:
        a._join()
        b_publishes(5)
        with pytest.raises(DontCloseSpider):  # all idle at a first look: not yet the end
            a.spider_idle(None)
        with pytest.raises(DontCloseSpider):  # B has not been heard from since
            a.spider_idle(None)
        b_publishes(6)  # B took a request in the gap: its count moved
        with pytest.raises(DontCloseSpider):
            a.spider_idle(None)
        assert not a.done and server.hget(k["state"], "done") is None
        server.zadd(k["requests"], {"a request B pushed": 0})
        with pytest.raises(DontCloseSpider):  # ...and it extended the frontier
            a.spider_idle(None)
        server.delete(k["requests"])  # taken and done
        b_publishes(7)
        with pytest.raises(DontCloseSpider):
            a.spider_idle(None)
        b_publishes(7)  # heard from since, nothing taken: now the crawl is complete
        a.spider_idle(None)
        assert a.done and server.hget(k["state"], "done") == "1"
        # B, idle when it looks next, ends too instead of waiting for a sweep.
        b = Coordinator(get_crawler(), redis_url)
        b.keys = k
        b.spider_idle(None)
        assert b.done
    finally:
        server.delete(*k.values())
