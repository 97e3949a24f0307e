# ruff: noqa: E501  (pages are written out literally)
"""Zero-configuration discovery on plain strings: listings, pagination, feeds, sitemaps, APIs.

The crawls of the fixture sites (tests/test_sites.py) show these working together; here each
rule is pinned on the smallest page that exercises it, including the decoys that would fool a
naive rule (a "most read" box, a headline that starts with "More", a comment feed).
"""

from __future__ import annotations

import gzip
import json
import tomllib

import pytest

from newsscrape.discovery import Discovered
from newsscrape.discovery.api import ApiShape, advance, infer_api, read_api_page
from newsscrape.discovery.feeds import (
    feed_links,
    parse_xml_listing,
    robots_sitemaps,
    root_tag,
)
from newsscrape.discovery.listing import infer_listing
from newsscrape.discovery.pagination import find_next_page, page_number
from newsscrape.extraction.article import extract_article
from newsscrape.extraction.pages import make_selector
from newsscrape.sources import Source, SourceError
from newsscrape.sources.write import discovered_config, to_toml

URL = "https://news.example/news"


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


CHROME = """
<header><nav><ul class="menu">
  <li class="menu-item"><a href="/">Home</a></li><li class="menu-item"><a href="/about">About</a></li>
  <li class="menu-item"><a href="/news">News</a></li><li class="menu-item"><a href="/contact">Contact</a></li>
</ul></nav></header>
<aside><h2>Most read</h2><ul class="popular">
  <li class="popular-item"><a href="/news/a1">Court rules on river dam</a></li>
  <li class="popular-item"><a href="/news/a2">Union calls for wage talks</a></li>
  <li class="popular-item"><a href="/news/a3">Health agency warns of heat</a></li>
</ul></aside>
<footer><ul class="links"><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li>
<li><a href="/jobs">Jobs</a></li><li><a href="/press">Press</a></li></ul></footer>
"""


def cards(n: int, start: int = 1) -> str:
    rows = []
    for i in range(start, start + n):
        rows.append(
            f'<div class="card"><h3 class="card-title"><a href="/news/story-{i}">'
            f"Council approves new budget plan number {i}</a></h3>"
            f'<time datetime="2024-03-{i:02d}">March {i}, 2024</time>'
            f"<p>The council voted on the plan after a long debate about schools and roads.</p>"
            f"</div>"
        )
    return '<main><div class="cards">' + "".join(rows) + "</div></main>"


# -- listing rows ---------------------------------------------------------------------------


def test_dated_rows_beat_the_most_read_box_and_menus() -> None:
    found = infer_listing(page(CHROME + cards(5)), URL)
    assert found is not None
    urls = [e.url for e in found.page.entries]
    assert urls == [f"https://news.example/news/story-{i}" for i in range(1, 6)]
    assert found.page.entries[0].date_raw == "2024-03-01"
    assert found.page.entries[0].headline == "Council approves new budget plan number 1"
    assert found.page.entries[0].teaser.startswith("The council voted")
    assert found.dated == 1.0


def test_table_rows_with_dates_are_a_listing() -> None:
    rows = "".join(
        f'<tr><td>{d:02d}/0{m}/2024</td><td><a href="/releases/r{d}">Ministry publishes report {d}'
        f"</a></td></tr>"
        for d, m in ((15, 3), (4, 3), (28, 2), (3, 2))
    )
    html = page(
        CHROME + f'<table class="releases"><tr><th>Date</th><th>Title</th></tr>{rows}</table>'
    )
    found = infer_listing(html, URL)
    assert found is not None
    assert [e.url.rsplit("/", 1)[1] for e in found.page.entries] == ["r15", "r4", "r28", "r3"]
    assert found.page.entries[0].date_raw == "15/03/2024"


def test_a_page_without_a_listing_yields_none() -> None:
    html = page(CHROME + "<main><h1>About us</h1><p>We work on rivers and forests.</p></main>")
    assert infer_listing(html, URL) is None


def test_inferred_selectors_reproduce_the_rows() -> None:
    from newsscrape.extraction.pages import parse_listing

    html = page(CHROME + cards(4))
    found = infer_listing(html, URL)
    again = parse_listing(html, URL, **found.selectors())
    assert [e.url for e in again.entries] == [e.url for e in found.page.entries]


# -- pagination -----------------------------------------------------------------------------


def test_rel_next_wins() -> None:
    html = page(cards(3), '<link rel="next" href="/news?page=2">')
    nxt = find_next_page(html, URL)
    assert (nxt.url, nxt.how) == ("https://news.example/news?page=2", "rel-next")


