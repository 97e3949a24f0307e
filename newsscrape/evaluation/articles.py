"""Article extraction measured on real pages: `python -m newsscrape.evaluation.articles DIR`.

DIR holds gzipped HTML pages and an `index.jsonl` with each page's published headline, date
and body (the fundus-dev set in `../shared/fundus-dev/`). For every page we run our zero-config
article reader and, side by side, trafilatura's own extraction (headline, date via htmldate,
body), and report:

- headline exact match (after whitespace normalisation; nothing else is forgiven);
- date accuracy to the day, in the publisher's own offset;
- body token F1 (bag of lowercase word tokens, the usual measure in the main-text literature).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from newsscrape.extraction.article import extract_article
from newsscrape.extraction.dates import parse_date
from newsscrape.extraction.maintext import main_paragraphs
from newsscrape.extraction.text import normalize_text

_TOKEN = re.compile(r"\w+", re.UNICODE)


def token_f1(predicted: str, gold: str) -> float:
    """Harmonic mean of token precision and recall, tokens counted with multiplicity."""
    p = Counter(t.lower() for t in _TOKEN.findall(predicted))
    g = Counter(t.lower() for t in _TOKEN.findall(gold))
    if not p and not g:
        return 1.0
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    precision = overlap / sum(p.values())
    recall = overlap / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def same_day(raw: str | None, gold: str) -> bool:
    parsed = parse_date(raw) if raw else None
    return parsed is not None and parsed.day.isoformat() == gold[:10]


@dataclass(slots=True)
class Score:
    pages: int = 0
    headline: int = 0
    date: int = 0
    body_f1: float = 0.0

    def add(self, headline: bool, date: bool, f1: float) -> None:
        self.pages += 1
        self.headline += headline
        self.date += date
        self.body_f1 += f1

    def row(self, name: str) -> str:
        n = max(self.pages, 1)
        return (
            f"{name:<22} {self.pages:>5} {self.headline / n:>9.1%} {self.date / n:>7.1%} "
            f"{self.body_f1 / n:>8.3f}"
        )


def _trafilatura(html: str, url: str) -> tuple[str, str | None, str]:
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True)
    if doc is None:
        return "", None, ""
    return normalize_text(doc.title or ""), doc.date, doc.text or ""


def evaluate(directory: Path, *, errors: bool = False, out=sys.stdout) -> dict[str, Score]:
    rows = [json.loads(line) for line in (directory / "index.jsonl").open(encoding="utf-8")]
    scores = {name: Score() for name in ("newsscrape", "trafilatura", "newsscrape maintext")}
    for row in rows:
        html = gzip.decompress((directory / row["file"]).read_bytes()).decode("utf-8", "replace")
        gold_title = normalize_text(row["title"])
        gold_body = "\n".join(row["paragraphs"])
        ours = extract_article(html, row["url"])
        ok_h = normalize_text(ours.headline or "") == gold_title
        ok_d = same_day(ours.date_raw, row["published"])
        f1 = token_f1("\n".join(ours.body), gold_body)
        scores["newsscrape"].add(ok_h, ok_d, f1)
        t_title, t_date, t_body = _trafilatura(html, row["url"])
        scores["trafilatura"].add(
            t_title == gold_title, same_day(t_date, row["published"]), token_f1(t_body, gold_body)
        )
        own = "\n".join(main_paragraphs(html, row["url"]))
        scores["newsscrape maintext"].add(ok_h, ok_d, token_f1(own, gold_body))
        if errors and (not ok_h or not ok_d or f1 < 0.8):
            print(f"  {row['file']}:", file=out)
            if not ok_h:
                print(f"    headline {ours.headline!r}\n       gold {gold_title!r}", file=out)
            if not ok_d:
                print(f"    date {ours.date_raw!r}, gold {row['published']}", file=out)
            if f1 < 0.8:
                print(f"    body F1 {f1:.2f}", file=out)
    print(f"\nArticle extraction on {len(rows)} real pages ({directory})", file=out)
    print(f"{'extractor':<22} {'pages':>5} {'headline':>9} {'date':>7} {'body F1':>8}", file=out)
    for name, score in scores.items():
        print(score.row(name), file=out)
    print(
        "newsscrape = structured data, then the page; body by trafilatura, else maintext.\n"
        "newsscrape maintext = the same with our own body heuristic instead (for comparison).",
        file=out,
    )
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--errors", action="store_true", help="Show every page that missed.")
    args = parser.parse_args(argv)
    if not (args.directory / "index.jsonl").is_file():
        print(f"no index.jsonl in {args.directory}", file=sys.stderr)
        return 2
    evaluate(args.directory, errors=args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
