"""Page parsing on plain HTML strings (no crawl): listings, articles, boilerplate."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsscrape.extraction.pages import parse_article, parse_listing
from newsscrape.sources import load_source

LISTING = """<html><head><base href="https://example.org/en/"></head><body>
<nav><a href="/menu">Menu</a></nav>
<div class="views-row"><span class="date">February 11, 2021</span>
  <h2><a href="news/a?utm_source=x">Saudi Arabia: <em>three</em> men’s sentences</a></h2>
  <div class="summary"><p>First&nbsp;para.</p><p>Second.</p></div></div>
<div class="views-row"><time datetime="2021-02-10">10 Feb</time>
  <h2><a href="/news/b">B</a></h2></div>
<div class="views-row"><h2>No link here</h2></div>
<ul class="pager"><li class="next"><a href="?page=1" rel="next">Next ›</a></li></ul>
</body></html>"""


def test_listing_rows_links_dates_and_next_page() -> None:
    page = parse_listing(
        LISTING,
        "https://example.org/en/news",
        item="div.views-row",
        link="h2 a[href]",
        date=".date, time",
        headline="h2",
        teaser=".summary",
        next_page="li.next a",
    )
    assert [e.url for e in page.entries] == [
        "https://example.org/en/news/a?utm_source=x",
        "https://example.org/news/b",
    ]
    first, second = page.entries
    assert first.headline == "Saudi Arabia: three men’s sentences"
    assert first.date_raw == "February 11, 2021"
    assert first.teaser == "First para. Second."
    assert second.date_raw == "2021-02-10"  # machine-readable datetime wins over "10 Feb"
    assert page.next_url == "https://example.org/en/?page=1"


ARTICLE = """<html lang="fr-CA"><head>
<meta property="og:title" content="OG title">
<link rel="canonical" href="/news/a">
<script type="application/ld+json">
  {"@type": "NewsArticle", "datePublished": "2021-02-11T09:30:00-05:00"}</script>
</head><body><h1>Le <b>titre</b></h1>
<div class="body">
  <p>“Quote opens,” said <a href="#">Lynn Maalouf</a>’s colleague.</p>
  <div class="share"><a>Facebook Share</a></div>
  <p>&nbsp;</p>
  <figure><img src="x.jpg"><figcaption>Photo © Amnesty</figcaption></figure>
  <form><input name="email"> Subscribe</form>
  <blockquote><p>“First paragraph of a quotation</p><p>“Second paragraph.”</p></blockquote>
  <ul><li>One point</li><li>Another</li></ul>
  <p>Line one<br>line two</p>
</div></body></html>"""


def test_article_body_without_boilerplate_and_with_structured_fallbacks() -> None:
    page = parse_article(ARTICLE, "https://example.org/x?y=1", body="div.body", exclude=[".share"])
    assert page.headline == "Le titre"
    assert page.body == [
        "“Quote opens,” said Lynn Maalouf’s colleague.",
        "“First paragraph of a quotation",
        "“Second paragraph.”",
        "One point",
        "Another",
        "Line one line two",
    ]
    assert page.date_raw == "2021-02-11T09:30:00-05:00"  # JSON-LD when no date selector
    assert page.canonical_url == "https://example.org/news/a"
    assert page.language == "fr"


def test_article_headline_falls_back_to_og_title() -> None:
    page = parse_article(
        ARTICLE.replace("<h1>Le <b>titre</b></h1>", ""), "https://e.org/", body="div.body"
    )
    assert page.headline == "OG title"


def test_body_without_paragraph_tags_splits_on_double_br() -> None:
    html = "<div class='b'>First para<br><br>Second <i>para</i><br/><br/>Third</div>"
    assert parse_article(html, "https://e.org/", body="div.b").body == [
        "First para",
        "Second para",
        "Third",
    ]


def test_shipped_source_selectors_compile() -> None:
    source = load_source("amnesty-ca")
    assert source.listing.next_page
    assert source.allowed_domains == ["amnesty.ca"]


html_fragments = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<div class='b'>",
            "</div>",
            "<br>",
            "<!--",
            "-->",
            "“",
            "&rsquo;",
            "<script>",
            "</script>",
            "<a href='",
            "'>",
            "<h1>",
            "</h1>",
            "\x00",
            "&#0;",
            "<time datetime='",
        ]
    )
    | st.text(max_size=20),
    max_size=40,
).map("".join)


@given(html_fragments, st.text(max_size=30))
@settings(max_examples=300, deadline=None)
def test_parsers_never_raise_on_broken_html(html: str, url_tail: str) -> None:
    url = "https://example.org/" + url_tail
    parse_article(html, url, body="div.b, body", date="time")
    parse_listing(html, url, item="div, p", date="time", headline="h1", next_page="a")
