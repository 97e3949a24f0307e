"""Page-controlled text must cost time linear in its length.

A regular expression that backtracks (adjacent `\\s*`, a repeated group whose parts overlap,
`\\s*...$` searched from every position of a long run) turns a 4 KB page into seconds of CPU
and a 32 KB page into hours: one hostile or broken page stops the crawl. Each public entry
point that reads page text is timed on adversarial shapes at size n and 8n; the time per KB
at 8n may be at most `RATIO` times the time per KB at n (a quadratic cost gives 8×, a cubic
one 64×). Timings under `FLOOR` seconds pass whatever their ratio, so scheduler noise on
microsecond calls does not flake.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsscrape.extraction.article import extract_article
from newsscrape.extraction.dates import parse_date
from newsscrape.extraction.maintext import main_paragraphs
from newsscrape.extraction.pages import parse_article, parse_listing
from newsscrape.quotes.extract import extract_quotes

N = 4096  # characters of adversarial text at the small size; the large one is 8N
RATIO = 4.0  # allowed growth of the time per KB from N to 8N
FLOOR = 0.05  # seconds: a call at 8N faster than this passes
GIVE_UP = 5.0  # seconds: no call on at most 32 KB may take this long, linear or not
URL = "https://example.org/news/x"
FETCHED = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# Each shape holds a quotation, so the quote engine gets past its first checks.
SHAPES: dict[str, Callable[[int], str]] = {
    "whitespace_run": lambda n: "“Yes,” said" + " " * n + "Smith.",
    "mixed_whitespace": lambda n: "“Yes,”" + _fill(" \t\n\u00a0", n) + "said Smith.",
    "whitespace_around_one_br": lambda n: (
        "“Yes,” said Smith." + " " * (n // 2) + "<br>" + " " * (n // 2) + "“No,” said Jones."
    ),
    "newlines_around_one_br": lambda n: "a" + "\n" * (n // 2) + "<br/>" + "\n" * (n // 2) + "b",
    "many_br": lambda n: "“Yes,” said Smith." + _fill("<br>", n) + "“No.”",
    "br_pairs": lambda n: _fill("“a” <br> <br>\n", n),
    "repeated_said": lambda n: "“Yes,” said " + _fill("said ", n) + "Smith.",
    "apostrophes_before": lambda n: _fill("’", n) + " said: “Yes.”",
    "apostrophes_after": lambda n: "“Yes,” said " + _fill("’", n),
    "possessives": lambda n: "“Yes,” said " + _fill("Jean’s ", n) + "aide.",
    "open_curly_quotes": lambda n: _fill("“", n) + "Yes,” said Smith.",
    "close_curly_quotes": lambda n: "Smith said: " + _fill("”", n),
    "unbalanced_curly": lambda n: _fill("“ a ” “ b ", n) + "said Smith.",
    "straight_quotes": lambda n: _fill('"', n) + " said Smith.",
    "mixed_marks": lambda n: _fill("« ‘ “ ” ’ » \" ' ", n) + "said Smith.",
    "mr_after_quote": lambda n: "“Yes,” said " + _fill("Mr. ", n) + "Smith.",
    "mr_before_quote": lambda n: _fill("Mr. ", n) + "Smith said: “Yes.”",
    "had_earlier": lambda n: "Smith " + _fill("had earlier ", n) + "said: “Yes.”",
    "capitalised_after_quote": lambda n: "“Yes,” said " + _fill("Alpha Beta ", n) + ".",
    "capitalised_before_quote": lambda n: _fill("Alpha Beta ", n) + "said: “Yes.”",
    "cue_commas": lambda n: _fill("“No,” he said, ", n),
    "colons": lambda n: _fill("Smith: ", n) + "“Yes.”",
    # Opening phrases and pronoun subjects the engine reads back through (exponential and
    # unbounded recursion before: found by review).
    "opening_words": lambda n: _fill("Asked ", n) + ": “We will go home now and rest.”",
    "in_in_in": lambda n: _fill("In ", n) + "the ministry said: “We will go home now.”",
    "pronoun_paragraph_runs": lambda n: _fill("She has already sold her field. ", n),
    # The third session's rules: sources in narration, inner speech after a subordinator,
    # verbs joined by "and", relative clauses with "as …", remarks, documents by an author.
    "according_to_runs": lambda n: _fill("According to Jo Roe, ", n) + "“Yes,” she said.",
    "subordinate_cues": lambda n: (
        "Roe said " + _fill("he was there when doctors told ", n) + "them: “Yes.”"
    ),
    "joined_verbs": lambda n: "Jo Roe criticised " + _fill("Smith, and ", n) + "said: “Yes.”",
    "relative_as": lambda n: "which Jo Roe referred to as " + _fill("police ", n) + "“spying”.",
    "remarks_that": lambda n: _fill("His remarks that ", n) + "“Yes.”",
    "study_by_spaces": lambda n: (
        "According to a study by Jo Roe" + " " * n + "and her team, “Yes.”"
    ),
    # Many quotations by one organisation: its fullest name is looked up once (found by
    # review: quotes × text before).
    "one_org_many_quotes": lambda n: _fill("The Police Federation said “x y.” ", n),
    "source_then_department": lambda n: _fill(
        "According to Gauteng Cogta, it did. “x y,” the department detailed. ", n
    ),
    "separators": lambda n: _fill(" | · • ", n) + "March 3, 2024",
    "date_then_spaces": lambda n: "March 3, 2024 10:30" + _fill(" \t", n) + "x",
    "labels": lambda n: _fill("Published: ", n) + "March 3, 2024",
    "deep_divs": lambda n: "<div>" * (n // 11) + "“Deep,” she said." + "</div>" * (n // 11),
    "deep_spans_around_p": lambda n: (
        "<span>" * (n // 13) + "<p>“Deep,” she said.</p>" + "</span>" * (n // 13)
    ),
}


def _page(text: str) -> str:
    return (
        '<html lang="en"><head><title>T | Site</title></head><body><h1>Headline</h1>'
        f'<div class="b"><div>{text}</div><p>Second paragraph.</p></div></body></html>'
    )


FUNCTIONS: dict[str, Callable[[str], object]] = {
    "pages.parse_article": lambda t: parse_article(_page(t), URL, body="div.b", date="time"),
    "pages.parse_listing": lambda t: parse_listing(
        f'<div class="row"><a href="/a">{t}</a><time>{t}</time><p>{t}</p></div>',
        URL,
        item="div.row",
        headline="a",
        date="time",
        teaser="p",
    ),
    "maintext.main_paragraphs": lambda t: main_paragraphs(_page(t), URL),
    "article.extract_article": lambda t: extract_article(_page(t), URL),
    "dates.parse_date": lambda t: parse_date(t, fetched_at=FETCHED, languages=["en"]),
    "quotes.extract_quotes": lambda t: extract_quotes([t, "“Later,” Smith said."]),
}


def _cpu(call: Callable[[str], object], text: str, runs: int) -> float:
    """Best CPU time of `runs` calls (fewer when one call is already slow)."""
    best = float("inf")
    for _ in range(runs):
        gc.disable()  # a collection of the whole heap would be timed as the call's
        try:
            start = time.process_time()
            call(text)
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
        if best > 0.5:  # noise no longer matters, and repeating a slow call only costs time
            break
    return best


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("function", list(FUNCTIONS))
def test_time_grows_linearly(function: str, shape: str) -> None:
    call, make = FUNCTIONS[function], SHAPES[shape]
    call(make(64))  # lazy imports, caches, compiled patterns
    base = _cpu(call, make(N), 3)
    timings = {N: base}
    assert base < GIVE_UP, f"{function} on {shape}: {base:.2f} s at {N} chars"
    # 2N and 4N first: a cubic cost shows there, before 8N would take hours.
    for factor in (2, 4, 8):
        size = factor * N
        spent = _cpu(call, make(size), 3 if factor == 8 else 1)
        timings[size] = spent
        report = f"{function} on {shape}: " + ", ".join(
            f"{s // 1024} KB {t * 1000:.1f} ms" for s, t in timings.items()
        )
        assert spent < GIVE_UP, report
        limit = (RATIO if factor == 8 else 2 * RATIO) * factor * base
        assert spent < FLOOR or spent <= limit, f"super-linear: {report}"


TOKENS = [
    " ",
    "  ",
    "\t",
    "\n",
    "’",
    "'",
    "“",
    "”",
    '"',
    "«",
    "»",
    "‘",
    "<br>",
    "Mr. ",
    "said",
    " said ",
    "Smith",
    "Jean ",
    "Alpha ",
    "Beta",
    ",",
    ":",
    ".",
    "had earlier ",
    "who ",
]
# Runs of one token repeated, so short examples still hold long runs of the same mark.
adversarial_text = st.lists(
    st.tuples(st.sampled_from(TOKENS), st.integers(min_value=1, max_value=2000)),
    min_size=1,
    max_size=40,
).map(lambda runs: "".join(token * count for token, count in runs)[:20_000])


@given(adversarial_text)
@settings(deadline=2000, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
def test_adversarial_text_is_read_within_the_deadline(text: str) -> None:
    extract_quotes([text])
    extract_quotes(text.split("\n"))
    parse_article(_page(text), URL, body="div.b")
