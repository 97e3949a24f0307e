"""Crawl the fixture sites configured and with zero configuration, and score what was stored.

`python -m newsscrape.evaluation.sites [fixtures/sites] [--errors]` serves each site in
`fixtures/sites/*/` on 127.0.0.1, crawls it twice through the real `newsscrape crawl` command
(once with the site's `source.toml`, once with only its start URL), reads the rows back from
the SQLite corpus and compares them with the site's `expected.json`:

- found: share of the expected articles stored (their URL path matches);
- extra: stored rows that are not articles (an /about page taken from a sitemap);
- date / headline: share of the expected articles stored with exactly the expected
  publication day / headline (a missing article counts as wrong);
- body F1: mean token F1 of the stored body against the expected paragraphs.

The tests (tests/test_sites.py) call `evaluate_site` and hold it to the issue's bar: every
article found when configured; at least 95% found, dated and headlined right without.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsscrape.evaluation.articles import token_f1
from newsscrape.fixture_server import LOCAL_SETTINGS, FixtureServer

SITES = Path(__file__).resolve().parents[2] / "fixtures" / "sites"


@dataclass(slots=True)
class SiteScore:
    site: str
    mode: str  # "configured" | "zero-config"
    expected: int = 0
    found: int = 0
    extra: int = 0
    date: int = 0
    headline: int = 0
    body_f1: float = 0.0
    gold_quotes: int = 0
    stored_quotes: int = 0
    quotes_matched: int = 0
    speakers_right: int = 0
    exit_code: int = 0
    errors: list[str] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.expected if self.expected else 0.0

    @property
    def quote_recall(self) -> float:
        return self.quotes_matched / self.gold_quotes if self.gold_quotes else 0.0

    @property
    def quote_precision(self) -> float:
        return self.quotes_matched / self.stored_quotes if self.stored_quotes else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speakers_right / self.quotes_matched if self.quotes_matched else 0.0


def _quote_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _key(url: str) -> str:
    return urlsplit(url).path.rstrip("/") or "/"


def _crawl(args: list[str], db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("newsscrape")
    settings = [x for k, v in LOCAL_SETTINGS.items() for x in ("-s", f"{k}={v}")]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [str(cli), "crawl", *args, "--db", f"sqlite:///{db}", *settings],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def score_rows(
    site: str, mode: str, rows: list[dict[str, Any]], expected: dict[str, Any]
) -> SiteScore:
    """Compare stored rows with a site's expected.json."""
    score = SiteScore(site, mode, expected=len(expected["articles"]))
    stored = {_key(r["url"]): r for r in rows}
    for r in rows:  # an article may be stored under its canonical URL
        stored.setdefault(_key(r["canonical_url"]), r)
    wanted = {_key(a["path"]) for a in expected["articles"]}
    score.extra = sum(
        1 for r in rows if _key(r["url"]) not in wanted and _key(r["canonical_url"]) not in wanted
    )
    f1_total = 0.0
    for article in expected["articles"]:
        row = stored.get(_key(article["path"]))
        if row is None:
            score.errors.append(f"{mode}: missing {article['path']}")
            continue
        score.found += 1
        if row["published_date"] == article["published"]:
            score.date += 1
        else:
            score.errors.append(
                f"{mode}: {article['path']} date {row['published_date']!r} "
                f"(raw {row['published_raw']!r}), expected {article['published']}"
            )
        if row["headline"] == article["headline"]:
            score.headline += 1
        else:
            score.errors.append(
                f"{mode}: {article['path']} headline {row['headline']!r}, "
                f"expected {article['headline']!r}"
            )
        f1_total += token_f1(row["body"] or "", "\n".join(article["body"]))
        stored_quotes = {_quote_key(q): who for q, who in row.get("quotes", [])}
        score.stored_quotes += len(stored_quotes)
        for gold in article.get("quotes", []):
            score.gold_quotes += 1
            key = _quote_key(gold["text"])
            if key in stored_quotes:
                score.quotes_matched += 1
                score.speakers_right += stored_quotes[key] == gold["speaker"]
            else:
                score.errors.append(f"{mode}: {article['path']} missed quote {gold['text'][:60]!r}")
    score.body_f1 = f1_total / score.expected if score.expected else 0.0
    for r in rows:
        if _key(r["url"]) not in wanted and _key(r["canonical_url"]) not in wanted:
            score.errors.append(f"{mode}: stored a non-article {r['url']}")
    return score


