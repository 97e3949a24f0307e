"""Synthetic news sites of any size, for crash tests and benchmarks (served by FixtureServer).

A site has a paginated listing (`/news`, `/news?page=N`, newest first), one page per article
with a headline, a date and paragraphs carrying attributed quotes, a robots.txt, and a source
file (`source.toml`) that crawls it. Deterministic for a seed, so a test knows exactly what a
complete crawl must store.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

_FIRST = ["Amina", "Jonas", "Priya", "Mateo", "Chloé", "Kwame", "Sofia", "Lena", "Ravi", "Marta"]
_LAST = ["Okafor", "Lindqvist", "Sharma", "García", "Dubois", "Mensah", "Rossi", "Novak"]
_ORGS = ["the Coalition for Clean Water", "Rights Watch Europe", "the Tenants' Union"]
_TOPICS = ["water", "housing", "detention", "elections", "press freedom", "climate", "asylum"]
_WORDS = [
    "the",
    "report",
    "documents",
    "cases",
    "across",
    "several",
    "regions",
    "where",
    "authorities",
    "failed",
    "to",
    "act",
    "on",
    "warnings",
    "and",
    "communities",
    "were",
    "left",
    "without",
    "support",
    "for",
    "months",
    "while",
    "officials",
    "delayed",
]

SOURCE_TOML = """\
name = "{name}"
title = "Synthetic news site ({count} articles)"
start_urls = ["http://127.0.0.1/news"]
allowed_domains = ["127.0.0.1"]
language = "en"
date_order = "YMD"

[listing]
item = "ul.releases > li"
link = "a.title[href]"
date = "time"
headline = "a.title"
next_page = "a[rel=next]"

[article]
headline = "h1"
date = "article time"
body = "article .body"
"""


@dataclass(slots=True)
class GeneratedArticle:
    path: str
    headline: str
    published: date
    quotes: int


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _article(rng: random.Random, index: int, day: date, padding: int) -> tuple[str, str, int]:
    topic = rng.choice(_TOPICS)
    headline = f"Release {index}: new findings on {topic} ({day.isoformat()})"
    paragraphs = [f"{_sentence(rng, 25)} {_sentence(rng, 18)}"]
    quotes = rng.randint(3, 8)
    for q in range(quotes):
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        org = rng.choice(_ORGS)
        said = _sentence(rng, rng.randint(10, 22))[:-1]
        if q % 2:
            paragraphs.append(f"“{said},” said {name}, director of {org}.")
        else:
            paragraphs.append(f"{name}, spokesperson for {org}, said: “{said}.”")
        paragraphs.append(_sentence(rng, 30))
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    chrome = "".join(
        f'<li><a href="/section/{i}">{html.escape(_sentence(rng, 6))}</a></li>'
        for i in range(padding)
    )
    page = (
        f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(headline)}"
        f"</title></head><body><nav><ul>{chrome}</ul></nav><article><h1>{html.escape(headline)}"
        f'</h1><time datetime="{day.isoformat()}">{day.isoformat()}</time>'
        f'<div class="body">{body}</div></article><footer><ul>{chrome}</ul></footer>'
        "</body></html>"
    )
    return headline, page, quotes


def generate(
    root: Path,
    count: int,
    *,
    per_page: int = 20,
    seed: int = 0,
    name: str = "synthetic",
    padding: int = 0,
    newest: date = date(2024, 12, 31),
) -> list[GeneratedArticle]:
    """Write the site under `root`; returns the articles a complete crawl stores.

    `padding` adds navigation links to every article page (site chrome) to reach realistic
    page sizes for benchmarks: about 60 bytes each.
    """
    rng = random.Random(seed)
    (root / "news").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "source.toml").write_text(SOURCE_TOML.format(name=name, count=count), "utf-8")
    articles = []
    for index in range(count, 0, -1):  # newest first
        day = newest - timedelta(days=(count - index) // 3)
        headline, page, quotes = _article(rng, index, day, padding)
        path = f"/news/{day.year}/release-{index}"
        target = root / (path.lstrip("/") + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        articles.append(GeneratedArticle(path, headline, day, quotes))
    pages = [articles[i : i + per_page] for i in range(0, len(articles), per_page)]
    for number, entries in enumerate(pages):
        items = "".join(
            f'<li><a class="title" href="{a.path}">{html.escape(a.headline)}</a> '
            f'<time datetime="{a.published.isoformat()}">{a.published.isoformat()}</time></li>'
            for a in entries
        )
        nxt = (
            f'<a rel="next" href="/news?page={number + 1}">Older</a>'
            if number + 1 < len(pages)
            else ""
        )
        listing = (
            "<!doctype html><html><head><meta charset=utf-8><title>News</title></head><body>"
            f'<h1>News</h1><ul class="releases">{items}</ul>{nxt}</body></html>'
        )
        target = root / "news.html" if number == 0 else root / "news" / f"page-{number}.html"
        target.write_text(listing, encoding="utf-8")
    return articles
