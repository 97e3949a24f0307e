"""Crash and stop mid-crawl, start again: every article stored exactly once, nothing missing.

A generated site of a few hundred articles is crawled by the real CLI in a subprocess, killed
with SIGKILL (or stopped with SIGTERM) half-way, and crawled again with the same command.

The repeated-kill test goes further: one crawl is SIGKILLed again and again at points drawn
from a fixed seed (start-up, between and inside the batches written inline and by the writer
process, with and without the writer, while closing), restarted each time, and its corpus
must then equal, row for row, that of one uninterrupted crawl of the same site, with no
half-written article, no stuck run and no process of a killed crawl left running.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError

from newsscrape.fixture_server import FixtureServer
from newsscrape.sitegen import generate
from newsscrape.storage.db import head_revision

from .conftest import CLI, PG_ENV, backends, pg_schema

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


# -- SIGKILL again and again, at random points: the corpus equals an uninterrupted crawl's -----

CHAOS_ARTICLES = 400
CHAOS_SEED = 20240611  # draws the kill points (printed with each kill: `pytest -s` shows them)
_CHAOS_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "NEWSSCRAPE_BATCH_SIZE": 10,  # many commits: a kill lands between or inside them
    "NEWSSCRAPE_WRITER_AFTER": 30,  # each run writes 3 batches inline, then starts the writer
}


@pytest.fixture(scope="module")
def chaos_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("chaos-site")
    return root, generate(root, CHAOS_ARTICLES, per_page=20, seed=23)


@pytest.fixture(params=backends())
def two_dbs(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two fresh, empty databases of one backend: the reference corpus and the killed one."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reference.db'}", f"sqlite:///{tmp_path / 'killed.db'}"
        return
    base = os.environ[PG_ENV]
    with pg_schema(base) as reference, pg_schema(base) as killed:
        yield reference, killed


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1])


def _cmdline(pid: int) -> str | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def _children(pid: int) -> dict[int, str]:
    """The processes `pid` started (the writer, multiprocessing's resource tracker)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (_proc_stat(int(entry.name)) or ("", 0))[1] == pid:
            cmdline = _cmdline(int(entry.name))
            if cmdline is not None:
                found[int(entry.name)] = cmdline
    return found


def _alive(pid: int, cmdline: str) -> bool:
    """Still running (a zombie has ended; a reused pid is another process)."""
    stat = _proc_stat(pid)
    return stat is not None and stat[0] != "Z" and _cmdline(pid) == cmdline


def _assert_helpers_end(helpers: dict[int, str], timeout: float = 10) -> None:
    """A crawl's helper processes do not outlive it, however it ended."""
    deadline = time.monotonic() + timeout
    alive = dict(helpers)
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = {pid: cmd for pid, cmd in alive.items() if _alive(pid, cmd)}
    for pid in alive:  # they are ours: do not leave them behind whatever the verdict
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    assert not alive, f"processes of the crawl still running {timeout:.0f} s after it: {alive}"


class _Probe:
    """Looks at a corpus while a crawl writes it."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.url = make_url(url)

    def count(self, table: str) -> int:
        """Rows in `table` (one not created yet counts 0)."""
        try:
            with self.engine.connect() as conn:
                return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        except SQLAlchemyError:
            return 0

    def writing(self) -> bool:
        """Whether a write transaction is open now (rows written, not committed yet)."""
        if self.url.get_backend_name() == "sqlite":
            # The write lock is taken by a transaction's first write, released at its end.
            conn = sqlite3.connect(self.url.database or "", timeout=0, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                conn.close()
        sql = (  # PostgreSQL assigns a transaction id at its first write
            "SELECT count(*) FROM pg_stat_activity WHERE backend_xid IS NOT NULL "
            "AND datname = current_database() AND pid <> pg_backend_pid()"
        )
        with self.engine.connect() as conn:
            return bool(conn.execute(text(sql)).scalar_one())


@dataclass(slots=True)
class _Progress:
    """What a running crawl has done so far, as a kill rule sees it."""

    probe: _Probe
    elapsed: float = 0.0  # seconds since it was started
    run_opened: bool = False  # its crawl_runs row exists
    stored: int = 0  # articles it stored (committed)
    total: int = 0  # articles in the corpus
    writer_since: float | None = None  # when its writer process appeared

    def writing(self) -> bool:
        """A write transaction open now (asked only by the rules that need it)."""
        return self.probe.writing()


@dataclass(slots=True)
class _KillPoint:
    name: str
    due: Callable[[_Progress], bool]
    jitter: float = 0.0  # seconds between the rule firing and the SIGKILL
    # The crawl's whole process group (crawl and writer die at once, as in an OOM kill of a
    # container), not only the crawl (whose writer then ends on its own).
    group: bool = False
    # The crawl may end before this kill (its window is short); then nothing was killed.
    may_miss: bool = False


def _kill_points(rng: random.Random) -> list[_KillPoint]:
    """Where the crawls of the killed corpus die: at start-up, between and inside batches
    written by the crawl itself and by its writer process, around the writer's start.

    The first kill lands once the first run's schema is complete (see
    test_kill_while_the_schema_is_created for a kill inside it); the others are shuffled.
    """
    early = rng.uniform(0, 0.2)
    inline = rng.randint(5, 25)
    writing = rng.randint(45, 90)
    startup = rng.uniform(0.6, 1.6)
    after_writer = rng.uniform(0.2, 0.8)
    in_writer = rng.randint(35, 80)
    group_after = rng.uniform(0.1, 1.0)
    rest = [
        _KillPoint(
            f"inline batches: {inline}+ stored this run",
            lambda p: p.stored >= inline,
            rng.uniform(0, 0.05),
        ),
        _KillPoint(
            "inside an inline batch's transaction",
            lambda p: p.writer_since is None and p.stored >= 10 and p.writing(),
        ),
        _KillPoint(
            "writer process just started",
            lambda p: p.writer_since is not None,
            rng.uniform(0, 0.15),
        ),
        _KillPoint(f"start-up: {startup:.2f} s after launch", lambda p: p.elapsed >= startup),
        _KillPoint(
            f"writer process busy: {writing}+ stored this run",
            lambda p: p.writer_since is not None and p.stored >= writing,
            rng.uniform(0, 0.05),
        ),
        _KillPoint(
            f"writer process, {after_writer:.2f} s after it started",
            lambda p: p.writer_since is not None and p.elapsed >= p.writer_since + after_writer,
        ),
        _KillPoint(
            f"crawl and writer at once, inside a transaction, {in_writer}+ stored this run",
            lambda p: p.writer_since is not None and p.stored >= in_writer and p.writing(),
            group=True,
        ),
        _KillPoint(
            f"crawl and writer at once, {group_after:.2f} s after the writer started",
            lambda p: p.writer_since is not None and p.elapsed >= p.writer_since + group_after,
            group=True,
        ),
    ]
    rng.shuffle(rest)
    first = _KillPoint("early: run opened, listing walked", lambda p: p.run_opened, early)
    # Last: everything stored, the crawl closing (speakers, run row, Scrapy's shutdown).
    last = _KillPoint(
        "every article stored, crawl closing",
        lambda p: p.total >= CHAOS_ARTICLES,
        may_miss=True,
    )
    return [first, *rest, last]


def _crawl(
    command: list[str],
    cwd: Path,
    probe: _Probe,
    log: Path,
    kill: _KillPoint | None = None,
    timeout: float = 180,
) -> tuple[int, str]:
    """Run one crawl, SIGKILLed when `kill` says so; its exit code and what happened.

    Fails when the crawl ended before its kill point, or when its writer process (or any
    process it started) is still running a few seconds after it.
    """
    stored_before, runs_before = probe.count("articles"), probe.count("crawl_runs")
    start = time.monotonic()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    helpers: dict[int, str] = {}
    progress = _Progress(probe)
    what = "finished"
    try:
        while proc.poll() is None:
            progress.elapsed = time.monotonic() - start
            assert progress.elapsed < timeout, f"crawl still running after {timeout} s"
            if progress.writer_since is None:  # scanning /proc takes a few ms: until found
                helpers.update(_children(proc.pid))
                if any("multiprocessing.spawn" in c for c in helpers.values()):
                    progress.writer_since = progress.elapsed
            progress.run_opened = progress.run_opened or probe.count("crawl_runs") > runs_before
            progress.total = probe.count("articles")
            progress.stored = progress.total - stored_before
            if kill is not None and kill.due(progress):
                time.sleep(kill.jitter)
                helpers.update(_children(proc.pid))
                writers = [p for p, c in helpers.items() if "multiprocessing.spawn" in c]
                if proc.poll() is None:
                    if kill.group:
                        os.killpg(proc.pid, signal.SIGKILL)  # its own session: see Popen
                    else:
                        proc.kill()
                    what = (
                        f"killed at {time.monotonic() - start:.2f} s (due with {progress.stored}"
                        f" stored by this run; writer process {'running' if writers else 'not yet'}"
                        f"{', killed too' if writers and kill.group else ''})"
                    )
                break
            time.sleep(0.003)
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stored = probe.count("articles")
    _assert_helpers_end(helpers)
    return code, f"{what}; {stored - stored_before} stored by this run, {stored} in all"


def _sort_key(row: tuple[Any, ...]) -> tuple[tuple[bool, Any], ...]:
    """Rows in value order (ids numerically), NULLs last, on any backend."""
    return tuple((v is None, 0 if v is None else v) for v in row)


def _rows(url: str, queries: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: sorted((tuple(r) for r in conn.execute(text(sql))), key=_sort_key)
                for name, sql in queries.items()
            }
    finally:
        engine.dispose()


def _assert_same_rows(table: str, got: list[tuple[Any, ...]], want: list[tuple[Any, ...]]) -> None:
    """Row for row; a failure names the rows missing and the rows too many (duplicates too)."""
    if got == want:
        return
    missing = list((Counter(want) - Counter(got)).elements())
    extra = list((Counter(got) - Counter(want)).elements())
    pytest.fail(
        f"{table}: {len(got)} rows, the uninterrupted crawl has {len(want)}; "
        f"{len(missing)} missing, e.g. {[r[:4] for r in missing[:3]]}; "
        f"{len(extra)} too many, e.g. {[r[:4] for r in extra[:3]]}"
    )


# The corpus by content: ids, run ids and timestamps differ between two crawls, so rows are
# compared through what they point at (an article's canonical URL, a speaker's name).
_CORPUS = {
    "sources": "SELECT name, title FROM sources",
    "articles": (
        "SELECT s.name, a.canonical_url, a.url, a.headline, a.published, a.published_date, "
        "a.published_raw, a.body, a.teaser, a.author, a.language, a.content_hash, "
        "a.version_hash, a.revision FROM articles a LEFT JOIN sources s ON s.id = a.source_id"
    ),
    "article_urls": (
        "SELECT u.url, u.kind, a.canonical_url, s.name FROM article_urls u "
        "LEFT JOIN articles a ON a.id = u.article_id LEFT JOIN sources s ON s.id = u.source_id"
    ),
    "article_revisions": (
        "SELECT a.canonical_url, r.revision, r.url, r.headline, r.body, r.content_hash, "
        "r.version_hash FROM article_revisions r LEFT JOIN articles a ON a.id = r.article_id"
    ),
    "quotes": (
        "SELECT a.canonical_url, q.position, q.kind, q.text, sp.name, sp.kind, q.speaker, "
        "q.mention, q.title, q.organisation, q.cue, q.pattern, q.confidence, "
        "q.paragraph_start, q.paragraph_end, q.char_start, q.char_end FROM quotes q "
        "LEFT JOIN articles a ON a.id = q.article_id LEFT JOIN speakers sp ON sp.id = q.speaker_id"
    ),
    "speakers": (
        "SELECT s.name, s.kind, m.name FROM speakers s "
        "LEFT JOIN speakers m ON m.id = s.merged_into_id"
    ),
    "speaker_aliases": (
        "SELECT x.alias, x.kind, x.reason, s.name FROM speaker_aliases x "
        "LEFT JOIN speakers s ON s.id = x.speaker_id"
    ),
    "speaker_roles": (
        "SELECT s.name, s.kind, r.title, r.organisation, r.first_seen, r.last_seen "
        "FROM speaker_roles r LEFT JOIN speakers s ON s.id = r.speaker_id"
    ),
    "speaker_links": (
        "SELECT a.name, b.name, l.action, l.method, l.rule, l.undone_at IS NULL "
        "FROM speaker_links l LEFT JOIN speakers a ON a.id = l.speaker_id "
        "LEFT JOIN speakers b ON b.id = l.other_id"
    ),
}
# Each must count 0: half of an article's transaction never shows.
_ORPHANS = {
    "quotes without their article": (
        "SELECT count(*) FROM quotes q LEFT JOIN articles a ON a.id = q.article_id "
        "WHERE a.id IS NULL"
    ),
    "article URLs without their article": (
        "SELECT count(*) FROM article_urls u LEFT JOIN articles a ON a.id = u.article_id "
        "WHERE a.id IS NULL"
    ),
    "articles without their canonical URL": (
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_urls u "
        "WHERE u.article_id = a.id AND u.url = a.canonical_url AND u.kind = 'canonical')"
    ),
    "quotes naming a missing speaker": (
        "SELECT count(*) FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id "
        "WHERE q.speaker_id IS NOT NULL AND s.id IS NULL"
    ),
    "speakers without their alias": (
        "SELECT count(*) FROM speakers s WHERE NOT EXISTS "
        "(SELECT 1 FROM speaker_aliases x WHERE x.speaker_id = s.id)"
    ),
    "roles of a missing speaker": (
        "SELECT count(*) FROM speaker_roles r LEFT JOIN speakers s ON s.id = r.speaker_id "
        "WHERE s.id IS NULL"
    ),
}
_RUNS = {"runs": "SELECT id, status, finish_reason, resumed_from_id FROM crawl_runs"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes in /proc")
def test_repeated_sigkill_leaves_the_corpus_of_an_uninterrupted_crawl(
    chaos_site: tuple[Path, list], two_dbs: tuple[str, str], tmp_path: Path
) -> None:
    root, expected = chaos_site
    reference_url, killed_url = two_dbs
    settings = [arg for k, v in _CHAOS_SETTINGS.items() for arg in ("-s", f"{k}={v}")]
    points = _kill_points(random.Random(CHAOS_SEED))
    assert len(points) >= 4
    reference_dir, killed_dir = tmp_path / "reference", tmp_path / "killed"
    reference_dir.mkdir()
    killed_dir.mkdir()
    reference, killed = _Probe(reference_url), _Probe(killed_url)
    missed = False
    try:
        with FixtureServer(root) as server:  # one server: the same URLs in both corpora

            def command(url: str) -> list[str]:
                source = str(root / "source.toml")
                return [CLI, "crawl", source, "--url", server.url + "/news", "--db", url, *settings]

            code, what = _crawl(command(reference_url), reference_dir, reference,
                                reference_dir / "crawl.log")  # fmt: skip
            assert code == 0, (reference_dir / "crawl.log").read_text()[-3000:]
            for number, point in enumerate(points, 1):
                log = killed_dir / f"crawl-{number}.log"
                code, what = _crawl(command(killed_url), killed_dir, killed, log, point)
                print(f"kill {number} ({point.name}): {what}")
                missed = point.may_miss and code == 0
                assert code == -signal.SIGKILL or missed, (
                    f"crawl {number} ended ({code}) before its kill point ({point.name}): "
                    f"{what}\n{log.read_text()[-3000:]}"
                )
            log = killed_dir / "crawl-final.log"
            code, what = _crawl(command(killed_url), killed_dir, killed, log)
            print(f"final run: {what}")
            assert code == 0, log.read_text()[-3000:]
    finally:
        reference.engine.dispose()
        killed.engine.dispose()

    want = _rows(reference_url, {**_CORPUS, **_RUNS, "stats": "SELECT stats FROM crawl_runs"})
    # The reference itself is the site, complete: every article once, every quote.
    paths = sorted(row[1].split("/", 3)[3] for row in want["articles"])
    assert paths == sorted(a.path.lstrip("/") for a in expected)
    assert sum(1 for q in want["quotes"] if q[2] == "quote") == sum(a.quotes for a in expected)
    assert [r[1] for r in want.pop("runs")] == ["succeeded"]
    # ... written both ways: the first batches inline, then by the writer process.
    stats = want.pop("stats")[0][0]
    stats = json.loads(stats) if isinstance(stats, str) else stats
    inline = _CHAOS_SETTINGS["NEWSSCRAPE_WRITER_AFTER"]
    assert stats.get("newsscrape/writer/inline_articles") == inline
    assert stats.get("newsscrape/writer/process_articles") == CHAOS_ARTICLES - inline
    assert not stats.get("newsscrape/writer/failed")

    got = _rows(killed_url, {**_CORPUS, **_RUNS, **_ORPHANS})
    assert {name: got[name][0][0] for name in _ORPHANS} == dict.fromkeys(_ORPHANS, 0)
    runs = got.pop("runs")
    assert [r[1] for r in runs].count("running") == 0, runs
    # Every killed run is recorded as such by the next; a missed last kill is a success.
    finished = 2 if missed else 1
    assert [r[1:3] for r in runs[:-finished]] == [("interrupted", "killed")] * (
        len(runs) - finished
    ), runs
    assert [r[1] for r in runs[-finished:]] == ["succeeded"] * finished, runs
    assert len(runs) > len(points) // 2, runs  # most kills landed after the run had begun
    if not missed:
        assert runs[-1][3] == runs[-2][0], runs  # the last run finished the killed one
    for name in _CORPUS:
        _assert_same_rows(name, got[name], want[name])


def _schema_state(db: Path) -> tuple[int, str | None]:
    """(tables, schema version) of a SQLite corpus being created.

    Opened read-write, as the next crawl opens it: a kill can leave a hot journal, which only a
    connection allowed to write rolls back (a read-only one may keep failing on it). Retried
    while another process holds a lock; any other error, or one lasting 30 s, fails the test
    with the files left on disk, rather than looping for ever.
    """
    if not db.exists():
        return 0, None
    deadline = time.monotonic() + 30
    while True:
        try:
            conn = sqlite3.connect(db, timeout=5)
            try:
                tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                names = {row[0] for row in tables}
                version = None
                if "alembic_version" in names:
                    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                    version = row[0] if row else None
                return len(names - {"alembic_version"}), version
            finally:
                conn.close()
        except sqlite3.Error as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                files = {f.name: f.stat().st_size for f in db.parent.glob(db.name + "*")}
                pytest.fail(f"the killed crawl's database is unreadable: {exc!r}; files {files}")
            time.sleep(0.05)


def test_kill_while_the_schema_is_created(chaos_site: tuple[Path, list], tmp_path: Path) -> None:
    """The first crawl into a new SQLite file, killed at moments spread over the schema's
    creation: each kill leaves no schema or all of it, never half (which every later crawl
    would refuse), and the next crawl completes the corpus."""
    root, expected = chaos_site
    head = head_revision()
    settings = [arg for k, v in _CHAOS_SETTINGS.items() for arg in ("-s", f"{k}={v}")]
    states = []
    with FixtureServer(root) as server:
        for attempt in range(10):  # the schema takes about 0.1 s: 0 to 135 ms after the file
            db = tmp_path / f"corpus-{attempt}.db"
            command = [CLI, "crawl", str(root / "source.toml"), "--url", server.url + "/news",
                       "--db", f"sqlite:///{db}", *settings]  # fmt: skip
            proc = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)  # fmt: skip
            try:
                deadline = time.monotonic() + 60
                while not db.exists() and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.001)
                time.sleep(0.015 * attempt)
            finally:
                proc.kill()
                proc.wait()
            state = _schema_state(db)
            tables, version = state
            states.append(state)
            assert tables == 0 or version == head, f"half a schema after a kill: {states}"
        again = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                               timeout=300, check=False)  # fmt: skip
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    conn = sqlite3.connect(db)
    try:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()
    assert stored == len(expected)
