"""Hostile sites: every fault the fixture server can inject, crawled by the real CLI.

One generated site carries all the faults at once (as a bad day on a real server does); each
test then checks one of them on the crawl's rows, its recorded issues and the server's hit
counts. For each fault: the crawl goes on, retries what is worth retrying, records what
failed with URL and reason, and stores every article that could be reached.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsscrape.fixture_server import Fault, FixtureServer
from newsscrape.sitegen import GeneratedArticle, generate, write_listing

from .conftest import run_cli

PER_PAGE = 10
SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "RETRY_TIMES": 2,
    "DOWNLOAD_TIMEOUT": 2,
    "DOWNLOAD_MAXSIZE": 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "NEWSSCRAPE_RETRY_BACKOFF": 0.2,
    "NEWSSCRAPE_BATCH_SIZE": 10,
}


def settings_args(**extra: Any) -> list[str]:
    args = []
    for key, value in {**SETTINGS, **extra}.items():
        args += ["-s", f"{key}={value}"]
    return args


@dataclass
class Crawled:
    db: Path
    server: FixtureServer
    articles: list[GeneratedArticle]
    roles: dict[str, GeneratedArticle]  # fault name -> the article that carries it
    output: str

    def rows(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        conn = sqlite3.connect(self.db)
        conn.row_factory = sqlite3.Row
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def stored(self, article: GeneratedArticle) -> sqlite3.Row | None:
        found = self.rows("SELECT * FROM articles WHERE canonical_url LIKE ?", f"%{article.path}")
        assert len(found) <= 1
        return found[0] if found else None

    def issues(self, url_part: str) -> list[sqlite3.Row]:
        return self.rows("SELECT * FROM crawl_issues WHERE url LIKE ?", f"%{url_part}%")

    @property
    def stats(self) -> dict[str, Any]:
        return json.loads(self.rows("SELECT stats FROM crawl_runs")[0]["stats"])


def _edit(root: Path, path: str, old: str, new: str, count: int = 1) -> None:
    file = root / (path.lstrip("/") + ".html") if not path.endswith(".html") else root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, count), encoding="utf-8")


def _listing_file(number: int) -> str:
    return "news.html" if number == 0 else f"news/page-{number}.html"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    root = tmp_path_factory.mktemp("hostile")
    articles = generate(root, 60, per_page=PER_PAGE, seed=11, name="hostile")
    # Roles, by listing position (page = index // 10). Page 3 answers 404: its ten articles
    # cannot be reached; every other article can, some only after retries.
    roles = {
        "503-retry-after": articles[1],
        "500-once": articles[2],
        "slow-once": articles[3],
        "reset-once": articles[4],
        "truncated-once": articles[11],
        "cp1252": articles[12],
        "oversize": articles[13],
        "redirect-loop": articles[14],
        "503-always": articles[15],
        "no-date": articles[21],
        "future-date": articles[22],
        "malformed": articles[23],
        "twice-on-page": articles[20],
        "after-404": articles[40],
    }
    # Content faults, written into the pages.
    no_date = roles["no-date"]
    day = no_date.published.isoformat()
    _edit(root, no_date.path, f'<time datetime="{day}">{day}</time>', "")
    _edit(root, _listing_file(2), f'{no_date.headline}</a> <time datetime="{day}">{day}</time>',
          f"{no_date.headline}</a>")  # fmt: skip
    future = roles["future-date"]
    day = future.published.isoformat()
    _edit(root, future.path, f'<time datetime="{day}">{day}</time>',
          '<time datetime="2099-01-01">2099-01-01</time>')  # fmt: skip
    _edit(root, _listing_file(2), f'<time datetime="{day}">{day}</time>',
          '<time datetime="2099-01-01">2099-01-01</time>')  # fmt: skip
    malformed = roles["malformed"]
    for closing in ("</p>", "</div>", "</article>"):
        _edit(root, malformed.path, closing, "", count=-1)
    _edit(root, malformed.path, "<nav>", "<nav><div <span>> &bogus; <tr></td>")
    twice = roles["twice-on-page"]
    listing = (root / _listing_file(2)).read_text(encoding="utf-8")
    first_row = re.search(r"<li>.*?</li>", listing)
    assert first_row and twice.path in first_row.group(0)
    _edit(root, _listing_file(2), "</ul>", first_row.group(0) + "</ul>")
    _edit(root, _listing_file(4), "</li>", "", count=-1)  # a listing page with unclosed rows
    # An empty listing page at the end (the last full page links to it), and an off-site link.
    _edit(root, _listing_file(5), "</ul>", '</ul><a rel="next" href="/news?page=6">Older</a>')
    (root / _listing_file(6)).write_text(
        '<!doctype html><html><body><ul class="releases"></ul></body></html>', encoding="utf-8"
    )
    loop = roles["redirect-loop"].path
    faults = {
        roles["503-retry-after"].path: Fault(status=503, retry_after="1", times=2),
        roles["500-once"].path: Fault(status=500, times=1),
        roles["slow-once"].path: Fault(delay=4, times=1),
        roles["reset-once"].path: Fault(reset=True, times=1),
        roles["truncated-once"].path: Fault(truncate=0.5, times=1),
        roles["cp1252"].path: Fault(encoding="cp1252"),
        roles["oversize"].path: Fault(pad=3 * 1024 * 1024),
        loop: Fault(redirect=loop + "-moved"),
        loop + "-moved": Fault(redirect=loop),
        roles["503-always"].path: Fault(status=503),
        "/news?page=1": Fault(status=503, times=1),
        "/news?page=3": Fault(status=404),
    }
    server = FixtureServer(root, faults=faults).start()
    _edit(root, _listing_file(1), "</ul>",
          f'<li><a class="title" href="http://localhost:{server.port}/news/offsite">Elsewhere'
          "</a></li></ul>")  # fmt: skip
    db = root / "corpus.db"
    result = run_cli(
        "crawl", str(root / "source.toml"), "--url", server.url + "/news",
        "--db", f"sqlite:///{db}", "--log-file", str(root / "crawl.log"), *settings_args(),
        timeout=240,
    )  # fmt: skip
    crawled = Crawled(db, server, articles, roles, result.stdout + result.stderr)
    assert "Traceback" not in crawled.output, crawled.output
    yield crawled
    server.stop()


def _page(crawled: Crawled, index: int) -> int:
    return index // PER_PAGE


def test_every_reachable_article_is_stored_once(hostile: Crawled) -> None:
    unreachable = {hostile.roles[r].path for r in ("oversize", "redirect-loop", "503-always")}
    unreachable |= {a.path for i, a in enumerate(hostile.articles) if _page(hostile, i) == 3}
    reachable = [a for a in hostile.articles if a.path not in unreachable]
    stored = hostile.rows("SELECT canonical_url FROM articles")
    assert sorted(r[0].split("/", 3)[3] for r in stored) == sorted(
        a.path.lstrip("/") for a in reachable
    )
    run = hostile.rows("SELECT * FROM crawl_runs")[0]
    assert run["new"] == len(reachable)
    assert run["status"] == "succeeded"  # every failure recorded, none in the store


@pytest.mark.parametrize(
    ("role", "hits"),
    [("503-retry-after", 3), ("500-once", 2), ("slow-once", 2), ("reset-once", 2),
     ("truncated-once", 2)],
)  # fmt: skip
def test_transient_faults_are_retried_and_stored(hostile: Crawled, role: str, hits: int) -> None:
    article = hostile.roles[role]
    assert hostile.server.hits[article.path] == hits
    row = hostile.stored(article)
    assert row is not None and row["headline"] == article.headline
    quotes = hostile.rows("SELECT count(*) FROM quotes WHERE article_id = ? AND kind = 'quote'",
                          row["id"])[0][0]  # fmt: skip
    assert quotes == article.quotes  # the retried page is whole, not the truncated one


def test_retry_after_is_honoured(hostile: Crawled) -> None:
    assert hostile.stats.get("newsscrape/retry/paused", 0) >= 2


@pytest.mark.parametrize(
    ("role", "reason"),
    [("oversize", r"maxsize|max size|larger than"), ("redirect-loop", r"redirect loop"),
     ("503-always", r"HTTP 503 \(after 3 attempts\)")],
)  # fmt: skip
def test_unreachable_article_is_recorded_with_url_and_reason(
    hostile: Crawled, role: str, reason: str
) -> None:
    article = hostile.roles[role]
    assert hostile.stored(article) is None
    issues = [i for i in hostile.issues(article.path) if i["severity"] == "error"]
    assert len(issues) == 1, [dict(i) for i in hostile.issues(article.path)]
    assert re.search(reason, issues[0]["reason"], re.I), issues[0]["reason"]


def test_redirect_loop_is_not_followed_forever(hostile: Crawled) -> None:
    loop = hostile.roles["redirect-loop"].path
    assert hostile.server.hits[loop] == 1 and hostile.server.hits[loop + "-moved"] == 1


def test_page_mislabelled_utf8_is_read_in_its_real_charset(hostile: Crawled) -> None:
    article = hostile.roles["cp1252"]
    row = hostile.stored(article)
    assert row is not None and "\ufffd" not in row["body"]
    assert "“" in row["body"] and "”" in row["body"]
    quotes = hostile.rows("SELECT count(*) FROM quotes WHERE article_id = ? AND kind = 'quote'",
                          row["id"])[0][0]  # fmt: skip
    assert quotes == article.quotes
    assert hostile.issues(article.path)[0]["kind"] == "bad_charset"


def test_listing_404_is_stepped_over_and_recorded(hostile: Crawled) -> None:
    issue = hostile.issues("/news?page=3")
    assert [i["kind"] for i in issue] == ["listing_fetch"]
    assert "HTTP 404" in issue[0]["reason"] and "page=4" in issue[0]["reason"]
    assert hostile.stored(hostile.roles["after-404"]) is not None


def test_listing_503_is_retried(hostile: Crawled) -> None:
    assert hostile.server.hits["/news?page=1"] == 2
    assert not hostile.issues("/news?page=1")


def test_article_without_date_is_stored_with_a_warning(hostile: Crawled) -> None:
    article = hostile.roles["no-date"]
    row = hostile.stored(article)
    assert row is not None and row["published"] is None and row["headline"] == article.headline
    assert [i["kind"] for i in hostile.issues(article.path)] == ["no_date"]


def test_article_dated_in_the_future_is_stored_with_a_warning(hostile: Crawled) -> None:
    article = hostile.roles["future-date"]
    row = hostile.stored(article)
    assert row is not None and row["published"] == "2099-01-01"
    assert [i["kind"] for i in hostile.issues(article.path)] == ["future_date"]


def test_malformed_html_is_parsed(hostile: Crawled) -> None:
    article = hostile.roles["malformed"]
    row = hostile.stored(article)
    assert row is not None
    assert row["headline"] == article.headline
    assert row["published"] == article.published.isoformat()
    quotes = hostile.rows("SELECT count(*) FROM quotes WHERE article_id = ? AND kind = 'quote'",
                          row["id"])[0][0]  # fmt: skip
    assert quotes == article.quotes


def test_item_twice_on_a_page_is_fetched_once(hostile: Crawled) -> None:
    assert hostile.server.hits[hostile.roles["twice-on-page"].path] == 1


def test_listing_with_unclosed_rows_is_read(hostile: Crawled) -> None:
    for article in hostile.articles[40:50]:
        assert hostile.stored(article) is not None


def test_empty_listing_page_ends_the_walk_with_a_warning(hostile: Crawled) -> None:
    assert [i["kind"] for i in hostile.issues("/news?page=6")] == ["empty_listing"]
    assert hostile.server.hits["/news?page=7"] == 0


def test_offsite_link_is_not_fetched(hostile: Crawled) -> None:
    assert hostile.server.hits["/news/offsite"] == 0
    assert hostile.stats.get("offsite/filtered", 0) >= 1


# -- a listing that shifts while it is crawled -------------------------------------------


def test_listing_shifting_between_pages_misses_nothing(tmp_path: Path) -> None:
    """Three releases are published after page 1 was read: page 2 then opens with page 1's
    tail, and the new releases sit on page 1, already read. They must be found anyway."""
    before, after = tmp_path / "before", tmp_path / "after"
    articles = generate(after, 43, per_page=PER_PAGE, seed=5, name="shifting")
    shutil.copytree(after, before)
    for file in (before / "news").glob("page-*.html"):
        file.unlink()
    write_listing(before, articles[3:], per_page=PER_PAGE)  # the three newest not out yet
    with FixtureServer(before) as server:
        server.switch_root("/news", after)
        db = tmp_path / "corpus.db"
        result = run_cli(
            "crawl", str(after / "source.toml"), "--url", server.url + "/news",
            "--db", f"sqlite:///{db}", *settings_args(), timeout=120,
        )  # fmt: skip
        hits = dict(server.hits)
    assert result.returncode == 0, result.stdout + result.stderr
    conn = sqlite3.connect(db)
    try:
        stored = {r[0].split("/", 3)[3] for r in conn.execute("SELECT canonical_url FROM articles")}
        stats = json.loads(conn.execute("SELECT stats FROM crawl_runs").fetchone()[0])
    finally:
        conn.close()
    assert stored == {a.path.lstrip("/") for a in articles}  # the three new ones included
    assert stats["newsscrape/listing/shifts"] >= 1
    assert hits["/news"] == 2  # the first page read once more, and only once
    assert all(n == 1 for path, n in hits.items() if path.startswith("/news/20"))


def test_a_stage_raising_on_an_article_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Scrapy drops an item a pipeline raises on with a log line; the run must record it."""
    from newsscrape import settings

    articles = generate(tmp_path, 12, per_page=PER_PAGE, seed=2, name="raising")
    pipelines = {**settings.ITEM_PIPELINES, "tests.faultpipes.FailOnePipeline": 150}
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    db = tmp_path / "corpus.db"
    with FixtureServer(tmp_path) as server:
        result = run_cli(
            "crawl", str(tmp_path / "source.toml"), "--url", server.url + "/news",
            "--db", f"sqlite:///{db}", *settings_args(ITEM_PIPELINES=json.dumps(pipelines)),
        )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr  # the crawl went on
    conn = sqlite3.connect(db)
    try:
        issues = conn.execute("SELECT kind, url, reason FROM crawl_issues").fetchall()
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        failed = conn.execute("SELECT failed FROM crawl_runs").fetchone()[0]
    finally:
        conn.close()
    assert stored == len(articles) - 1 and failed == 1
    assert [(k, u.rsplit("/", 1)[1]) for k, u, _ in issues] == [("pipeline_error", "release-5")]
    assert "ValueError: a stage that cannot cope" in issues[0][2]