def evaluate_site(site_dir: Path, mode: str, workdir: Path) -> SiteScore:
    """Serve one fixture site, crawl it in `mode`, and score the stored rows."""
    expected = json.loads((site_dir / "expected.json").read_text(encoding="utf-8"))
    db = workdir / f"{site_dir.name}-{mode}.db"
    db.unlink(missing_ok=True)
    with FixtureServer(site_dir / "site") as server:
        start = server.url + expected["start_path"]
        if mode == "configured":
            args = [str(site_dir / "source.toml"), "--url", start, "--full"]
        else:
            args = ["--url", start, "--full"]
        result = _crawl(args, db, workdir)
    score = SiteScore(site_dir.name, mode, expected=len(expected["articles"]))
    if db.exists():
        with sqlite3.connect(db) as conn:
            conn.row_factory = sqlite3.Row
            rows = [
                dict(r)
                for r in conn.execute(
                    "SELECT id, url, canonical_url, headline, published_date, published_raw, "
                    "body FROM articles"
                )
            ]
            quotes: dict[int, list[tuple[str, str | None]]] = {}
            for q in conn.execute(
                "SELECT article_id, text, speaker FROM quotes WHERE kind = 'quote'"
            ):
                quotes.setdefault(q["article_id"], []).append((q["text"], q["speaker"]))
            for row in rows:
                row["quotes"] = quotes.get(row["id"], [])
        score = score_rows(site_dir.name, mode, rows, expected)
    score.exit_code = result.returncode
    if result.returncode != 0:
        score.errors.append(f"{mode}: crawl exited {result.returncode}: {result.stderr[-500:]}")
    return score


def _ratio(scores: list[SiteScore], num: str, den: str) -> float:
    total = sum(getattr(s, den) for s in scores)
    return sum(getattr(s, num) for s in scores) / total if total else 0.0


def site_dirs(root: Path = SITES) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "expected.json").is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, default=SITES)
    parser.add_argument("--errors", action="store_true", help="List every miss.")
    args = parser.parse_args(argv)
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for site in site_dirs(args.root):
            for mode in ("configured", "zero-config"):
                scores.append(evaluate_site(site, mode, Path(tmp)))
    print(f"\nFixture sites ({args.root}): configured crawl and zero-config crawl")
    print(
        f"{'site':<14} {'mode':<12} {'articles':>8} {'found':>7} {'extra':>5} "
        f"{'date':>7} {'headline':>8} {'body F1':>7} {'quote P':>7} {'quote R':>7} "
        f"{'speaker':>7}"
    )
    for s in scores:
        print(
            f"{s.site:<14} {s.mode:<12} {s.expected:>8} {s.share(s.found):>7.1%} {s.extra:>5} "
            f"{s.share(s.date):>7.1%} {s.share(s.headline):>8.1%} {s.body_f1:>7.3f} "
            f"{s.quote_precision:>7.1%} {s.quote_recall:>7.1%} {s.speaker_accuracy:>7.1%}"
        )
    for mode in ("configured", "zero-config"):
        subset = [s for s in scores if s.mode == mode]
        total = sum(s.expected for s in subset)
        if total:
            print(
                f"{'all':<14} {mode:<12} {total:>8} "
                f"{sum(s.found for s in subset) / total:>7.1%} {sum(s.extra for s in subset):>5} "
                f"{sum(s.date for s in subset) / total:>7.1%} "
                f"{sum(s.headline for s in subset) / total:>8.1%} "
                f"{sum(s.body_f1 * s.expected for s in subset) / total:>7.3f} "
                f"{_ratio(subset, 'quotes_matched', 'stored_quotes'):>7.1%} "
                f"{_ratio(subset, 'quotes_matched', 'gold_quotes'):>7.1%} "
                f"{_ratio(subset, 'speakers_right', 'quotes_matched'):>7.1%}"
            )
    if args.errors:
        for s in scores:
            for error in s.errors:
                print(f"  {s.site}: {error}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
