"""Boilerplate lines inside article bodies: dropped when the whole paragraph is furniture only."""

from __future__ import annotations

import pytest

from newsscrape.extraction.article import extract_article
from newsscrape.extraction.boilerplate import (
    MAX_LENGTH,
    drop_boilerplate,
    is_boilerplate,
    language_code,
    patterns,
)

ENGLISH_FURNITURE = [
    # advertising
    "Story continues below advertisement",
    "Article continues below advertisement.",
    "Advertisement",
    "ADVERTISEMENT",
    "Advertisement - scroll to continue",
    # links to other stories
    "READ MORE: Minister resigns after week of turmoil",
    "Read more: Plymouth protests erupt in violence",
    "Read More",
    "ALSO READ: Brace for very bad weather this weekend",
    "MORE : The Metro daily cartoon",
    "WATCH: Bear climbs into backyard pool",
    "Watch — the moment the bridge collapsed",
    "RELATED: City council approves budget",
    "Related stories",
    "READ MORE: ‘I was terrified’: woman tells of attack",  # a label with a quoted headline
    # newsletters and social prompts
    "Sign up to our newsletter for the latest news",
    "Sign up for our free daily newsletter here.",
    "Follow us on Twitter, Facebook and Instagram.",
    "Follow TechRadar on Google News to get our news in your feeds.",
    "Click here to read more stories like this",
    "Listen to this article",
    # credits and captions
    "(Photo: Jane Doe/Reuters)",
    "Photo: Reuters",
    "Image: eThekwini Municipality / Facebook",
    "Photo by John Smith/AFP",
    "Getty Images",
    "Jane Doe/Getty Images",
    "(AFP via Getty Images)",
    "© Reuters",
    "Image caption, Protesters gathered outside parliament",
    "Image source, Getty Images",
    "Copyright 2024 The Associated Press. All rights reserved.",
    # embedded posts
    "— Jane Doe (@janedoe) March 3, 2024",
    "Buses to Plymstock board at Exeter Street. pic.twitter.com/7IJYBkhgep",
    "Great day at the rally pic.twitter.com/AbC123 — Jane Doe (@janedoe) March 3, 2024",
    "View this post on Instagram",
    "A post shared by Jane Doe (@janedoe)",
    "Skip twitter post, 1",
    "End of twitter post, 1",
]

ENGLISH_TEXT = [
    "Readers who want to read more about the case can find the ruling on the court's website.",
    "“Watch: this is what happens when you ignore the warnings,” the minister said.",
    '"Read more: that is all I ask of my students," she said.',
    "He sold the photos to Getty Images in 2019.",
    "He sold them via Getty Images.",
    "Related-party transactions rose by a third last year.",
    "Follow-up inspections found no further problems.",
    "The advertisement ran in three newspapers before it was withdrawn.",
    "Police said the photo, taken by a neighbour, showed the car leaving at 10pm.",
    "She urged supporters to follow her on Twitter.",
    "More than 200 people attended the meeting on Tuesday.",
    "Watch out for black ice on the roads, the forecasters warned on Monday evening.",
    "",
]


@pytest.mark.parametrize("line", ENGLISH_FURNITURE)
def test_english_furniture_is_boilerplate(line: str) -> None:
    assert is_boilerplate(line, "en")
    assert is_boilerplate(line, "en-GB")
    assert is_boilerplate(line, None)  # no declared language: English patterns apply


@pytest.mark.parametrize("line", ENGLISH_TEXT)
def test_article_text_is_kept(line: str) -> None:
    assert not is_boilerplate(line, "en")
    assert not is_boilerplate(line, None)


def test_a_quote_is_kept_unless_it_is_a_label() -> None:
    # A line pattern ("Follow us on ...") never drops a paragraph that quotes someone ...
    assert is_boilerplate("Follow us on Twitter for updates", "en")
    assert not is_boilerplate("Follow us on Twitter “for updates”, the police said", "en")
    assert not is_boilerplate("Click here to “win”, the scam email said.", "en")
    # ... a label is furniture whatever its headline says.
    assert is_boilerplate("READ MORE: “We will not give up,” says striking nurse", "en")


def test_a_long_paragraph_is_never_boilerplate() -> None:
    long_line = "READ MORE: " + "word " * 80
    assert len(long_line) > MAX_LENGTH
    assert not is_boilerplate(long_line, "en")
    assert not is_boilerplate("Advertisement " + "x" * MAX_LENGTH, "en")


def test_whitespace_is_collapsed() -> None:
    assert is_boilerplate("  Story continues\u00a0below   advertisement \n", "en")