@pytest.mark.parametrize(
    "label", ["Older posts", "Next page >", "Suivant ›", "Weiter", "Siguiente", "Load more"]
)
def test_next_words_in_several_languages(label: str) -> None:
    html = page(cards(3) + f'<div class="nav"><a href="/news/page/2/">{label}</a></div>')
    nxt = find_next_page(html, URL)
    assert nxt is not None and nxt.url == "https://news.example/news/page/2/"


def test_a_headline_that_says_more_is_not_a_next_link() -> None:
    html = page('<ul><li class="row"><a id="h" href="/news/more">More</a></li></ul>')
    sel = make_selector(html, URL)
    anchors = sel.root.xpath("//a")
    assert find_next_page(sel, URL, exclude_links={id(a) for a in anchors}) is None


def test_previous_links_are_not_next() -> None:
    html = page(cards(3) + '<a href="/news?page=1">« Previous</a><a href="/news?page=1">Newer</a>')
    assert find_next_page(html, "https://news.example/news?page=2") is None


def test_numbered_pages_without_a_next_link() -> None:
    paging = '<div class="paging"><a href="/press/p/1">1</a> <strong>2</strong> <a href="/press/p/3">3</a></div>'
    nxt = find_next_page(page(cards(3) + paging), "https://news.example/press/p/2")
    assert (nxt.url, nxt.how) == ("https://news.example/press/p/3", "numbered")
    assert nxt.template == "https://news.example/press/p/{page}"
    first = find_next_page(
        page(cards(3) + '<div class="paging"><strong>1</strong> <a href="/press/p/2">2</a></div>'),
        "https://news.example/press",
    )
    assert first is not None and first.url == "https://news.example/press/p/2"


def test_last_numbered_page_has_no_next() -> None:
    paging = '<div class="paging"><a href="/press/p/1">1</a> <a href="/press/p/2">2</a> <strong>3</strong></div>'
    assert find_next_page(page(cards(3) + paging), "https://news.example/press/p/3") is None


def test_load_more_button_points_at_a_json_endpoint() -> None:
    button = '<button class="btn load-more" data-endpoint="/api/stories?page=2">Load more stories</button>'
    nxt = find_next_page(page(cards(3) + button), URL)
    assert nxt is not None and nxt.api
    assert (nxt.url, nxt.how) == ("https://news.example/api/stories?page=2", "load-more")


def test_page_number_shapes() -> None:
    assert page_number("https://x.org/news?page=3") == ("https://x.org/news?page={page}", 3)
    assert page_number("https://x.org/news/page/2/") == ("https://x.org/news/page/{page}/", 2)
    assert page_number("https://x.org/news") is None


# -- feeds and sitemaps ---------------------------------------------------------------------

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Union wins &amp; celebrates</title><link>https://news.example/s/1</link>
<pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate>
<description>&lt;p&gt;The &lt;b&gt;union&lt;/b&gt; said so.&lt;/p&gt;</description></item>
<item><title>Second</title><link>https://news.example/s/2</link><pubDate>Mon, 04 Mar 2024 10:00:00 +0000</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>News</title><link rel="next" href="https://news.example/atom?page=2"/>
<entry><title>First entry</title><link rel="alternate" href="https://news.example/e/1"/>
<published>2024-03-05T10:00:00Z</published><summary>Short</summary></entry></feed>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/u/1</loc><news:news><news:publication><news:name>X</news:name>
<news:language>en</news:language></news:publication>
<news:publication_date>2024-03-05T09:00:00+00:00</news:publication_date>
<news:title>Court backs river plan</news:title></news:news></url></urlset>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/sitemap-1.xml</loc></sitemap>
<sitemap><loc>https://news.example/sitemap-2.xml.gz</loc></sitemap></sitemapindex>"""


def test_rss_items_are_rows_with_plain_text_summaries() -> None:
    listing = parse_xml_listing(RSS.encode(), "https://news.example/feed")
    assert listing.kind == "rss"
    first = listing.entries[0]
    assert (first.url, first.headline) == ("https://news.example/s/1", "Union wins & celebrates")
    assert first.date_raw.startswith("Tue, 05 Mar 2024")
    assert first.teaser == "The union said so."
    assert len(listing.entries) == 2


def test_atom_entries_and_next_page() -> None:
    listing = parse_xml_listing(ATOM.encode(), "https://news.example/atom")
    assert listing.kind == "atom"
    assert [e.url for e in listing.entries] == ["https://news.example/e/1"]
    assert listing.entries[0].date_raw == "2024-03-05T10:00:00Z"
    assert listing.follow == ["https://news.example/atom?page=2"]


def test_news_sitemap_gives_titles_and_dates() -> None:
    listing = parse_xml_listing(NEWS_SITEMAP.encode(), "https://news.example/sitemap.xml")
    assert listing.kind == "urlset" and listing.news
    entry = listing.entries[0]
    assert entry.headline == "Court backs river plan"
    assert entry.date_raw == "2024-03-05T09:00:00+00:00"


