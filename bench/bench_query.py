"""Query speed on a generated corpus: a speaker filter and full-text searches, median of runs.

    python bench/bench_query.py            (or `make bench`)
    NEWSSCRAPE_BENCH_QUOTES=100000 python bench/bench_query.py    (a quicker, smaller run)

Targets (issue #4), on 1,000,000 quotes: a speaker filter under 50 ms and a full-text query
under 200 ms. The corpus is generated once into bench/.cache/ (words drawn from the gold set,
so the vocabulary and phrase lengths are realistic) and reused by later runs.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select

from newsscrape.query.corpus import Corpus
from newsscrape.quotes.evaluate import load_gold, tokens
from newsscrape.storage.db import ensure_schema, make_engine, upgrade
from newsscrape.storage.models import ArticleRow, QuoteRow, SourceRow, SpeakerAlias, SpeakerRow

HERE = Path(__file__).resolve().parent
QUOTES = int(os.environ.get("NEWSSCRAPE_BENCH_QUOTES", "1000000"))
PER_ARTICLE = 5
SPEAKERS = 5000
RUNS = 15
CHUNK = 20_000


def generate(path: Path) -> None:
    rng = random.Random(7)
    vocabulary = [t for d in load_gold(HERE.parent / "eval" / "gold") for p in d.paragraphs
                  for t in tokens(p) if len(t) > 2]  # fmt: skip
    first = ["Amina", "Lynn", "Natalya", "Pieter", "Grace", "Chidi", "Helen", "Marcus", "Leyla"]
    last = ["Hassan", "Maalouf", "Zviagina", "Berg", "Njeri", "Okafor", "Marsh", "Lee", "Roth"]
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    now = datetime(2021, 1, 1, tzinfo=UTC)
    day0 = date(2021, 1, 1)
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(insert(SourceRow).values(id=1, name="bench", created_at=now))
        speakers = [
            {"id": i + 1, "name": f"{rng.choice(first)} {rng.choice(last)}-{i}", "kind": "person",
             "created_at": now}
            for i in range(SPEAKERS)
        ]  # fmt: skip
        conn.execute(insert(SpeakerRow), speakers)
        conn.execute(
            insert(SpeakerAlias),
            [{"speaker_id": s["id"], "alias": s["name"], "kind": "person", "reason": "exact",
              "created_at": now} for s in speakers],
        )  # fmt: skip
    articles = QUOTES // PER_ARTICLE
    for offset in range(0, articles, CHUNK // PER_ARTICLE):
        batch = range(offset, min(articles, offset + CHUNK // PER_ARTICLE))
        with engine.begin() as conn:
            conn.execute(
                insert(ArticleRow),
                [{"id": a + 1, "source_id": 1, "canonical_url": f"https://bench.example/{a}",
                  "url": f"https://bench.example/{a}",
                  "headline": " ".join(rng.sample(vocabulary, 8)),
                  "published_date": day0 + timedelta(days=a % 3650), "body": "",
                  "content_hash": f"h{a}", "version_hash": f"v{a}", "revision": 1,
                  "fetched_at": now, "first_seen_at": now, "last_seen_at": now}
                 for a in batch],
            )  # fmt: skip
            conn.execute(
                insert(QuoteRow),
                [{"article_id": a + 1, "position": q, "kind": "quote",
                  "text": " ".join(rng.choices(vocabulary, k=rng.randint(12, 40))),
                  "speaker_id": rng.randint(1, SPEAKERS), "pattern": "after-cue",
                  "confidence": 0.95, "paragraph_start": 0, "paragraph_end": 0,
                  "char_start": 0, "char_end": 1}
                 for a in batch for q in range(PER_ARTICLE)],
            )  # fmt: skip
        done = min(articles, offset + CHUNK // PER_ARTICLE) * PER_ARTICLE
        print(f"\r  generating: {done:,}/{QUOTES:,} quotes", end="", flush=True)
    print(f"\r  generated {QUOTES:,} quotes in {time.perf_counter() - start:.0f} s" + " " * 20)


def median_ms(run: object) -> float:
    timings = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        run()  # type: ignore[operator]
        timings.append((time.perf_counter() - t0) * 1000)
    return statistics.median(timings)


def main() -> None:
    cache = HERE / ".cache"
    cache.mkdir(exist_ok=True)
    path = cache / f"query-{QUOTES}.db"
    print(f"Query speed on {QUOTES:,} quotes (SQLite, {path.name})")
    if not path.exists():
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        generate(partial)
        partial.rename(path)
    upgrade(make_engine(f"sqlite:///{path}"))  # our own cache: bring it to the current schema
    corpus = Corpus(f"sqlite:///{path}")
    with corpus.engine.connect() as conn:
        speaker = conn.scalar(select(SpeakerRow.name).where(SpeakerRow.id == SPEAKERS // 2))
    n_speaker = len(list(corpus.iter_quotes(speaker=speaker)))
    cases = [
        (f"speaker filter ({n_speaker} quotes)", 50,
         lambda: list(corpus.iter_quotes(speaker=speaker))),
        ("search one word, 50 newest", 200,
         lambda: list(corpus.iter_quotes(search="torture", limit=50))),
        ("search phrase, 50 most relevant", 200,
         lambda: list(corpus.iter_quotes(search='"human rights"', sort="relevance", limit=50))),
        ("search a AND b NOT c, 50 newest", 200,
         lambda: list(corpus.iter_quotes(search="court AND release NOT children", limit=50))),
        ("search prefix, 50 newest", 200,
         lambda: list(corpus.iter_quotes(search="detain*", limit=50))),
    ]  # fmt: skip
    for name, target, run in cases:
        ms = median_ms(run)
        verdict = "OK" if ms <= target else "ABOVE TARGET"
        print(f"  {name:<40} median {ms:7.1f} ms   (target ≤ {target} ms)  {verdict}")
    export_memory(path)


def export_memory(path: Path) -> None:
    """Peak memory of `newsscrape export` in a child process: flat means streaming works."""
    import resource
    import subprocess
    import sys
    import tempfile

    cli = str(Path(sys.executable).with_name("newsscrape"))
    for fmt in ("jsonl", "parquet"):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [cli, "export", "--db", f"sqlite:///{path}", "--format", fmt, "--output", tmp],
                check=True, capture_output=True,
            )  # fmt: skip
            seconds = time.perf_counter() - t0
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            size = sum(f.stat().st_size for f in Path(tmp).iterdir()) / 1e6
        print(f"  export {fmt:<8} {QUOTES / seconds:>10,.0f} quotes/s   {size:7.0f} MB written   "
              f"peak RSS of any child so far {peak:6.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
