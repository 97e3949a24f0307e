"""Crawl throughput: the real `newsscrape crawl`, raw and with the full pipeline, on one site.

    .venv/bin/python bench/bench_crawl.py                       # 5,000 articles, SQLite + PG
    .venv/bin/python bench/bench_crawl.py --articles 1000 --skip-postgres
    .venv/bin/python bench/bench_crawl.py --rss-sweep 1000,5000,20000

Targets: the full pipeline (normalize → dates → quotes → dedup → store) keeps at least 80% of
the raw crawl rate on SQLite and 70% on PostgreSQL (full/raw, pages per second).

How, and why that way:
- The site is `newsscrape.sitegen` with `chrome_kb`: article and listing pages of 40-50 KB
  with a real site's chrome (inline CSS and scripts, mega menu, sidebars), 3-8 attributed
  quotes per article, 20 items per listing page. Minimal pages would make parsing look free.
- It is served from memory by an asyncio server in its own process (keep-alive HTTP/1.1, the
  URL → file mapping of `newsscrape.fixture_server`), so the server neither shares the GIL
  with Scrapy nor touches the disk. Its ceiling and the fixture server's are measured first,
  and its CPU use during every crawl is printed: a server far from a full core is not the
  bottleneck.
- Every crawl is the `newsscrape crawl --full` command in its own process (Scrapy's reactor
  runs once per process), with the same settings: local ones without delays, 32 concurrent
  requests. The raw ceiling is the same command with `-s ITEM_PIPELINES={}` (JSON, which
  Scrapy's getdict reads), so spider, middlewares, scheduler and engine are the same.
- The numbers come from the crawl itself: RunRecorder stores Scrapy's final stats in the run's
  `crawl_runs.stats` row (downloader/response_count, elapsed_time_seconds, and the pipelines'
  `newsscrape/time/<stage>` from `pipelines.timed`). Rates use Scrapy's elapsed time, which
  leaves out interpreter start-up and the summary printed afterwards (shown as "process s").
- Peak RSS is the crawl process's own ru_maxrss, from os.wait4 on that one child
  (RUSAGE_CHILDREN would be the maximum over all children). "+ writer" is the peak of the
  crawl's and its writer process's RSS summed, sampled from /proc every 0.2 s.
- `--profile DIR` runs the full SQLite crawl once more under pyinstrument (if installed:
  `.venv/bin/pip install pyinstrument`) and writes its text and HTML reports to DIR.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import io
import json
import multiprocessing
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy import create_engine, text

from newsscrape.fixture_server import BASE_MARK, LOCAL_SETTINGS, FixtureServer, resolve
from newsscrape.sitegen import generate

PG_ENV = "NEWSSCRAPE_TEST_POSTGRES_URL"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
CHROME_KB = 40  # article pages of 40-50 KB, listing pages about the same
PER_PAGE = 20
TARGETS = {"sqlite": 0.8, "postgresql": 0.7}  # full/raw, pages per second
# One set of settings for every crawl: no politeness against our own server, and enough
# concurrency that the crawler, not the request pipeline, sets the pace.
CRAWL_SETTINGS: dict[str, Any] = {
    **LOCAL_SETTINGS,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "LOG_LEVEL": "WARNING",
    "NEWSSCRAPE_PROGRESS": False,
}
STAGES = ("normalize", "dates", "quotes", "dedup", "database", "speakers")
_TYPES = {".html": b"text/html; charset=utf-8", ".txt": b"text/plain; charset=utf-8"}


# -- the in-memory server ----------------------------------------------------------------


def request_key(target: str) -> str:
    """The lookup key of a request target: its path, plus ?page=N when N > 0.

    The same normalisation as `fixture_server.resolve`: trailing slashes, fragments and other
    query parameters are ignored, page=0 is the page without it.
    """
    parts = urlsplit(target)
    rel = unquote(parts.path).strip("/")
    page = parse_qs(parts.query).get("page", ["0"])[0]
    if page.isdigit() and int(page) > 0:
        return f"/{rel}?page={int(page)}"
    return f"/{rel}"


def _file_key(rel: Path) -> str:
    """The request key a file answers under the fixture-server convention."""
    parent = "" if rel.parent == Path(".") else rel.parent.as_posix()
    paged = re.fullmatch(r"page-(\d+)\.(?:html|json)", rel.name)
    if paged:
        return f"/{parent}?page={int(paged[1])}"
    if rel.name in ("index.html", "index.xml"):
        return f"/{parent}"
    if rel.suffix in (".html", ".json", ".xml"):
        return "/" + rel.with_suffix("").as_posix()
    return "/" + rel.as_posix()


def _response(status: int, ctype: bytes, body: bytes) -> bytes:
    reason = {200: b"OK", 404: b"Not Found"}.get(status, b"Status")
    head = b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (
        status,
        reason,
        ctype,
        len(body),
    )
    return head + body


def load_site(root: Path, base: str) -> tuple[dict[str, bytes], bytes]:
    """Every response of the site, pre-rendered (headers and body), and the 404 response.

    A file is kept under its key only where `fixture_server.resolve` maps that key to the same
    file, so the two servers answer every URL alike. Forced statuses (_routes.json) too.
    """
    table: dict[str, bytes] = {}
    for path in root.rglob("*"):
        if not path.is_file() or path.name == "_routes.json":
            continue
        key = _file_key(path.relative_to(root))
        status, found = resolve(root, key)
        if status == 200 and found == path:
            body = path.read_bytes().replace(BASE_MARK, base.encode())
            ctype = _TYPES.get(path.suffix, b"application/octet-stream")
            if path.suffix in (".json", ".xml"):
                ctype = b"application/" + path.suffix[1:].encode()
            table[key] = _response(200, ctype, body)
    routes = root / "_routes.json"
    if routes.is_file():
        for key, status in json.loads(routes.read_text(encoding="utf-8")).items():
            body = f"<html><body><h1>{status}</h1></body></html>".encode()
            table[request_key(key)] = _response(int(status), _TYPES[".html"], body)
    missing = root / "404.html"
    body = missing.read_bytes() if missing.is_file() else b"<html><body><h1>404</h1></body></html>"
    return table, _response(404, _TYPES[".html"], body)


async def _serve_async(root: Path, conn: Connection) -> None:
    table: dict[str, bytes] = {}
    not_found = b""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, OSError):
                    return
                line, _, headers = head.partition(b"\r\n")
                method, target, version = [*line.split(b" ", 2), b"", b""][:3]
                response = table.get(request_key(target.decode("latin-1")), not_found)
                if method == b"HEAD":
                    response = response.partition(b"\r\n\r\n")[0] + b"\r\n\r\n"
                writer.write(response)
                await writer.drain()
                if version.strip() == b"HTTP/1.0" or b"connection: close" in headers.lower():
                    return
        except OSError:
            return
        finally:
            writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
    port = server.sockets[0].getsockname()[1]
    loaded, not_found = load_site(root, f"http://127.0.0.1:{port}")
    table.update(loaded)
    conn.send(port)
    conn.close()
    async with server:
        await server.serve_forever()


def _serve_memory(root: str, conn: Connection) -> None:
    """Process entry point of the in-memory server (spawned: nothing inherited)."""
    asyncio.run(_serve_async(Path(root), conn))


def _serve_fixture(root: str, conn: Connection) -> None:
    """Process entry point of the product's FixtureServer, measured for comparison."""
    server = FixtureServer(root)
    conn.send(server.port)
    conn.close()
    server.serve_forever()