def test_sitemap_index_is_followed() -> None:
    listing = parse_xml_listing(INDEX.encode(), "https://news.example/sitemap_index.xml")
    assert listing.kind == "sitemapindex" and not listing.entries
    assert listing.follow[1] == "https://news.example/sitemap-2.xml.gz"


def test_root_tag_tells_xml_from_html() -> None:
    assert root_tag(RSS) == "rss"
    assert root_tag(INDEX.encode()) == "sitemapindex"
    assert root_tag("<!DOCTYPE html><html><body></body></html>") == "html"
    assert root_tag('{"items": []}') is None
    assert root_tag(gzip.compress(b"<urlset/>")) is None  # gunzip first, as the spider does


def test_feed_links_skip_comment_feeds() -> None:
    head = (
        '<link rel="alternate" type="application/rss+xml" href="/feed/">'
        '<link rel="alternate" type="application/rss+xml" href="/comments/feed/">'
        '<link rel="alternate" type="application/atom+xml" href="https://news.example/atom">'
    )
    sel = make_selector(page("", head), URL)
    assert feed_links(sel, URL) == ["https://news.example/feed/", "https://news.example/atom"]


def test_robots_sitemaps() -> None:
    robots = "User-agent: *\nDisallow: /admin/\nSitemap: /sitemap_index.xml\n"
    assert robots_sitemaps(robots, "https://news.example/robots.txt") == [
        "https://news.example/sitemap_index.xml"
    ]


# -- JSON load-more APIs --------------------------------------------------------------------


def test_infer_api_shape_of_a_wrapped_list() -> None:
    data = {
        "page": 2,
        "next": "/api/stories?page=3",
        "items": [
            {"title": "A story", "url": "/newsroom/a", "published": "2024-03-05T09:30:00Z",
             "summary": "What happened."},
            {"title": "B story", "url": "/newsroom/b", "published": "2024-03-04T09:30:00Z",
             "summary": "More."},
        ],
    }  # fmt: skip
    shape = infer_api(data)
    assert shape == ApiShape("items", "url", "title", "published", "summary", "next")
    result = read_api_page(data, "https://news.example/api/stories?page=2", shape)
    assert [e.url for e in result.entries] == [
        "https://news.example/newsroom/a",
        "https://news.example/newsroom/b",
    ]
    assert result.next_url == "https://news.example/api/stories?page=3"


def test_infer_api_shape_of_wordpress_posts() -> None:
    data = [
        {"id": 1, "date": "2024-03-05T10:00:00", "link": "https://news.example/2024/03/05/a/",
         "title": {"rendered": "Council &amp; union agree"}, "excerpt": {"rendered": "<p>x</p>"}},
    ]  # fmt: skip
    shape = infer_api(data)
    assert shape is not None and shape.link == "link" and shape.date == "date"
    entry = read_api_page(data, URL, shape).entries[0]
    assert entry.url.endswith("/2024/03/05/a/")
    assert entry.headline == "Council & union agree"


def test_infer_api_refuses_json_without_linked_items() -> None:
    assert infer_api({"status": "ok", "count": 3}) is None


def test_advance_by_page_or_offset() -> None:
    assert advance("https://x.org/api?page=2&size=4", 4) == "https://x.org/api?page=3&size=4"
    assert advance("https://x.org/api?offset=8", 4) == "https://x.org/api?offset=12"
    assert advance("https://x.org/api", 4) is None


# -- article pages --------------------------------------------------------------------------


def test_article_from_json_ld_graph_and_site_suffix() -> None:
    ld = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Green Rivers"},
            {"@type": "NewsArticle", "headline": "Dam plan halted by court",
             "datePublished": "2024-03-05T09:30:00+01:00",
             "author": {"@type": "Person", "name": "Ana Silva"}},
        ],
    }  # fmt: skip
    head = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<meta property="og:title" content="Dam plan halted by court | Green Rivers">'
        "<title>Dam plan halted by court | Green Rivers</title>"
    )
    body = (
        "<h1>Dam plan halted by court</h1><article><p>The court halted the plan on Tuesday "
        "after three years of hearings in the regional capital.</p><p>“This is a victory for "
        "the river,” said Ana Silva, director of Green Rivers, outside the court.</p></article>"
    )
    result = extract_article(page(body, head), "https://news.example/news/dam")
    assert result.headline == "Dam plan halted by court"
    assert result.date_raw == "2024-03-05T09:30:00+01:00"
    assert result.authors == ["Ana Silva"]
    assert result.is_article
    assert result.body[0].startswith("The court halted the plan")


