"""The date table: seed formats, common formats, other languages, relative dates, junk.

Precision is part of the expected value: a date stays a date, a time without a zone stays
naive, and only relative expressions (instants computed from the fetch time) get UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsscrape.extraction.dates import parse_date

FETCHED = datetime(2021, 2, 12, 15, 0, tzinfo=UTC)
EST = timezone(timedelta(hours=-5))

TABLE = [
    # The seed's own format (Amnesty International Canada listing).
    ("February 11, 2021", date(2021, 2, 11), "fast"),
    ("February 08, 2021", date(2021, 2, 8), "fast"),
    ("January 31, 2021", date(2021, 1, 31), "fast"),
    # Common English and ISO formats: the fast path.
    ("Feb. 11, 2021", date(2021, 2, 11), "fast"),
    ("Feb 11 2021", date(2021, 2, 11), "fast"),
    ("Thursday, February 11th, 2021", date(2021, 2, 11), "fast"),
    ("11 February 2021", date(2021, 2, 11), "fast"),
    ("11th of February, 2021", date(2021, 2, 11), "fast"),
    ("Thu 11 Feb 2021", date(2021, 2, 11), "fast"),
    ("Published: February 11, 2021", date(2021, 2, 11), "fast"),
    ("Posted on 11 Sept 2021 |", date(2021, 9, 11), "fast"),
    ("February 11, 2021 10:30 AM", datetime(2021, 2, 11, 10, 30), "fast"),
    ("February 11, 2021 at 12:05 pm", datetime(2021, 2, 11, 12, 5), "fast"),
    ("11 Feb 2021 14:05", datetime(2021, 2, 11, 14, 5), "fast"),
    ("2021-02-11", date(2021, 2, 11), "iso"),
    ("2021-02-11T14:05:00Z", datetime(2021, 2, 11, 14, 5, tzinfo=UTC), "iso"),
    ("2021-02-11T09:05:00-05:00", datetime(2021, 2, 11, 9, 5, tzinfo=EST), "iso"),
    (
        "2021-02-11 14:05:33.123+0100",
        datetime(2021, 2, 11, 14, 5, 33, tzinfo=timezone(timedelta(hours=1))),
        "iso",
    ),
    ("2021-02-11T14:05", datetime(2021, 2, 11, 14, 5), "iso"),
    ("2021/02/11", date(2021, 2, 11), "fast"),
    ("11.02.2021", date(2021, 2, 11), "fast"),
    ("25/03/2021", date(2021, 3, 25), "fast"),
    ("03/25/2021", date(2021, 3, 25), "fast"),
    # Other languages: dateparser.
    ("11 février 2021", date(2021, 2, 11), "dateparser"),
    ("11. Februar 2021", date(2021, 2, 11), "dateparser"),
    ("11 de febrero de 2021", date(2021, 2, 11), "dateparser"),
    ("11 febbraio 2021", date(2021, 2, 11), "dateparser"),
    ("11 февраля 2021", date(2021, 2, 11), "dateparser"),
    ("11 лютого 2021", date(2021, 2, 11), "dateparser"),
    ("2021年2月11日", date(2021, 2, 11), "dateparser"),
    ("February 11, 2021 10:30 EST", datetime(2021, 2, 11, 10, 30, tzinfo=EST), "dateparser"),
    # Relative to the fetch time.
    ("2 hours ago", datetime(2021, 2, 12, 13, 0, tzinfo=UTC), "relative"),
    ("il y a 2 heures", datetime(2021, 2, 12, 13, 0, tzinfo=UTC), "relative"),
    ("hace 5 minutos", datetime(2021, 2, 12, 14, 55, tzinfo=UTC), "relative"),
    ("yesterday", date(2021, 2, 11), "relative"),
    ("3 days ago", date(2021, 2, 9), "relative"),
    ("vor 3 Tagen", date(2021, 2, 9), "relative"),
    # Year-less: the year of the fetch, never the future.
    ("Feb 11", date(2021, 2, 11), "dateparser"),
]


@pytest.mark.parametrize(("text", "expected", "method"), TABLE, ids=[t[0] for t in TABLE])
def test_date_table(text: str, expected: date | datetime, method: str) -> None:
    parsed = parse_date(text, fetched_at=FETCHED)
    assert parsed is not None, text
    assert parsed.value == expected
    assert type(parsed.value) is type(expected)  # a date is never turned into a datetime
    if isinstance(expected, datetime):
        assert (parsed.value.tzinfo is None) == (expected.tzinfo is None)  # no invented zone
    assert parsed.method == method
    assert parsed.raw == text.strip()


@pytest.mark.parametrize(
    ("order", "expected"), [("DMY", date(2021, 3, 2)), ("MDY", date(2021, 2, 3))]
)
def test_ambiguous_numeric_dates_follow_the_source_hint(order: str, expected: date) -> None:
    parsed = parse_date("02/03/2021", date_order=order, fetched_at=FETCHED)
    assert parsed is not None and parsed.value == expected and parsed.method == "fast"


def test_iso_output_keeps_the_given_precision() -> None:
    assert parse_date("February 11, 2021").iso() == "2021-02-11"  # type: ignore[union-attr]
    assert parse_date("11 Feb 2021 14:05").iso() == "2021-02-11T14:05:00"  # type: ignore[union-attr]
    assert parse_date("2021-02-11T09:05:00-05:00").iso() == "2021-02-11T09:05:00-05:00"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "Date to be confirmed",
        "",
        "   ",
        "Read more",
        "123456789",
        "February 30, 2021",
        "13/13/2021",
        "February 2021",
        None,
        "x" * 10_000,
    ],
)
def test_not_a_date(text: str | None) -> None:
    assert parse_date(text, fetched_at=FETCHED, languages=["en"]) is None


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_never_raises_on_arbitrary_text(text: str) -> None:
    parse_date(text, fetched_at=FETCHED, languages=["en"])


date_fragments = st.lists(
    st.sampled_from(
        [
            "2021",
            "-",
            "02",
            "/",
            "31",
            ":",
            "T",
            "Z",
            "+25:99",
            "February",
            "th",
            ",",
            " ",
            "pm",
            "ago",
            "hours",
            "99",
            "0",
            "Feb.",
            "\x00",
            "٣",
        ]
    ),
    max_size=12,
).map("".join)


@given(date_fragments)
@settings(max_examples=300, deadline=None)
def test_never_raises_on_date_like_fragments(text: str) -> None:
    parse_date(text, fetched_at=FETCHED, languages=["en"])