class ServerProcess:
    """A site server in a process of its own, so that it never shares a GIL with a crawl."""

    def __init__(self, root: Path, kind: str = "memory") -> None:
        target = _serve_memory if kind == "memory" else _serve_fixture
        ctx = multiprocessing.get_context("spawn")
        here, there = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=target, args=(str(root), there), daemon=True)
        self.process.start()
        there.close()
        if not here.poll(300):
            self.stop()
            raise RuntimeError(f"the {kind} server did not start")
        self.port: int = here.recv()
        self.url = f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server so far (from /proc), to show its load."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def server_ceiling(url: str, paths: list[str], requests: int, threads: int = 16) -> float:
    """Requests per second that `threads` keep-alive clients get from the server.

    A lower bound: the client is Python threads sharing one GIL, and on a 2-core machine it
    competes with the server for the CPU. Enough to show the server is far above any crawl.
    """
    split = urlsplit(url)
    work = [paths[i % len(paths)] for i in range(requests)]

    def worker(chunk: list[str]) -> int:
        conn = http.client.HTTPConnection(split.hostname, split.port, timeout=30)
        size = 0
        try:
            for path in chunk:
                conn.request("GET", path)
                response = conn.getresponse()
                size += len(response.read())
                if response.status != 200:
                    raise RuntimeError(f"{path}: HTTP {response.status}")
        finally:
            conn.close()
        return size

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        sum(pool.map(worker, [work[i::threads] for i in range(threads)]))
    return requests / (time.perf_counter() - start)


