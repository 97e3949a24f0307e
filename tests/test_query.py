"""Analysts' questions: search syntax, the query layer on both backends, the CLI commands."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsscrape.fixture_server import FixtureServer
from newsscrape.query.filters import FilterError, parse_day
from newsscrape.query.search import (
    SearchSyntaxError,
    parse_search,
    to_fts5,
    to_tsquery,
)

from .conftest import crawl_cli, run_cli


@pytest.mark.parametrize(
    ("expression", "fts5", "tsquery"),
    [
        ("torture", '"torture"', "(torture)"),
        ('"death penalty"', '"death penalty"', "(death <-> penalty)"),
        ("detain*", '"detain" *', "detain:*"),
        ("protest NOT football", '("protest" NOT "football")', "((protest) & ! (football))"),
        ("a OR b c", '("a" OR ("b" AND "c"))', "((a) | ((b) & (c)))"),
        ("(a OR b) AND c", '(("a" OR "b") AND "c")', "(((a) | (b)) & (c))"),
        ("ill-treatment", '"ill-treatment"', "(ill <-> treatment)"),
    ],
)
def test_search_expressions_render_for_both_backends(
    expression: str, fts5: str, tsquery: str
) -> None:
    tree = parse_search(expression)
    assert to_fts5(tree) == fts5
    assert to_tsquery(tree) == tsquery


@pytest.mark.parametrize(
    ("expression", "message", "position"),
    [
        ("(a OR b", "'(' is not closed", 0),
        ("a OR", "missing at the end", 4),
        ("NOT a", "needs a term before it", 0),
        ('"death penalty', 'not closed with "', 0),
        ("a )", "no matching '('", 2),
        ("", "empty", 0),
    ],
)
def test_bad_search_expressions_say_where(expression: str, message: str, position: int) -> None:
    with pytest.raises(SearchSyntaxError, match=re.escape(message)) as caught:
        parse_search(expression)
    assert caught.value.position == position


def test_search_input_is_never_sql_or_fts_syntax() -> None:
    tree = parse_search("x'; DROP TABLE quotes; -- NEAR(a b) col:y")
    rendered = to_fts5(tree)
    assert "NEAR(" not in rendered and "col:" not in rendered.replace('"col" AND "y"', "")
    assert all(ch not in to_tsquery(tree) for ch in ";'")


def test_partial_dates_cover_their_period() -> None:
    assert str(parse_day("2021-02", "--since")) == "2021-02-01"
    assert str(parse_day("2021-02", "--until", end=True)) == "2021-02-28"
    assert str(parse_day("2020", "--until", end=True)) == "2020-12-31"
    with pytest.raises(FilterError, match="--since: '11/02/2021' is not a date"):
        parse_day("11/02/2021", "--since")


@pytest.fixture
def crawled(amnesty_server: FixtureServer, db_url: str) -> str:
    result = crawl_cli(amnesty_server, db_url)
    assert result.returncode == 0, result.stderr
    return db_url


def test_corpus_filters_on_both_backends(crawled: str) -> None:
    from newsscrape import Corpus

    corpus = Corpus(crawled)
    zviagina = corpus.quotes(speaker="natalia zviagina")
    assert set(zviagina["speaker_as_written"]) == {"Natalia Zviagina", "Natalya Zviagina"}
    assert zviagina["speaker"].nunique() == 1  # one identity

    phrase = corpus.quotes(search='"death penalty"')
    assert len(phrase) == 1 and phrase.iloc[0]["speaker"] == "Lynn Maalouf"
    assert "\x02death" in phrase.iloc[0]["snippet"].lower()  # matching words highlighted
    prefix = corpus.quotes(search="tortur*")
    assert len(prefix) >= 2
    excluded = corpus.quotes(search="tortur* NOT solitary")
    assert len(excluded) == len(prefix) - 1
    either = corpus.quotes(search="Navalny OR children")
    assert {zviagina["speaker"].iloc[0], "Aisha Jung"} <= set(either["speaker"])
    ranked = corpus.quotes(search="Yemen OR arms", sort="relevance")
    assert ranked.iloc[0]["speaker"] == "Philippe Nassif"

    february = corpus.quotes(since="2021-02", until="2021-02")
    assert len(february) and all(d.month == 2 for d in february["date"])
    amnesty = corpus.quotes(org="amnesty international")
    assert len(amnesty) >= 5
    assert all("amnesty" in (o or "").lower() for o in amnesty["organisation"])
    assert corpus.quotes(source="nope").empty
    assert len(corpus.quotes(limit=3)) == 3

    articles = corpus.articles(search="Navalny")
    assert len(articles) == 3 and articles["quotes"].sum() == 3
    speakers = corpus.speakers()
    row = speakers[speakers["name"].str.contains("Zviagina")].iloc[0]
    assert row["quotes"] == 2 and len(row["aliases"]) == 1
    assert str(row["first_quote"]) == "2021-01-29"

    with pytest.raises(FilterError, match="did you mean: Natal"):
        corpus.quotes(speaker="Natalya Zviagin")


def test_query_commands(crawled: str, tmp_path: Path) -> None:
    table = run_cli("quotes", "--db", crawled, "--search", "death penalty", "--sort", "relevance")
    assert table.returncode == 0, table.stderr
    assert "Lynn Maalouf" in table.stdout and "1 quote(s)." in table.stdout

    csv_out = run_cli("quotes", "--db", crawled, "--speaker", "Lynn Maalouf", "--format", "csv")
    lines = csv_out.stdout.splitlines()
    assert lines[0].startswith("quote_id,date,speaker,") and len(lines) == 3

    jsonl = run_cli("articles", "--db", crawled, "--since", "2021-02-10", "--format", "jsonl")
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert rows and all(r["date"] >= "2021-02-10" for r in rows)

    parquet = tmp_path / "q.parquet"
    run_cli("quotes", "--db", crawled, "--format", "parquet", "--output", str(parquet))
    import pyarrow.parquet as pq

    assert pq.read_table(parquet).num_rows == 13

    exported = run_cli("export", "--db", crawled, "--format", "jsonl", "--output", str(tmp_path))
    assert exported.returncode == 0, exported.stderr
    assert sum(1 for _ in (tmp_path / "quotes.jsonl").open()) == 13
    assert sum(1 for _ in (tmp_path / "articles.jsonl").open()) == 15

    speakers = run_cli("speakers", "--db", crawled, "--sort", "name", "--format", "csv")
    assert "Natalia Zviagina" in speakers.stdout  # an alias of the merged identity

    bad = run_cli("quotes", "--db", crawled, "--search", "(torture OR")
    assert bad.returncode == 1 and bad.stderr.startswith("Error: bad search expression")
    assert "^" in bad.stderr
    when = run_cli("quotes", "--db", crawled, "--until", "yesterday")
    assert "--until: 'yesterday' is not a date" in when.stderr
    assert run_cli("db", "reindex", "--db", crawled).returncode == 0
    again = run_cli("quotes", "--db", crawled, "--search", "death penalty", "--format", "csv")
    assert len(again.stdout.splitlines()) == 2


def test_report_draws_quotes_per_month(crawled: str, tmp_path: Path) -> None:
    import matplotlib.image

    result = run_cli("report", "--db", crawled, "--top", "3", "--output", str(tmp_path / "r.png"))
    assert result.returncode == 0, result.stderr
    pixels = matplotlib.image.imread(tmp_path / "r.png")
    assert pixels.shape[0] > 300 and pixels.std() > 0.05  # a drawing, not a blank canvas
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page
    assert "Lynn Maalouf" in page and "<th>2021-02</th>" in page
    assert "Amnesty International" in page
    bad = run_cli("report", "--db", crawled, "--since", "soon")
    assert bad.returncode == 1 and "--since: 'soon' is not a date" in bad.stderr


def test_a_mistyped_corpus_path_is_an_error_not_an_empty_corpus(tmp_path: Path) -> None:
    from newsscrape import Corpus
    from newsscrape.storage.db import DatabaseError

    missing = tmp_path / "typo.db"
    result = run_cli("quotes", "--db", f"sqlite:///{missing}")
    assert result.returncode == 1 and f"no corpus at {missing}" in result.stderr
    assert not missing.exists()
    with pytest.raises(DatabaseError, match="no corpus at"):
        Corpus(f"sqlite:///{missing}")
