"""The quote engine measured on the hand-annotated gold set (eval/gold), and the scorer itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsscrape.quotes.evaluate import (
    TARGET,
    GoldDocument,
    GoldError,
    Segment,
    evaluate,
    load_document,
    load_gold,
)
from newsscrape.quotes.extract import Quote, extract_quotes

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold"
EVAL = Path(__file__).resolve().parent.parent / "eval"
# The fresh sets were annotated blind and measured before any rule saw them (eval/README.md
# has the figures then and now). Each is held to where the engine stands on it, so that a
# change tuned to one set cannot quietly lose ground on text it was not tuned to.
FRESH_FLOORS = {
    "fresh": {"precision": 0.97, "recall": 0.97, "speaker_accuracy": 0.93, "terms_kept_out": 0.9},
    "fresh2": {"precision": 0.98, "recall": 0.98, "speaker_accuracy": 0.95, "terms_kept_out": 0.9},
    # Real news (fundus-dev paragraphs), annotated blind. First run (the honest estimate):
    # precision 0.972, recall 0.834, speakers 0.694, terms 0.880; held where it stands now.
    # Terms kept out went down on purpose (0.88 -> 0.86): a short phrase in the clause of a
    # verb of saying is somebody's words even when its subject is unnamed.
    "real": {"precision": 0.98, "recall": 0.92, "speaker_accuracy": 0.92, "terms_kept_out": 0.86},
}


@pytest.fixture(scope="module")
def gold() -> list[GoldDocument]:
    return load_gold(GOLD)


def test_gold_set_is_big_enough(gold: list[GoldDocument]) -> None:
    assert len(gold) >= 30
    assert sum(len(d.segments) for d in gold) >= 120
    written = [d for d in gold if d.id.startswith("w")]
    assert written, "the gold set must include documents written for the purpose"


def test_engine_meets_the_target_on_every_pattern(gold: list[GoldDocument]) -> None:
    report = evaluate(gold)
    failures = report.below_target(TARGET)
    errors = [f"{e.kind} {e.doc} {e.tags} {e.text[:60]!r}" for e in report.errors]
    assert not failures, "\n".join(failures + errors)


@pytest.mark.parametrize("name", sorted(FRESH_FLOORS))
def test_engine_holds_its_ground_on_the_fresh_sets(name: str) -> None:
    report = evaluate(load_gold(EVAL / name))
    assert report.segments >= 150
    figures = report.overall.figures()
    floors = FRESH_FLOORS[name]
    low = {k: figures[k] for k, floor in floors.items() if (figures[k] or 0) < floor}
    errors = [
        f"{e.kind} {e.doc} {e.text[:60]!r} ({e.expected!r} → {e.got!r})" for e in report.errors
    ]
    assert not low, f"{low}\n" + "\n".join(errors)


def _doc(*segments: Segment, paragraphs: list[str]) -> GoldDocument:
    return GoldDocument("t", Path("t.json"), paragraphs, list(segments))


def test_scorer_counts_misses_boundaries_and_wrong_speakers() -> None:
    paragraphs = [
        "“We will not stop until the law changes,” said Maria Lopez.",
        "Campaigners launched the report “Broken Promises” on Monday.",
    ]
    doc = _doc(
        Segment("We will not stop until the law changes,", "quote", "Maria Lopez", ("after-cue",)),
        Segment("Broken Promises", "term", None, ("term-title",)),
        paragraphs=paragraphs,
    )
    perfect = evaluate([doc])
    assert (perfect.overall.tp, perfect.overall.fp, perfect.overall.fn) == (1, 0, 0)
    assert perfect.overall.term_accuracy == 1.0

    def cut_and_wrong(paras: list[str], language: str | None = None) -> list[Quote]:
        quotes = extract_quotes(paras, language)
        for q in quotes:
            q.kind = "quote"
            q.speaker = "Someone Else"
            if q.text.startswith("We"):
                q.text = "We will not stop"
        return quotes

    bad = evaluate([doc], cut_and_wrong)
    # The cut quotation is both a miss and a spurious quote of the same pattern.
    assert bad.by_tag["after-cue"].fn == 1
    assert bad.by_tag["after-cue"].fp == 1
    assert bad.by_tag["term-title"].term_accuracy == 0.0
    assert bad.overall.tp == 0
    assert bad.below_target()

    def right_text_wrong_speaker(paras: list[str], language: str | None = None) -> list[Quote]:
        quotes = extract_quotes(paras, language)
        for q in quotes:
            q.speaker = "Someone Else"
        return quotes

    wrong = evaluate([doc], right_text_wrong_speaker)
    assert wrong.overall.tp == 1
    assert wrong.overall.speaker_accuracy == 0.0


def test_gold_loader_rejects_text_not_in_the_document(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "paragraphs": ["“Yes,” she said."],
                "segments": [
                    {"text": "No,", "kind": "quote", "speaker": None, "tags": ["after-cue"]}
                ],
            }
        )
    )
    with pytest.raises(GoldError, match="verbatim"):
        load_document(path)
    path.write_text(
        json.dumps(
            {
                "paragraphs": ["“Yes,” she said."],
                "segments": [{"text": "Yes,", "kind": "quote", "tags": ["invented-tag"]}],
            }
        )
    )
    with pytest.raises(GoldError, match="tags"):
        load_document(path)