# -- crawls ------------------------------------------------------------------------------


@dataclass(slots=True)
class Crawl:
    """One crawl's figures, from its own stats row and its process."""

    name: str
    pages: int
    articles: int
    elapsed: float  # Scrapy's elapsed_time_seconds: engine start to spider closed
    wall: float  # the whole process, interpreter start-up and summary included
    peak_rss_mb: float
    server_cpu: float  # seconds of server CPU during the crawl
    cpu: float  # seconds of CPU used by the crawl process (user + system)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per pipeline stage
    stats: dict[str, Any] = field(default_factory=dict)
    tree_rss_mb: float = 0.0  # crawl and writer process together, sampled

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.elapsed if self.elapsed else 0.0

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.elapsed if self.elapsed else 0.0


def settings_args(extra: dict[str, Any]) -> list[str]:
    args: list[str] = []
    for key, value in {**CRAWL_SETTINGS, **extra}.items():
        args += ["-s", f"{key}={value}"]
    return args


def crawl_command(
    site: Path, server: ServerProcess, db_url: str, log: Path, **extra: Any
) -> list[str]:
    """The product's own command line, as a user would type it."""
    return [
        sys.executable, "-m", "newsscrape", "crawl", str(site / "source.toml"),
        "--url", f"{server.url}/news", "--full", "--db", db_url, "--log-file", str(log),
        *settings_args(extra),
    ]  # fmt: skip


def run_crawl(
    name: str,
    site: Path,
    server: ServerProcess,
    db_url: str,
    work: Path,
    *,
    raw: bool = False,
    jobdir: bool = True,
    prefix: list[str] | None = None,
) -> Crawl:
    """Run one crawl in its own process and read its figures back from the database."""
    run_dir = work / f"{name}-{uuid.uuid4().hex[:6]}"
    run_dir.mkdir(parents=True)
    extra: dict[str, Any] = {
        # An empty state dir turns JOBDIR off (newsscrape.crawl.run_crawl); else a fresh one.
        "NEWSSCRAPE_STATE_DIR": str(run_dir / "state") if jobdir else "",
        "NEWSSCRAPE_DEADLETTER_DIR": str(run_dir / "deadletter"),
    }
    if raw:
        extra["ITEM_PIPELINES"] = "{}"
    log = run_dir / "crawl.log"
    command = crawl_command(site, server, db_url, log, **extra)
    if prefix:  # a profiler wrapping the same command
        command = [*prefix, *command[2:]]
    # The corpus is the one given here, and the crawl is local, not a Redis worker.
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["COLUMNS"] = "200"
    cpu0 = server.cpu_seconds()
    start = time.perf_counter()
    with (run_dir / "output.txt").open("wb") as output:
        proc = subprocess.Popen(
            command, cwd=run_dir, stdout=output, stderr=subprocess.STDOUT, env=env
        )
        sampler = TreeRss(proc.pid)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        sampler.stop()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    server_cpu = server.cpu_seconds() - cpu0
    if proc.returncode != 0:
        tail = (run_dir / "output.txt").read_text(errors="replace")[-3000:]
        raise RuntimeError(f"crawl {name} exited {proc.returncode}:\n{tail}")
    stats, stored = read_run(db_url)
    pages = int(stats.get("downloader/response_count", 0))
    articles = int(stats.get("item_scraped_count", 0)) if raw else stored
    elapsed = float(stats.get("elapsed_time_seconds") or wall)
    stages = {s: float(stats.get(f"newsscrape/time/{s}", 0.0)) for s in STAGES}
    cpu = usage.ru_utime + usage.ru_stime
    return Crawl(
        name, pages, articles, elapsed, wall, usage.ru_maxrss / 1024, server_cpu, cpu, stages,
        stats, sampler.peak_mb,
    )  # fmt: skip