@pytest.mark.parametrize(
    ("line", "language"),
    [
        ("Lesen Sie auch: Regierung beschließt Haushalt", "de"),
        ("MEHR ZUM THEMA: Streik bei der Bahn", "de"),
        ("Anzeige", "de"),
        ("Folgen Sie uns auf Facebook und Instagram", "de"),
        ("Bildunterschrift, Demonstranten vor dem Reichstag", "de"),
        ("À lire aussi : Le gouvernement présente son budget", "fr"),
        ("LIRE AUSSI - Grève à la SNCF", "fr"),
        ("Publicité", "fr"),
        ("Suivez-nous sur Twitter", "fr"),
        ("Lee también: El Gobierno aprueba los presupuestos", "es"),
        ("Publicidad", "es"),
        ("Síguenos en Instagram", "es"),
        ("Pie de foto, Manifestantes frente al Congreso", "es"),
    ],
)
def test_other_languages(line: str, language: str) -> None:
    assert is_boilerplate(line, language)
    assert is_boilerplate(line, language.upper() + "-XX")
    assert not is_boilerplate(line, "en")  # a German line is not English furniture
    assert not is_boilerplate(line, None)


@pytest.mark.parametrize("line", ["Story continues below advertisement", "READ MORE: Headline"])
def test_english_furniture_is_not_dropped_from_other_languages(line: str) -> None:
    assert not is_boilerplate(line, "de")
    assert not is_boilerplate(line, "fr")
    assert not is_boilerplate(line, "xx")  # no file: only the language-independent patterns


@pytest.mark.parametrize(
    "line",
    [
        "(Foto: Jane Doe/dpa)",
        "Getty Images",
        "— Jane Doe (@janedoe) 3. März 2024",
        "Tolle Stimmung pic.twitter.com/AbC123",
    ],
)
def test_credits_and_embeds_are_boilerplate_in_any_language(line: str) -> None:
    for language in ("en", "de", "fr", "es", "xx", None):
        assert is_boilerplate(line, language)


def test_language_codes() -> None:
    assert language_code("en-GB") == "en"
    assert language_code("pt_BR") == "pt"
    assert language_code(" DE ") == "de"
    assert language_code(None) is None
    assert language_code("") is None
    assert language_code("../../etc/passwd") is None  # never a path


def test_every_data_file_loads_and_is_cached() -> None:
    for name in ("any", "en", "de", "fr", "es"):
        _label, line = patterns(name)
        assert line is not None, name
        assert patterns(name) is patterns(name)
    assert patterns("xx") == (None, None)


def test_drop_boilerplate_keeps_order() -> None:
    paragraphs = [
        "The council met on Tuesday.",
        "Story continues below advertisement",
        "It approved the budget.",
        "READ MORE: Council tax to rise",
        "Readers who want to read more about the case can contact the council.",
    ]
    assert drop_boilerplate(paragraphs, "en") == [paragraphs[0], paragraphs[2], paragraphs[4]]
    assert drop_boilerplate(paragraphs, "de") == paragraphs


REAL = [
    "The city council voted on Tuesday to approve a new budget that raises spending on roads "
    "and schools by almost a tenth, after months of debate between the two largest parties.",
    "“We have listened to residents and this budget reflects what they asked for,” the mayor "
    "told reporters outside the town hall after the vote, which passed by 31 votes to 12.",
    "Opposition members said the plan relied on optimistic forecasts for property tax revenue "
    "and warned that services could be cut next year if the economy slowed as expected.",
    "Readers who want to read more about the case can find the full budget documents on the "
    "council's website, where they will remain available until the end of the consultation.",
]
FURNITURE = [
    "Story continues below advertisement",
    "READ MORE: Council tax to rise for third year",
    "(Photo: Jane Doe/Reuters)",
    "Sign up to our newsletter for the latest local news",
]


def _page(language: str) -> str:
    body = "".join(
        f"<p>{real}</p><p>{furniture}</p>" for real, furniture in zip(REAL, FURNITURE, strict=True)
    )
    return (
        f'<html lang="{language}"><head><title>Council approves budget</title></head><body>'
        "<header><nav><a href='/'>Home</a></nav></header>"
        f"<article><h1>Council approves budget</h1>{body}</article>"
        "<footer>© News Example</footer></body></html>"
    )


def test_extract_article_drops_furniture_between_paragraphs() -> None:
    page = extract_article(_page("en-GB"), "https://news.example/council-budget")
    assert page.body == REAL


def test_extract_article_keeps_english_furniture_on_a_page_in_another_language() -> None:
    page = extract_article(_page("de"), "https://news.example/council-budget")
    for real in REAL:
        assert real in page.body
    assert "Story continues below advertisement" in page.body
    assert "(Photo: Jane Doe/Reuters)" not in page.body  # a credit in any language


def test_extract_article_drops_furniture_from_a_configured_body() -> None:
    page = extract_article(
        _page("en"), "https://news.example/council-budget", body="article", exclude=["h1"]
    )
    assert page.body == REAL