@pytest.mark.parametrize(
    ("ld", "og", "h1", "expected"),
    [
        # An SEO headline in JSON-LD; the printed one is in og:title and <h1>.
        ("Minister suggests he will keep the gifts", "Minister defiant over gifts",
         "Minister defiant over gifts", "Minister defiant over gifts"),
        # A "LIVE:" kicker in <h1> alone.
        ("Floods close the coast road", "Floods close the coast road | The Courier",
         "Floods LIVE: coast road closed", "Floods close the coast road"),
        # All three differ: JSON-LD, the one most often printed.
        ("Storm hits the port", "Storm batters port", "Port storm: latest", "Storm hits the port"),
        # Only the page: the <h1>.
        (None, None, "Wage talks resume", "Wage talks resume"),
    ],
)  # fmt: skip
def test_headline_is_the_wording_two_sources_agree_on(
    ld: str | None, og: str | None, h1: str, expected: str
) -> None:
    head = '<meta property="og:site_name" content="The Courier">'
    if ld:
        data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": ld}
        head += f'<script type="application/ld+json">{json.dumps(data)}</script>'
    if og:
        head += f'<meta property="og:title" content="{og}">'
    body = (
        f"<article><h1>{h1}</h1><p>The story, told at some length so that the page reads as "
        "an article and not as a listing of other pages.</p></article>"
    )
    assert extract_article(page(body, head), "https://news.example/a").headline == expected


def test_article_date_from_a_byline_without_metadata() -> None:
    body = (
        '<h1 class="title">Wage talks resume</h1><div class="byline">By Jane Doe · Posted on '
        'March 5, 2024</div><div class="article-text"><p>Talks resumed on Monday between the '
        "union and the employers after a two-week pause in the negotiations.</p></div>"
    )
    result = extract_article(page(body), "https://news.example/press/item/wage")
    assert result.headline == "Wage talks resume"
    assert result.date_raw is not None and "March 5, 2024" in result.date_raw


# -- source files ---------------------------------------------------------------------------


def _source(**listing: object) -> dict[str, object]:
    return {"name": "x", "start_urls": [URL], "listing": listing}


@pytest.mark.parametrize(
    ("listing", "message"),
    [
        ({"item": "li", "page_url": "/news/page/"}, "must contain {page}"),
        ({"item": "li", "next_page": "a.next", "page_url": "/p/{page}"}, "one way to paginate"),
        ({"link": "a"}, "item: required"),
        ({"api": {"url": "/api/news"}}, "{page} or {offset}"),
    ],
)
def test_bad_listing_config_is_refused_with_the_reason(
    listing: dict[str, object], message: str
) -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=message.replace("{", r"\{").replace("}", r"\}")):
        Source.model_validate(_source(**listing))


def test_bad_timezone_is_refused() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="unknown time zone"):
        Source.model_validate({"name": "x", "start_urls": [URL], "timezone": "Mars/Olympus"})


def test_zero_config_source_is_named_after_the_host() -> None:
    assert Source.from_url(["https://www.ngo.example/news"]).name == "ngo.example"
    assert Source.from_url(["http://127.0.0.1:8123/"]).name == "127.0.0.1-8123"
    assert Source.from_url(["https://ngo.example/"]).inferred
    with pytest.raises(SourceError):
        Source.from_url(["ftp://ngo.example/"])


def test_written_config_loads_back_with_the_inferred_listing() -> None:
    html = page(CHROME + cards(4), '<link rel="next" href="/news?page=2">')
    found = infer_listing(html, URL)
    discovered = Discovered(listing=found.selectors(), pagination=find_next_page(html, URL))
    text = to_toml(discovered_config(Source.from_url([URL]), discovered), "a comment")
    data = tomllib.loads(text)
    source = Source.model_validate(data)
    assert source.listing is not None and source.listing.item == found.item
    assert source.listing.next_page == 'link[rel~="next"][href]'
    assert text.startswith("# a comment")


def test_written_config_for_an_api_and_a_feed() -> None:
    api = Discovered(
        listing={"item": "div.story-card", "link": "h2 a", "headline": "h2", "date": None,
                 "teaser": None},
        api=ApiShape("items", "url", "title", "published", "summary", "next"),
        api_url="https://news.example/api/stories?page=2",
    )  # fmt: skip
    source = Source.model_validate(
        tomllib.loads(to_toml(discovered_config(Source.from_url([URL]), api)))
    )
    assert source.listing.api.url == "/api/stories?page={page}"
    assert source.listing.api.start == 2 and source.listing.api.date == "published"
    feed = Discovered(feeds=["https://news.example/feed.xml"])
    source = Source.model_validate(
        tomllib.loads(to_toml(discovered_config(Source.from_url([URL]), feed)))
    )
    assert source.feeds == ["/feed.xml"] and source.listing is None