class TreeRss:
    """Peak of the summed RSS of a process and its descendants (the writer process), sampled.

    ru_maxrss is one process's peak; the crawl's memory is the crawl's plus its writer's.
    """

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid = pid
        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)
        self._thread.start()

    def _run(self, every: float) -> None:
        while not self._done.wait(every):
            self.peak_mb = max(self.peak_mb, sum(_rss_kb(p) for p in _tree(self.pid)) / 1024)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def read_run(db_url: str) -> tuple[dict[str, Any], int]:
    """The last crawl run's final Scrapy stats (stored by RunRecorder) and the articles stored."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            raw = conn.execute(
                text("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1")
            ).scalar()
            stored = conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
    finally:
        engine.dispose()
    stats = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    return stats, int(stored)


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A database URL on a fresh schema of its own (as tests/conftest.py), dropped afterwards."""
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def postgres_version(base: str) -> str | None:
    """The server's version, or None when it cannot be reached (the PG crawl is then skipped)."""
    try:
        engine = create_engine(base, connect_args={"connect_timeout": 5})
        try:
            with engine.connect() as conn:
                return str(conn.execute(text("SHOW server_version")).scalar())
        finally:
            engine.dispose()
    except Exception as exc:  # any failure to connect means "no PostgreSQL here"
        print(f"PostgreSQL at {base} unreachable, skipped: {str(exc).splitlines()[0]}")
        return None


# -- the site ------------------------------------------------------------------------------


@dataclass(slots=True)
class Site:
    root: Path
    articles: int
    quotes: int
    article_kb: float
    listing_kb: float
    listing_pages: int


def build_site(root: Path, count: int) -> Site:
    generated = generate(root, count, per_page=PER_PAGE, seed=1, chrome_kb=CHROME_KB)
    article_sizes = [p.stat().st_size for p in (root / "news").rglob("release-*.html")]
    listings = [root / "news.html", *(root / "news").glob("page-*.html")]
    return Site(
        root=root,
        articles=len(generated),
        quotes=sum(a.quotes for a in generated),
        article_kb=statistics.mean(article_sizes) / 1024,
        listing_kb=statistics.mean(p.stat().st_size for p in listings) / 1024,
        listing_pages=len(listings),
    )


def sample_paths(site: Site, count: int = 400) -> list[str]:
    """Article and listing URLs of the site, for the server ceiling."""
    paths = [
        "/" + p.relative_to(site.root).with_suffix("").as_posix()
        for _, p in zip(range(count), (site.root / "news").rglob("release-*.html"), strict=False)
    ]
    return paths + ["/news"] + [f"/news?page={n}" for n in range(1, min(site.listing_pages, 20))]


# -- output --------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown CPU"
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import scrapy
    import sqlalchemy
    import twisted

    cores = len(os.sched_getaffinity(0))
    return [
        f"Machine: {cpu}, {cores} cores ({os.cpu_count()} online)",
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"Scrapy {scrapy.__version__}, Twisted {twisted.__version__}, "
        f"SQLAlchemy {sqlalchemy.__version__}, SQLite {__import__('sqlite3').sqlite_version}",
    ]


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append(" | ".join(cells))
        if n == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def crawl_table(crawls: list[Crawl], raw: Crawl) -> str:
    head = ["crawl", "pages", "articles", "seconds", "pages/s", "articles/s", "full/raw",
            "peak RSS MB", "+ writer MB", "dates ms", "quotes ms", "dedup ms", "database ms",
            "process s", "crawl CPU", "server CPU"]  # fmt: skip
    rows = [head]
    for c in crawls:
        ratio = "—" if c is raw else f"{c.pages_per_s / raw.pages_per_s:.2f}"
        ms = [("—" if c is raw else f"{c.stages[s] * 1000:,.0f}") for s in STAGES[1:5]]
        rows.append([
            c.name, f"{c.pages:,}", f"{c.articles:,}", f"{c.elapsed:.1f}", f"{c.pages_per_s:,.0f}",
            f"{c.articles_per_s:,.0f}", ratio, f"{c.peak_rss_mb:,.0f}", f"{c.tree_rss_mb:,.0f}",
            *ms, f"{c.wall:.1f}",
            f"{100 * c.cpu / c.wall:.0f}%", f"{100 * c.server_cpu / c.elapsed:.0f}%",
        ])  # fmt: skip
    return table(rows)


def _num(stats: dict[str, Any], key: str) -> float:
    return float(stats.get(key) or 0)


