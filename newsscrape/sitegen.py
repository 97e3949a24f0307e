"""Synthetic news sites of any size, for crash tests and benchmarks (served by FixtureServer).

A site has a paginated listing (`/news`, `/news?page=N`, newest first), one page per article
with a headline, a date and paragraphs carrying attributed quotes, a robots.txt, and a source
file (`source.toml`) that crawls it. Deterministic for a seed, so a test knows exactly what a
complete crawl must store.

Benchmarks ask for realistic pages with `chrome_kb`: every page is then wrapped in a real
site's chrome (inline CSS and scripts, JSON-LD, header and mega menu, breadcrumb, sidebars,
footer, cookie banner), because parsing and memory costs scale with the whole page, not with
the few kilobytes of article text. Without it the pages are the minimal ones, byte for byte.
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

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
    chrome_kb: int = 0,
) -> list[GeneratedArticle]:
    """Write the site under `root`; returns the articles a complete crawl stores.

    `padding` adds navigation links to every article page (site chrome) to reach realistic
    page sizes for benchmarks: about 60 bytes each.

    `chrome_kb` wraps every page (article and listing) in about that many KB of realistic site
    chrome (see `_Chrome`); 40 gives article pages of 40-50 KB, as on real news sites. The
    chrome has its own random generator, so the articles and listings are the same as without
    it, and 0 (the default) writes exactly the minimal pages.
    """
    rng = random.Random(seed)
    chrome = _Chrome(seed, chrome_kb * 1024) if chrome_kb > 0 else None
    (root / "news").mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    (root / "source.toml").write_text(SOURCE_TOML.format(name=name, count=count), "utf-8")
    articles = []
    for index in range(count, 0, -1):  # newest first
        day = newest - timedelta(days=(count - index) // 3)
        headline, page, quotes = _article(rng, index, day, padding)
        path = f"/news/{day.year}/release-{index}"
        if chrome is not None:
            page = chrome.dress_article(page, path, headline, day, count)
        target = root / (path.lstrip("/") + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        articles.append(GeneratedArticle(path, headline, day, quotes))
    write_listing(root, articles, per_page=per_page, chrome=chrome)
    return articles


def write_listing(
    root: Path, articles: list[GeneratedArticle], *, per_page: int = 20, chrome: Any = None
) -> None:
    """The listing pages of `articles` (newest first): /news, then /news?page=N.

    Separate from `generate` so a test can write the listing again as it stands after new
    releases (a listing that shifts while it is crawled).
    """
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
        if chrome is not None:
            listing = chrome.dress_listing(listing, number, len(articles))
        target = root / "news.html" if number == 0 else root / "news" / f"page-{number}.html"
        target.write_text(listing, encoding="utf-8")


# -- realistic chrome (opt-in: generate(chrome_kb=...)) ------------------------------------

_SECTIONS = ["News", "Research", "Campaigns", "Countries", "Topics", "Get involved", "About us"]
_PLACES = [
    "Argentina", "Bangladesh", "Brazil", "Canada", "Chile", "Colombia", "Egypt", "Ethiopia",
    "France", "Germany", "Ghana", "Greece", "Hungary", "India", "Indonesia", "Italy", "Kenya",
    "Mexico", "Morocco", "Nigeria", "Pakistan", "Peru", "Philippines", "Poland", "Senegal",
    "South Africa", "Spain", "Sri Lanka", "Tunisia", "Turkey", "Uganda", "Ukraine",
]  # fmt: skip
_CSS_PARTS = [
    "site-header", "site-nav", "mega-menu", "menu-item", "menu-link", "search-form", "button",
    "breadcrumb", "layout", "sidebar", "card", "card-title", "card-teaser", "tag-list", "tag",
    "share-bar", "newsletter", "cookie-banner", "site-footer", "footer-col", "visually-hidden",
]  # fmt: skip
_CSS_PROPS = [
    "display:flex", "display:grid", "display:block", "margin:0 auto", "padding:.75rem 1rem",
    "color:#1a1a1a", "color:#ffee00", "background:#fff", "background-color:#000",
    "font-family:'Amnesty Trade Gothic',Arial,sans-serif", "font-size:1.125rem",
    "line-height:1.5", "border-bottom:1px solid #e5e5e5", "text-transform:uppercase",
    "gap:1.5rem", "max-width:1200px", "position:relative", "z-index:10", "transition:all .2s",
    "grid-template-columns:repeat(auto-fill,minmax(240px,1fr))", "font-weight:700",
]  # fmt: skip
_MEDIA = ["(min-width:768px)", "(min-width:1024px)", "(max-width:767px)", "print"]
_SCRIPT = """window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}
gtag('js',new Date());gtag('config','G-SYNTH00001',{anonymize_ip:true});
(function(d){var m=d.querySelector('.mega-menu');d.querySelectorAll('.menu-link').forEach(
function(a){a.addEventListener('click',function(e){if(a.nextElementSibling){e.preventDefault();
a.parentNode.classList.toggle('is-open');m&&m.setAttribute('aria-expanded','true')}})})
})(document);"""


class _Chrome:
    """A news site's page furniture: what a real page carries besides its article.

    Site-wide parts (stylesheet, scripts, header with mega menu, footer) are built once, as a
    CMS repeats them on every page; sidebars, breadcrumb and JSON-LD vary per page, and links
    to the archive fill up to the budget, so `chrome_kb` sets the page weight. Nothing in it
    matches the synthetic source's selectors (no h1, no <article>, no ul.releases, no
    rel=next), so a crawl stores the same articles with or without it.
    """

    def __init__(self, seed: int, budget: int) -> None:
        self.seed = seed
        self.budget = budget
        rng = random.Random(f"{seed}:chrome")
        self.css = "<style>" + self._css(rng, budget * 22 // 100) + "</style>"
        self.script = "<script>" + _SCRIPT + self._settings(rng, budget * 12 // 100) + "</script>"
        self.header = self._header(rng, budget * 18 // 100)
        self.footer = self._footer(rng, budget * 10 // 100)
        self.cookie = (
            '<div class="cookie-banner" role="dialog" aria-live="polite"><p>We use cookies to '
            "understand how our site is used and to improve it. Read our "
            '<a href="/privacy">privacy policy</a>.</p><button class="button" type="button">'
            'Accept</button><button class="button button--ghost" type="button">Settings'
            "</button></div>"
        )

    @staticmethod
    def _css(rng: random.Random, budget: int) -> str:
        rules: list[str] = []
        size = 0
        while size < budget:
            selector = "." + rng.choice(_CSS_PARTS)
            if rng.random() < 0.5:
                selector += f"__{rng.choice(_CSS_PARTS)}"
            props = ";".join(rng.sample(_CSS_PROPS, rng.randint(2, 6)))
            rule = f"{selector}{{{props}}}"
            if rng.random() < 0.15:
                rule = f"@media {rng.choice(_MEDIA)}{{{rule}}}"
            rules.append(rule)
            size += len(rule) + 1
        return "\n".join(rules)

    @staticmethod
    def _settings(rng: random.Random, budget: int) -> str:
        """A CMS settings blob (Drupal.settings, __NEXT_DATA__): JSON nobody reads but parsers."""
        entries: list[str] = []
        size = 0
        while size < budget:
            key = f"{rng.choice(_CSS_PARTS).replace('-', '_')}_{len(entries)}"
            value = _sentence(rng, rng.randint(3, 9))
            entry = f'"{key}":{{"enabled":true,"label":"{value}","weight":{rng.randint(0, 99)}}}'
            entries.append(entry)
            size += len(entry) + 1
        return "\nwindow.siteSettings={" + ",".join(entries) + "};"

    @staticmethod
    def _link(href: str, text: str, cls: str = "menu-link") -> str:
        return f'<a class="{cls}" href="{href}">{html.escape(text)}</a>'

    def _header(self, rng: random.Random, budget: int) -> str:
        parts = [
            '<header class="site-header"><a class="skip-link visually-hidden" href="#content">'
            'Skip to main content</a><div class="site-logo"><a href="/" rel="home">'
            '<svg width="120" height="40" viewBox="0 0 120 40" role="img" aria-label="Home">'
            '<rect width="120" height="40" fill="#ffee00"/><path d="M10 30 L20 10 L30 30 Z"/>'
            "</svg></a></div>"
            '<form class="search-form" action="/search" method="get" role="search">'
            '<label class="visually-hidden" for="q">Search</label>'
            '<input id="q" name="q" type="search" placeholder="Search">'
            '<button class="button" type="submit">Search</button></form>'
            '<nav class="site-nav" aria-label="Main"><ul class="mega-menu">'
        ]
        size = sum(map(len, parts))
        while size < budget:
            for section in _SECTIONS:
                slug = section.lower().replace(" ", "-")
                links = "".join(
                    f"<li>{self._link(f'/{slug}/{place.lower()}', f'{section} in {place}')}</li>"
                    for place in rng.sample(_PLACES, 8)
                )
                item = (
                    f'<li class="menu-item">{self._link(f"/{slug}", section)}'
                    f'<ul class="mega-menu__panel">{links}</ul></li>'
                )
                parts.append(item)
                size += len(item)
        parts.append("</ul></nav></header>")
        return "".join(parts)

    def _footer(self, rng: random.Random, budget: int) -> str:
        parts = ['<footer class="site-footer">']
        size = len(parts[0])
        column = 0
        while size < budget:
            links = "".join(
                f"<li>{self._link(f'/page/{column}-{i}', _sentence(rng, 3)[:-1], 'footer-link')}"
                "</li>"
                for i in range(8)
            )
            col = f'<div class="footer-col"><h2>{_SECTIONS[column % 7]}</h2><ul>{links}</ul></div>'
            parts.append(col)
            size += len(col)
            column += 1
        parts.append(
            '<p class="legal">Registered charity. All content is licensed under CC BY 4.0 '
            'unless stated otherwise.</p><ul class="social"><li><a href="/rss">RSS</a></li>'
            '<li><a href="/contact">Contact</a></li></ul></footer>'
        )
        return "".join(parts)

    def _sidebar(self, rng: random.Random, count: int, budget: int) -> str:
        """Most read, related stories with teasers, tags, newsletter form, share buttons."""

        def story(cls: str) -> str:
            index = rng.randint(1, max(count, 1))
            topic = rng.choice(_TOPICS)
            title = f"Release {index}: new findings on {topic}"
            return (
                f'<li class="{cls}">{self._link(f"/news/release-{index}", title, "card-title")}'
                f'<p class="card-teaser">{html.escape(_sentence(rng, 16))}</p></li>'
            )

        parts = [
            '<aside class="sidebar" aria-label="Related"><h2>Most read</h2><ol class="card">',
            *[story("card") for _ in range(8)],
            '</ol><h2>Related</h2><ul class="card">',
        ]
        size = sum(map(len, parts))
        while size < budget:
            parts.append(story("card card--related"))
            size += len(parts[-1])
        tags = "".join(
            f"<li>{self._link(f'/topics/{t}', t, 'tag')}</li>" for t in rng.sample(_TOPICS, 4)
        )
        parts.append(
            f'</ul><h2>Topics</h2><ul class="tag-list">{tags}</ul>'
            '<form class="newsletter" action="/subscribe" method="post"><h2>Stay informed</h2>'
            '<label for="email">Email</label><input id="email" name="email" type="email" '
            'required><button class="button" type="submit">Subscribe</button></form>'
            '<div class="share-bar"><a href="/share/facebook">Share</a>'
            '<a href="/share/x">Post</a><a href="/share/email">Email</a></div></aside>'
        )
        return "".join(parts)

    def _dress(self, page: str, key: str, head: str, crumbs: str, count: int) -> str:
        """Insert the chrome around a minimal page's own markup, then fill to the budget."""
        rng = random.Random(f"{self.seed}:{key}")
        sidebar = self._sidebar(rng, count, max(self.budget * 20 // 100, 1))
        top = f'{self.cookie}{self.header}{crumbs}<div class="layout"><main id="content">'
        fixed = (self.css, head, top, sidebar, self.footer, self.script)
        used = sum(map(len, fixed))
        archive = []
        while used < self.budget:  # "more from the archive": fills to the page weight asked
            href = f"/news/archive/{rng.randint(1, 9999)}"
            archive.append(f"<li>{self._link(href, _sentence(rng, 5))}</li>")
            used += len(archive[-1])
        bottom = (
            f'</main>{sidebar}</div><nav class="archive" aria-label="Archive"><ul>'
            f"{''.join(archive)}</ul></nav>{self.footer}{self.script}"
        )
        before, _, after = page.partition("</head><body>")
        content, _, tail = after.rpartition("</body>")
        return f"{before}{self.css}{head}</head><body>{top}{content}{bottom}</body>{tail}"

    def dress_article(self, page: str, path: str, headline: str, day: date, count: int) -> str:
        ld = _json_ld(headline, day)
        crumbs = (
            '<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>'
            f'<li><a href="/news">News</a></li><li><a href="/news/{day.year}">{day.year}</a>'
            "</li></ol></nav>"
        )
        return self._dress(page, path, ld, crumbs, count)

    def dress_listing(self, page: str, number: int, count: int) -> str:
        crumbs = (
            '<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>'
            f"<li>News, page {number + 1}</li></ol></nav>"
        )
        return self._dress(page, f"listing-{number}", "", crumbs, count)


def _json_ld(headline: str, day: date) -> str:
    """The NewsArticle description publishers give search engines (extraction reads it)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline,
        "datePublished": day.isoformat(),
        "author": {"@type": "Organization", "name": "Synthetic Rights Watch"},
        "publisher": {"@type": "Organization", "name": "Synthetic Rights Watch"},
    }
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'
