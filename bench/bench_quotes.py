"""Quote engine speed: articles of about 600 words per second on one core, and the median.

    python bench/bench_quotes.py      (or `make bench`)

Target (issue #3): at least 1,000 articles of ~600 words per second for the whole engine
(marks, attribution, mention parsing, pronoun and surname resolution). The articles are built
from the gold set's paragraphs, so they carry realistic quote density and every pattern.
"""

from __future__ import annotations

import cProfile
import os
import platform
import pstats
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
    stage_costs(articles[:300])


# The entry point of each stage, in the order the engine runs them. Stages call each other
# (resolution reads salience, which parses mentions), so a stage's share includes what it
# calls; "own" is the time spent in the stage's modules themselves.
STAGES = {
    "boilerplate (extraction/boilerplate.py)": ("boilerplate.py", "is_boilerplate"),
    "marks (marks.py)": ("marks.py", "find_spans"),
    "cues (cues.py: after, before, intro)": ("cues.py", ("after", "before", "intro")),
    "mentions (mentions.py: parse_mention)": ("mentions.py", "parse_mention"),
    "salience (salience.py: reported_speech)": ("salience.py", "reported_speech"),
    "resolution (resolution.py: resolve)": ("resolution.py", "resolve"),
}
MODULES = ("marks.py", "sentences.py", "names.py", "runs.py", "orgs.py", "mentions.py",
           "cuewords.py", "cues.py", "subjects.py", "verbs.py", "salience.py",
           "sentence_subjects.py", "resolution.py", "roles.py", "gender.py", "narration.py",
           "attribution.py", "neighbours.py", "quote.py", "lexicon.py",
           "boilerplate.py")  # fmt: skip


def stage_costs(articles: list[list[str]]) -> None:
    """Where the time goes: each stage's share of the engine's time, measured by cProfile
    on a sample (profiling slows everything alike, so shares hold, absolute times do not)."""
    profile = cProfile.Profile()
    profile.enable()
    for article in articles:
        extract_quotes(article)
    profile.disable()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, _), (_, _, tt, _, _) in stats.items())
    print("  time by stage (share of the engine, a stage includes what it calls):")
    for label, (module, names) in STAGES.items():
        wanted = (names,) if isinstance(names, str) else names
        cumulative = sum(
            ct
            for (path, _, name), (_, nc, _, ct, _) in stats.items()
            if path.endswith(module) and name in wanted and nc
        )
        print(f"    {label:44s} {cumulative / total:6.1%}")
    print("  time in each module's own code:")
    counted = 0.0
    for module in MODULES:
        own = sum(tt for (path, _, _), (_, _, tt, _, _) in stats.items() if path.endswith(module))
        counted += own
        print(f"    {module:16s} {own / total:6.1%}")
    print(f"    {'C: re, str, …':16s} {(total - counted) / total:6.1%}")


if __name__ == "__main__":
    main()
