"""Safety: passwords never leave the URL they came in, and `newsscrape serve` cannot write.

Every test runs the real console script (or `scrapy`, or Datasette behind `newsscrape serve`)
and looks where a password could surface: stdout, stderr, the log file, the corpus itself.
The unreachable-server cases need no server and always run. The PostgreSQL and Redis cases
follow the suite's rule: with NEWSSCRAPE_TEST_POSTGRES_URL / NEWSSCRAPE_TEST_REDIS_URL set, a
server that does not answer fails them; unset, they are skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from newsscrape.fixture_server import FixtureServer

from .conftest import (
    CLI,
    LISTING_PATH,
    PG_ENV,
    ROOT,
    crawl_cli,
    free_port,
    pg_schema,
    run_scrapy,
    wait_until_up,
)

PW = "S3cretPw0rd"
REDIS_ENV = "NEWSSCRAPE_TEST_REDIS_URL"
# Nothing listens on port 1: the quickest "server unreachable" there is.
DEAD_PG = f"postgresql+psycopg://postgres:{PW}@127.0.0.1:1/test"
DEAD_REDIS = f"redis://:{PW}@127.0.0.1:1/0"


def with_password(url: str) -> str:
    """`url` with PW as its password (PostgreSQL's trust auth and Redis without
    requirepass accept any)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    with_pw = parts._replace(netloc=f"{parts.username or ''}:{PW}@{host}")
    return urllib.parse.urlunsplit(with_pw)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real `newsscrape` with extra environment (run_cli drops DATABASE_URL)."""
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    return subprocess.run(
        [CLI, *args], capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**base, "COLUMNS": "200", **(env or {})}, check=False,
    )  # fmt: skip


def crawl(
    server: FixtureServer, db: str, tmp_path: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """crawl_cli with crawl state of its own: a crawl of the same source elsewhere (another
    test run in this checkout) must not hold the source's lock."""
    return crawl_cli(server, db, "-s", f"NEWSSCRAPE_STATE_DIR={tmp_path / 'state'}", *extra)


def assert_no_password(*texts: str) -> None:
    for value in texts:
        assert PW not in value, value


def assert_masked_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Failed, with one clear error line (no traceback) that never shows the password."""
    assert result.returncode != 0
    assert_no_password(result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def stored_rows(url: str) -> dict[str, str]:
    """Every row of every table of the corpus as text, by table: where a leak would be
    stored (crawl_runs keeps each run's stats, error messages among them)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: repr(conn.execute(text(f'SELECT * FROM "{table}"')).all())
                for table in inspect(conn).get_table_names()
            }
    finally:
        engine.dispose()


def assert_nothing_stored(url: str) -> None:
    rows = stored_rows(url)
    assert rows["crawl_runs"] != "[]"  # the run was recorded, stats and all
    assert_no_password(*rows.values())


# -- a crawl with a password everywhere Scrapy could show it --------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def corpus_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh corpus: a SQLite file, or a PostgreSQL schema whose URL carries PW."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'corpus.db'}"
        return
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} not set")
    with pg_schema(with_password(os.environ[PG_ENV])) as url:
        assert f":{PW}@" in url  # the crawl really gets the password
        yield url


