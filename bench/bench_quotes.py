"""Quote engine speed: articles of about 600 words per second on one core, and the median.

    python bench/bench_quotes.py      (or `make bench`)

Target (issue #3): at least 1,000 articles of ~600 words per second for the whole engine
(marks, attribution, mention parsing, pronoun and surname resolution). The articles are built
from the gold set's paragraphs, so they carry realistic quote density and every pattern.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from pathlib import Path

from newsscrape.quotes.evaluate import load_gold
from newsscrape.quotes.extract import extract_quotes

WORDS = 600
ARTICLES = 2000


def build_articles(gold_dir: Path, count: int) -> list[list[str]]:
    """Articles of ~WORDS words, each a run of whole gold documents (quotes stay intact)."""
    docs = [d.paragraphs for d in load_gold(gold_dir)]
    articles: list[list[str]] = []
    i = 0
    while len(articles) < count:
        paragraphs: list[str] = []
        words = 0
        while words < WORDS:
            doc = docs[i % len(docs)]
            i += 1
            paragraphs.extend(doc)
            words += sum(len(p.split()) for p in doc)
        articles.append(paragraphs)
    return articles


def main() -> None:
    gold = Path(__file__).resolve().parent.parent / "eval" / "gold"
    articles = build_articles(gold, ARTICLES)
    words = statistics.mean(sum(len(p.split()) for p in a) for a in articles)
    for article in articles[:50]:  # warm the regex caches
        extract_quotes(article)
    timings = []
    quotes = 0
    start = time.perf_counter()
    for article in articles:
        t0 = time.perf_counter()
        quotes += len(extract_quotes(article))
        timings.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    rate = len(articles) / total
    print(
        f"Quote engine on {platform.python_implementation()} {platform.python_version()}, "
        f"pid {os.getpid()}, one core"
    )
    print(f"  {len(articles)} articles, mean {words:.0f} words, {quotes} quotes and terms")
    print(
        f"  {rate:,.0f} articles/s (target ≥ 1,000)   "
        f"median {statistics.median(timings) * 1e3:.2f} ms/article   "
        f"p95 {sorted(timings)[int(0.95 * len(timings))] * 1e3:.2f} ms"
    )
    print(f"  {'OK' if rate >= 1000 else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