def stage_table(crawls: list[Crawl], raw: Crawl) -> str:
    """Where the full crawl's extra time goes: each stage, and what no stage accounts for."""
    rows = [["stage (ms per article)", *(c.name for c in crawls if c is not raw)]]
    full = [c for c in crawls if c is not raw]
    for stage in STAGES:
        rows.append([stage, *(f"{1000 * c.stages[stage] / max(c.articles, 1):.2f}" for c in full)])
    rows.append(
        ["all stages", *(f"{1000 * sum(c.stages.values()) / max(c.articles, 1):.2f}" for c in full)]
    )
    rows.append([
        "database in writer process",
        *(
            f"{100 * _num(c.stats, 'newsscrape/writer/process_articles') / max(c.articles, 1):.0f}%"
            for c in full
        ),
    ])  # fmt: skip
    rows.append([
        "crawl time over raw",
        *(f"{1000 * (c.elapsed - raw.elapsed) / max(c.articles, 1):.2f}" for c in full),
    ])  # fmt: skip
    return table(rows)


# -- main ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000, help="Articles on the site.")
    parser.add_argument("--skip-postgres", action="store_true", help="No PostgreSQL crawl.")
    parser.add_argument(
        "--rss-sweep", metavar="N,N,...", help="Full SQLite crawls at these sizes: peak RSS per N."
    )
    parser.add_argument(
        "--no-jobdir", action="store_true",
        help="Crawl without Scrapy's JOBDIR (on by default in `newsscrape crawl`).",
    )  # fmt: skip
    parser.add_argument(
        "--profile", type=Path, metavar="DIR", help="Profile the full SQLite crawl into DIR."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    try:
        run(args, work)
    finally:
        if args.keep:
            print(f"\nKept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def run(args: argparse.Namespace, work: Path) -> None:
    jobdir = not args.no_jobdir
    started = time.perf_counter()
    print(f"Generating {args.articles:,} articles ...", flush=True)
    site = build_site(work / "site", args.articles)
    print(
        f"Site: {site.articles:,} articles ({site.article_kb:.1f} KB each on average, "
        f"{site.quotes / site.articles:.1f} quotes), {site.listing_pages:,} listing pages of "
        f"{PER_PAGE} items ({site.listing_kb:.1f} KB)"
    )
    paths = sample_paths(site)
    with ServerProcess(site.root, "fixture") as fixture:
        fixture_rate = server_ceiling(fixture.url, paths, 2000)
    server = ServerProcess(site.root, "memory")
    try:
        memory_rate = server_ceiling(server.url, paths, 5000)
        print(
            f"Server ceiling (16 keep-alive client threads, ~{site.article_kb:.0f} KB pages): "
            f"in-memory asyncio server {memory_rate:,.0f} req/s; "
            f"fixture_server.FixtureServer {fixture_rate:,.0f} req/s",
            flush=True,
        )
        pg_base = os.environ.get(PG_ENV) or PG_DEFAULT
        pg_version = None if args.skip_postgres else postgres_version(pg_base)

        crawls: list[Crawl] = []
        print("Crawling: raw (no item pipelines) ...", flush=True)
        raw = run_crawl(
            "raw", site.root, server, f"sqlite:///{work / 'raw.db'}", work, raw=True, jobdir=jobdir
        )
        crawls.append(raw)
        print("Crawling: full pipeline into SQLite ...", flush=True)
        crawls.append(
            run_crawl(
                "full sqlite",
                site.root,
                server,
                f"sqlite:///{work / 'full.db'}",
                work,
                jobdir=jobdir,
            )
        )
        if pg_version:
            print("Crawling: full pipeline into PostgreSQL ...", flush=True)
            with postgres_schema(pg_base) as url:
                crawls.append(
                    run_crawl("full postgresql", site.root, server, url, work, jobdir=jobdir)
                )
        if args.profile:
            profile(site.root, server, work, args.profile, jobdir)
    finally:
        server.stop()

    print()
    print(crawl_table(crawls, raw))
    print()
    print(stage_table(crawls, raw))
    print()
    for c in crawls[1:]:
        if c.articles != site.articles:
            print(f"WARNING: {c.name} stored {c.articles:,} of {site.articles:,} articles")
    print(
        "articles: stored rows for full crawls, articles parsed for raw. seconds: Scrapy's "
        "elapsed time; process s: the whole command.\ncrawl CPU: the crawl process's CPU time "
        "over its process seconds; server CPU: the server's over the crawl's seconds (100% = "
        "one core busy)."
    )
    settings = " ".join(f"{k}={v}" for k, v in CRAWL_SETTINGS.items())
    print(f"Settings: {settings}, JOBDIR {'on' if jobdir else 'off'}")
    for line in machine():
        print(line)
    if pg_version:
        print(f"PostgreSQL {pg_version}")
    for c in crawls[1:]:
        backend = c.name.split()[-1]
        ratio = c.pages_per_s / raw.pages_per_s
        verdict = "met" if ratio >= TARGETS[backend] else "MISSED"
        if c.articles != site.articles:  # a crawl that stored less did less work
            verdict = f"INVALID (stored {c.articles:,} of {site.articles:,})"
        print(f"Target full/raw ≥ {TARGETS[backend]} on {backend}: {ratio:.2f} — {verdict}")

    if args.rss_sweep:
        sizes = [int(n) for n in args.rss_sweep.split(",") if n.strip()]
        print()
        print(rss_sweep(sizes, work, jobdir))
    print(f"\nBenchmark time {time.perf_counter() - started:.0f} s")


def rss_sweep(sizes: list[int], work: Path, jobdir: bool) -> str:
    """Full SQLite crawls of growing sites: peak RSS should not grow with the corpus."""
    rows = [["articles", "stored", "pages", "seconds", "pages/s", "peak RSS MB", "+ writer MB"]]
    results: list[Crawl] = []
    for n in sizes:
        print(f"RSS sweep: {n:,} articles ...", flush=True)
        root = work / f"sweep-{n}"
        build_site(root, n)
        with ServerProcess(root, "memory") as server:
            crawl = run_crawl(
                f"sweep-{n}",
                root,
                server,
                f"sqlite:///{work / f'sweep-{n}.db'}",
                work,
                jobdir=jobdir,
            )
        shutil.rmtree(root, ignore_errors=True)
        results.append(crawl)
        rows.append(
            [
                f"{n:,}",
                f"{crawl.articles:,}",
                f"{crawl.pages:,}",
                f"{crawl.elapsed:.1f}",
                f"{crawl.pages_per_s:,.0f}",
                f"{crawl.peak_rss_mb:,.0f}",
                f"{crawl.tree_rss_mb:,.0f}",
            ]
        )
    out = table(rows)
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = (
            (last.peak_rss_mb - first.peak_rss_mb) / max(last.articles - first.articles, 1) * 1000
        )
        out += f"\nPeak RSS grows {growth:.1f} MB per 1,000 articles ({sizes[0]:,} → {sizes[-1]:,})"
    return out


def profile(site: Path, server: ServerProcess, work: Path, out: Path, jobdir: bool) -> None:
    """The full SQLite crawl once more under pyinstrument, and its top functions by self time.

    pyinstrument samples the reactor thread, where Scrapy, the pipelines and the database
    writes all run, so its tree is where the crawl's time goes (at ~10% sampling overhead).
    """
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        print("--profile needs pyinstrument: .venv/bin/pip install pyinstrument")
        return
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    session = out / "crawl.pyisession"
    prefix = [sys.executable, "-m", "pyinstrument", "-r", "pyisession", "-o", str(session), "-m"]
    print("Profiling: full pipeline into SQLite under pyinstrument ...", flush=True)
    db = f"sqlite:///{work / 'profile.db'}"
    crawl = run_crawl("profile", site, server, db, work, jobdir=jobdir, prefix=prefix)
    for renderer, name in (
        ("text", "crawl.txt"),
        ("html", "crawl.html"),
        ("pstats", "crawl.pstats"),
    ):
        subprocess.run(
            [sys.executable, "-m", "pyinstrument", "--load", str(session), "-r", renderer,
             "-o", str(out / name)],
            check=True,
        )  # fmt: skip
    listing = io.StringIO()
    pstats.Stats(str(out / "crawl.pstats"), stream=listing).sort_stats("tottime").print_stats(25)
    (out / "top-self.txt").write_text(listing.getvalue(), encoding="utf-8")
    print(
        f"Profile of {crawl.pages:,} pages in {crawl.elapsed:.1f} s written to {out} "
        "(crawl.txt: call tree, crawl.html, top-self.txt: top functions by self time)"
    )


if __name__ == "__main__":
    sys.exit(main())