def test_crawl_shows_no_password_in_output_log_or_corpus(
    amnesty_server: FixtureServer, corpus_url: str, tmp_path: Path
) -> None:
    """A debug-level crawl into a corpus: the password is in no output, log line or row.

    TELNETCONSOLE_PASSWORD is a Scrapy setting, so it is printed in Scrapy's "Overridden
    settings" line: a secret every crawl (also the SQLite one) has to mask. The writer
    process is forced on, since it is handed the full database URL.
    """
    log = tmp_path / "crawl.log"
    result = crawl(
        amnesty_server, corpus_url, tmp_path, "--log-file", str(log), "-s", "LOG_LEVEL=DEBUG",
        "-s", f"TELNETCONSOLE_PASSWORD={PW}", "-s", "NEWSSCRAPE_WRITER=process",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    logged = log.read_text(encoding="utf-8")
    assert "Overridden settings" in logged and "'TELNETCONSOLE_PASSWORD': '***'" in logged
    assert "[scrapy.core.engine] DEBUG" in logged  # the debug log really was written
    assert_no_password(result.stdout, result.stderr, logged)
    assert_nothing_stored(corpus_url)
    if PW in corpus_url:
        assert ":***@" in result.stdout  # "Corpus: ..." names it, masked
        assert ":***@" in logged  # "crawl run 1: source ... into ..."
    # The commands that read the corpus and name it.
    for args in (["status"], ["runs"], ["runs", "show", "1"], ["db", "current"],
                 ["quotes", "--limit", "2"], ["articles", "--search", "navalny"]):  # fmt: skip
        shown = run(*args, "--db", corpus_url)
        assert shown.returncode in (0, 1), shown.stderr  # status exits 1 when unhealthy
        assert "Traceback" not in shown.stderr
        assert_no_password(shown.stdout, shown.stderr)


def test_scrapy_crawl_masks_its_settings_log(amnesty_server: FixtureServer, tmp_path: Path) -> None:
    """`scrapy crawl` (what Scrapyd runs) masks its log like the CLI does."""
    result = run_scrapy(
        "crawl", "listing", "-a", "source=amnesty-ca", "-a",
        f"url={amnesty_server.url}{LISTING_PATH}", "-a", "max_pages=1",
        "-s", f"NEWSSCRAPE_DATABASE_URL=sqlite:///{tmp_path}/c.db", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"TELNETCONSOLE_PASSWORD={PW}",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "'TELNETCONSOLE_PASSWORD': '***'" in result.stderr
    assert_no_password(result.stdout, result.stderr)


# -- unreachable servers: one clear, masked line --------------------------------------------


def test_crawl_into_unreachable_database_is_one_masked_line(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    log = tmp_path / "crawl.log"
    result = crawl(
        amnesty_server, DEAD_PG, tmp_path, "--log-file", str(log), "-s", "LOG_LEVEL=DEBUG"
    )
    assert_masked_error(result, "cannot open database", "postgres:***@127.0.0.1:1/test")
    assert_no_password(log.read_text(encoding="utf-8") if log.exists() else "")


@pytest.mark.parametrize(
    "url, needle",
    [
        # An unencoded "@" puts the rest of the password in the host, which the driver
        # would echo ("failed to resolve host 'Pw0rd@127.0.0.1'").
        (f"postgresql+psycopg://postgres:x@{PW}@127.0.0.1:1/test", "percent-encode"),
        (f"postgresql+psycopg://postgres@127.0.0.1:1/test?password={PW}", "password=***"),
        (f"postgresql+psycopg://postgres:{PW}@127.0.0.1:notaport/test", "port"),
        (f"postgresql+psycopg://postgres:{PW}@127.0.0.1:1/test?nosuchoption=1", "nosuchoption"),
        (f"postgresql+nosuchdriver://postgres:{PW}@127.0.0.1:1/test", "no driver"),
        (f"postgresql+psycopg//postgres:{PW}@127.0.0.1:1/test", "not a database URL"),
    ],
    ids=["at-in-password", "query-password", "bad-port", "bad-option", "no-driver", "typo"],
)
def test_malformed_database_urls_are_masked(url: str, needle: str) -> None:
    for args in (["crawl", "amnesty-ca"], ["status"], ["db", "current"]):
        assert_masked_error(run(*args, "--db", url), needle)


def test_database_url_from_the_environment_is_masked() -> None:
    result = run("status", env={"DATABASE_URL": DEAD_PG})
    assert_masked_error(result, "postgres:***@127.0.0.1:1")


READING_COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["runs"],
    ["runs", "show", "1"],
    ["quotes"],
    ["quotes", "--search", "torture"],
    ["articles", "--search", "navalny"],
    ["export", "--output", "{tmp}/export"],
    ["report", "--output", "{tmp}/report.png"],
    ["speakers", "list"],
    ["reextract", "--dry-run"],
    ["db", "current"],
    ["db", "upgrade"],
    ["db", "reindex"],
    ["schedule", "list"],
    ["schedule", "add", "amnesty-ca", "--every", "6h"],
    ["schedule", "pause", "1"],
    ["scheduler", "--log-dir", "{tmp}/logs"],
    ["serve", "--port", "1"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_every_command_masks_an_unreachable_database(command: list[str], tmp_path: Path) -> None:
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    result = run(*args, "--db", DEAD_PG)
    # serve refuses a PostgreSQL URL before connecting (and so does not name it).
    needles = ["SQLite"] if command[0] == "serve" else ["postgres:***@127.0.0.1:1"]
    assert_masked_error(result, *needles)


@pytest.mark.parametrize(
    "how",
    [["--redis", DEAD_REDIS], ["-s", f"NEWSSCRAPE_REDIS_URL={DEAD_REDIS}"], []],
    ids=["--redis", "-s", "REDIS_URL"],
)
def test_unreachable_redis_is_one_masked_line(
    amnesty_server: FixtureServer, tmp_path: Path, how: list[str]
) -> None:
    result = run(
        "crawl", "amnesty-ca", "--url", amnesty_server.url + LISTING_PATH,
        "--db", f"sqlite:///{tmp_path}/c.db", *how,
        env={} if how else {"REDIS_URL": DEAD_REDIS},
    )  # fmt: skip
    assert_masked_error(result, "cannot reach Redis at redis://:***@127.0.0.1:1/0")


def test_bad_redis_urls_are_masked(amnesty_server: FixtureServer, tmp_path: Path) -> None:
    for url in (f"redis://:{PW}@127.0.0.1:1/0?nosuchoption=1", f"http://:{PW}@127.0.0.1:1/0"):
        result = run(
            "crawl", "amnesty-ca", "--url", amnesty_server.url + LISTING_PATH,
            "--db", f"sqlite:///{tmp_path}/c.db", "--redis", url,
        )  # fmt: skip
        assert_masked_error(result, "cannot reach Redis")


def test_scrapy_crawl_masks_unreachable_database_and_redis(tmp_path: Path) -> None:
    dead_db = run_scrapy(
        "crawl", "listing", "-a", "source=amnesty-ca", "-s", f"NEWSSCRAPE_DATABASE_URL={DEAD_PG}"
    )  # fmt: skip
    assert dead_db.returncode == 2 and "Traceback" not in dead_db.stderr
    assert "postgres:***@127.0.0.1:1" in dead_db.stderr.splitlines()[-1]
    dead_redis = run_scrapy(
        "crawl", "listing", "-a", "source=amnesty-ca",
        "-s", f"NEWSSCRAPE_DATABASE_URL=sqlite:///{tmp_path}/c.db",
        "-s", f"NEWSSCRAPE_REDIS_URL={DEAD_REDIS}",
    )  # fmt: skip
    assert dead_redis.returncode == 2 and "Traceback" not in dead_redis.stderr
    assert "redis://:***@127.0.0.1:1/0" in dead_redis.stderr.splitlines()[-1]
    assert_no_password(dead_db.stdout, dead_db.stderr, dead_redis.stdout, dead_redis.stderr)


def test_malformed_setting_is_echoed_masked(tmp_path: Path) -> None:
    result = run("crawl", "amnesty-ca", "-s", f"NEWSSCRAPE_REDIS_URL:{DEAD_REDIS}")
    assert result.returncode == 2 and "redis://:***@" in result.stderr
    assert_no_password(result.stdout, result.stderr)


@pytest.mark.skipif(not os.environ.get(REDIS_ENV), reason=f"{REDIS_ENV} not set")
def test_distributed_crawl_with_redis_password_shows_it_nowhere(
    amnesty_server: FixtureServer, tmp_path: Path
) -> None:
    """A distributed crawl on the real Redis, its URL carrying a password, at debug level."""
    import redis

    redis_url = with_password(os.environ[REDIS_ENV])
    assert f":{PW}@" in redis_url
    redis.Redis.from_url(redis_url, socket_connect_timeout=5).ping()  # set but down: a failure
    name = f"safety-{uuid.uuid4().hex[:8]}"  # keys of its own
    sources = tmp_path / "sources"
    sources.mkdir()
    source = (ROOT / "newsscrape/sources/amnesty-ca.toml").read_text("utf-8")
    (sources / f"{name}.toml").write_text(source.replace('"amnesty-ca"', f'"{name}"'), "utf-8")
    db = f"sqlite:///{tmp_path}/c.db"
    log = tmp_path / "crawl.log"
    result = run(
        "crawl", name, "--sources-dir", str(sources), "--url", amnesty_server.url + LISTING_PATH,
        "--db", db, "--redis", redis_url, "--log-file", str(log), "-s", "LOG_LEVEL=DEBUG",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "NEWSSCRAPE_REDIS_HEARTBEAT=0.5",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    logged = log.read_text(encoding="utf-8")
    assert f"Distributed crawl of {name} on redis://:***@" in logged
    assert_no_password(result.stdout, result.stderr, logged)
    assert_nothing_stored(db)


# -- what no message built here can foresee -------------------------------------------------


def test_uncaught_errors_and_log_records_are_masked() -> None:
    """The last line of defence: any log record, thread or uncaught traceback is masked."""
    script = f"""
import logging, threading
from newsscrape import logmask
logmask.install()
logging.basicConfig(level=logging.INFO)
log = logging.getLogger("x")
log.info("connecting to %s", "postgresql://u:{PW}@h/db")
log.warning("dsn host=h password={PW} user=u")
log.error("settings %r", {{"password": "{PW}", "REDIS_URL": "redis://:{PW}@h:6379/0"}})
try:
    raise ValueError("cannot use postgresql://u:{PW}@h/db")
except ValueError:
    log.exception("failed")
def boom():
    raise OSError("redis://:{PW}@h")
thread = threading.Thread(target=boom)
thread.start(); thread.join()
raise RuntimeError("unexpected: postgresql://u:x@{PW}@h/db?password={PW}")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 1
    err = result.stderr
    assert "RuntimeError: unexpected: postgresql://u:***@h/db?password=***" in err
    assert "ValueError: cannot use postgresql://u:***@h/db" in err
    assert "OSError: redis://:***@h" in err
    assert "connecting to postgresql://u:***@h/db" in err
    assert err.count("***") >= 8
    assert_no_password(result.stdout, err)


def test_scheduled_crawls_get_the_database_url_in_their_environment(tmp_path: Path) -> None:
    """A command line is public (ps, /proc): the scheduler hands secrets over elsewhere."""
    from newsscrape.scheduling.scheduler import crawl_command, crawl_environment
    from newsscrape.scheduling.schedules import Schedules
    from newsscrape.storage.db import upgrade

    engine = create_engine(f"sqlite:///{tmp_path}/c.db")
    upgrade(engine)
    schedule = Schedules(engine).add(
        "amnesty-ca", every_seconds=60,
        options={"settings": {"NEWSSCRAPE_REDIS_URL": DEAD_REDIS, "DOWNLOAD_DELAY": "0"}},
    )  # fmt: skip
    engine.dispose()
    command = crawl_command(schedule, tmp_path / "run.log")
    assert_no_password(" ".join(command))
    assert "DOWNLOAD_DELAY=0" in command and "--db" not in command
    env = crawl_environment(schedule, DEAD_PG, {"PATH": "/usr/bin"})
    assert env == {"PATH": "/usr/bin", "DATABASE_URL": DEAD_PG, "REDIS_URL": DEAD_REDIS}


# -- newsscrape serve is read-only -----------------------------------------------------------


def _content(db: Path) -> tuple[dict[str, int], str]:
    """Row counts of every table and a checksum of the articles table (read-only)."""
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        digest = hashlib.sha256()
        for row in conn.execute("SELECT * FROM articles ORDER BY id"):
            digest.update(repr(row).encode())
    finally:
        conn.close()
    return counts, digest.hexdigest()


def _request(base: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    """(status, parsed JSON or text) of a GET, or of a JSON POST when `body` is given."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        base + path, data=data, method="POST" if body is not None else "GET",
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    try:
        # Datasette takes its time over error pages; a loaded machine multiplies it.
        with urllib.request.urlopen(request, timeout=60) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


EVIL_PLUGIN = """
import sqlite3
from datasette import hookimpl
from datasette.utils.asgi import Response

@hookimpl
def register_routes():
    async def evil(datasette):
        for db in datasette.databases.values():
            if db.path:
                conn = sqlite3.connect(db.path)
                conn.execute("DELETE FROM articles")
                conn.commit()
                conn.close()
        return Response.text("deleted")
    return [(r"^/-/evil$", evil)]
"""


def install_evil_plugin(where: Path) -> dict[str, str]:
    """A Datasette plugin, installed as any would be (an entry point), that empties the
    corpus on GET /-/evil. Returns the environment that makes it importable."""
    where.mkdir()
    (where / "evil_plugin.py").write_text(EVIL_PLUGIN, encoding="utf-8")
    info = where / "evil_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evil-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[datasette]\nevil = evil_plugin\n")
    return {**os.environ, "PYTHONPATH": str(where)}


@pytest.fixture
def served_corpus(amnesty_server: FixtureServer, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`newsscrape serve` on a crawled corpus, with a write plugin installed."""
    db = tmp_path / "corpus.db"
    assert crawl(amnesty_server, f"sqlite:///{db}", tmp_path).returncode == 0
    port = free_port()
    # A file, not a pipe: Datasette logs every request (and a traceback for each 500), and
    # a pipe nobody reads fills up and stalls it.
    output = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        [CLI, "serve", "--db", f"sqlite:///{db}", "--port", str(port)],
        stdout=output, stderr=subprocess.STDOUT, text=True,
        env=install_evil_plugin(tmp_path / "plugins"),
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(
            lambda: urllib.request.urlopen(base + "/-/versions.json", timeout=2).close(),
            proc, lambda: (output.seek(0), output.read())[1], "newsscrape serve",
        )  # fmt: skip
        yield base, db
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
        finally:
            output.close()
    # Stopping `newsscrape serve` stops Datasette: nothing keeps serving the corpus.
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "/-/versions.json", timeout=2)


EVIL = Path(f"/tmp/newsscrape-evil-{uuid.uuid4().hex[:8]}.db")  # what ATTACH would create
WRITE_SQL = [
    "INSERT INTO sources (name, title) VALUES ('evil', 'evil')",
    "UPDATE articles SET headline = 'defaced'",
    "DELETE FROM articles",
    "PRAGMA writable_schema = 1",
    f"ATTACH DATABASE '{EVIL}' AS evil",
    "CREATE TABLE evil (a)",
    "DROP TABLE articles",
    "VACUUM",
    # Datasette lets WITH through as a query: the immutable file refuses the write.
    "WITH x AS (SELECT 1) DELETE FROM articles",
    "WITH x AS (SELECT 1) UPDATE articles SET headline = 'defaced'",
    "SELECT 1; DELETE FROM articles",
]

WRITE_API = [
    ("/corpus/-/create", {"table": "evil", "row": {"a": 1}}),
    ("/corpus/articles/-/insert", {"row": {"headline": "evil"}}),
    ("/corpus/articles/-/upsert", {"rows": [{"id": 1, "headline": "defaced"}]}),
    ("/corpus/articles/1/-/update", {"update": {"headline": "defaced"}}),
    ("/corpus/articles/1/-/delete", {}),
    ("/corpus/articles/-/drop", {"confirm": True}),
]


def test_serve_refuses_every_write(served_corpus: tuple[str, Path]) -> None:
    base, db = served_corpus
    before = _content(db)
    file_before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert before[0]["articles"] > 0
    # No plugin beyond Datasette's own: the installed one that writes is not loaded.
    assert _request(base, "/-/plugins.json") == (200, [])
    assert _request(base, "/-/evil")[0] == 404
    # Reading works, so a refusal below is a refusal, not a broken endpoint.
    status, answer = _request(base, "/corpus.json?sql=select+count(*)+as+n+from+articles")
    assert status == 200 and answer["ok"] and answer["rows"] == [[before[0]["articles"]]]

    refused = []
    for path, body in WRITE_API:
        status, answer = _request(base, path, body)
        refused.append((path, status))
        assert status >= 400, (path, answer)
    for sql in WRITE_SQL:
        query = urllib.parse.urlencode({"sql": sql})
        # Datasette 1.0's query endpoint and 0.65's (JSON; the HTML page runs the same code).
        for path in (f"/corpus/-/query.json?{query}", f"/corpus.json?{query}"):
            status, answer = _request(base, path)
            refused.append((path, status))
            assert status >= 400 or (isinstance(answer, dict) and not answer.get("ok")), (
                sql,
                path,
                answer,
            )
    status, _ = _request(base, "/corpus?" + urllib.parse.urlencode({"sql": WRITE_SQL[2]}))
    assert status == 400  # the HTML page refuses the DELETE too
    assert len(refused) == len(WRITE_API) + 2 * len(WRITE_SQL)
    assert _content(db) == before
    assert hashlib.sha256(db.read_bytes()).hexdigest() == file_before
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert not EVIL.exists()


def test_serve_does_not_create_a_schema_in_an_empty_file(tmp_path: Path) -> None:
    """The other reading commands create the schema in an empty database; serve writes
    nothing and says what is wrong."""
    empty = tmp_path / "empty.db"
    empty.touch()
    result = run("serve", "--db", f"sqlite:///{empty}", "--port", "1")
    assert result.returncode == 1 and "not a newsscrape corpus" in result.stderr
    assert empty.stat().st_size == 0


# -- the masking itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, shown",
    [
        (f"postgresql+psycopg://u:{PW}@h:5432/db?options=-cx%3Dy",
         "postgresql+psycopg://u:***@h:5432/db?options=-cx%3Dy"),
        (f"redis://:{PW}@127.0.0.1:1/0", "redis://:***@127.0.0.1:1/0"),
        (f"postgresql://u:ab@{PW}@h/db", "postgresql://u:***@h/db"),
        (f"postgresql://u@h/db?sslmode=require&password={PW}",
         "postgresql://u@h/db?password=***&sslmode=require"),
        ("sqlite:///corpus.db", "sqlite:///corpus.db"),
        (f"postgresql://u:{PW}@h:port/db", "<unparseable URL>"),
    ],
)  # fmt: skip
def test_mask_url(raw: str, shown: str) -> None:
    from newsscrape.storage.db import mask_url

    assert mask_url(raw) == shown


def test_mask_url_of_a_parsed_url() -> None:
    """Engines' URLs (SQLAlchemy objects) are masked too, "@" in the password included."""
    from newsscrape.storage.db import mask_url

    assert mask_url(make_url(f"postgresql://u:ab@{PW}@h/db")) == "postgresql://u:***@h/db"


def test_mask_text_leaves_ordinary_urls_alone() -> None:
    from newsscrape.logmask import mask_text

    line = (
        "Crawled (200) <GET http://127.0.0.1:8765/category/news?page=2> "
        "(referer: https://medium.com/@someone) mailto:a@b.org"
    )
    assert mask_text(line) == line
    assert mask_text(f"host=h password='{PW} x' user=u") == "host=h password=*** user=u"
    assert mask_text(f"{{'TELNETCONSOLE_PASSWORD': '{PW}'}}") == (
        "{'TELNETCONSOLE_PASSWORD': '***'}"
    )
