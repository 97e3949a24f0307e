"""Measure the quote engine against the hand-annotated gold set in `eval/gold/`.

Every figure the project quotes about extraction accuracy comes from here, so the scoring
rules are spelled out (and documented in eval/README.md):

- A predicted item and a gold segment *match* when their word tokens overlap with a Dice
  coefficient of at least `MATCH_THRESHOLD`; pairs are made greedily, best overlap first,
  one to one. Tokens ignore case, punctuation and quotation marks, so a missing trailing
  comma is not an error but a quotation cut in half is.
- Quotes: a gold quote matched by a predicted quote is a true positive; a gold quote left
  unmatched (or matched by something the engine called a term) is a false negative; a
  predicted quote matched to nothing, or to a gold term, is a false positive.
- Speaker accuracy is over true positives: the predicted speaker equals the gold speaker
  after case and whitespace folding (`null` equals `null`).
- Per tag: a segment counts under each of its tags. A false positive is charged to the tags
  of the gold segment it overlaps most, or to `(unannotated)` when it overlaps none, so a
  boundary error shows up against the pattern that caused it.
- Terms (negatives) are scored as the share kept out of the quotes.

Run it with `make eval` or `python -m newsscrape.quotes.evaluate eval/gold [--errors]`.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsscrape.quotes.extract import Quote, extract_quotes

MATCH_THRESHOLD = 0.9
TARGET = 0.95
OPENING_MARKS = '“"‘«„‹'
KINDS = ("quote", "term")
TAGS = frozenset((
    "after-cue", "colon-intro", "title-cut", "subheading", "title-name", "before-cue",
    "second-sentence", "interrupted", "multi-paragraph", "continuation", "unattributed",
    "full-name", "surname", "pronoun", "org-speaker", "unnamed", "embedded-phrase",
    "straight", "single", "guillemets", "low-high", "mixed-marks", "doubled-marks",
    "apostrophe", "nested", "term-title", "term-scare", "term-charge", "term-word",
    "role", "document", "narration-before",
))  # fmt: skip
UNANNOTATED = "(unannotated)"
_TOKEN = re.compile(r"\w+", re.UNICODE)


class GoldError(ValueError):
    """A gold document that breaks the format, with the file and the reason."""


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    kind: str
    speaker: str | None
    tags: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    path: Path
    paragraphs: list[str]
    segments: list[Segment]
    language: str = "en"


def _joined_spans(paragraphs: list[str]) -> Iterable[str]:
    """Every run of consecutive paragraphs as a multi-paragraph quotation would join them."""
    for i in range(len(paragraphs)):
        parts = [paragraphs[i]]
        yield parts[0]
        for nxt in paragraphs[i + 1 :]:
            parts.append(nxt.lstrip(OPENING_MARKS))
            yield " ".join(parts)


def load_document(path: Path) -> GoldDocument:
    """Read and check one gold file; a broken annotation must fail loudly, not score 0."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: {exc}") from exc
    paragraphs = data.get("paragraphs")
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        raise GoldError(f"{path}: 'paragraphs' must be a list of strings")
    segments = []
    spans = list(_joined_spans(paragraphs))
    for n, raw in enumerate(data.get("segments", []), 1):
        where = f"{path}: segment {n}"
        kind = raw.get("kind")
        if kind not in KINDS:
            raise GoldError(f"{where}: kind must be one of {KINDS}, not {kind!r}")
        text = raw.get("text", "")
        if not text or not any(text in span for span in spans):
            raise GoldError(f"{where}: text does not occur verbatim: {text[:60]!r}")
        tags = tuple(raw.get("tags", ()))
        unknown = set(tags) - TAGS
        if not tags or unknown:
            raise GoldError(f"{where}: unknown or missing tags {sorted(unknown)}")
        speaker = raw.get("speaker")
        if kind == "term" and speaker is not None:
            raise GoldError(f"{where}: a term has no speaker")
        segments.append(Segment(text, kind, speaker, tags, raw.get("note")))
    language = str(data.get("language") or "en")
    return GoldDocument(str(data.get("id") or path.stem), path, paragraphs, segments, language)


def load_gold(directory: Path) -> list[GoldDocument]:
    files = sorted(directory.glob("*.json"))
    if not files:
        raise GoldError(f"{directory}: no gold documents (*.json)")
    return [load_document(path) for path in files]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def dice(a: list[str], b: list[str]) -> float:
    """Multiset Dice overlap of two token lists: 1.0 identical, 0.0 disjoint."""
    if not a or not b:
        return 0.0
    counts: dict[str, int] = defaultdict(int)
    for tok in a:
        counts[tok] += 1
    common = 0
    for tok in b:
        if counts[tok] > 0:
            counts[tok] -= 1
            common += 1
    return 2 * common / (len(a) + len(b))


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    def fold(name: str | None) -> str | None:
        return " ".join(name.casefold().split()) if name else None

    return fold(predicted) == fold(gold)


@dataclass(slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_right: int = 0
    terms: int = 0
    terms_kept_out: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float | None:
        return self.speaker_right / self.tp if self.tp else None

    @property
    def term_accuracy(self) -> float | None:
        return self.terms_kept_out / self.terms if self.terms else None

    def figures(self) -> dict[str, float | None]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "speaker_accuracy": self.speaker_accuracy,
            "terms_kept_out": self.term_accuracy,
        }


@dataclass(slots=True)
class Error:
    doc: str
    kind: str  # "missed" | "spurious" | "speaker" | "term-as-quote"
    tags: tuple[str, ...]
    text: str
    expected: str | None = None
    got: str | None = None
    pattern: str | None = None


@dataclass(slots=True)
class Report:
    documents: int = 0
    segments: int = 0
    overall: Counts = field(default_factory=Counts)
    by_tag: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    errors: list[Error] = field(default_factory=list)

    def below_target(self, target: float = TARGET) -> list[str]:
        """Every figure under target, as 'tag: name value' lines (empty when all pass)."""
        failures = []
        for tag, counts in [("overall", self.overall), *sorted(self.by_tag.items())]:
            for name, value in counts.figures().items():
                if value is not None and value < target:
                    failures.append(f"{tag}: {name} {value:.3f}")
        return failures


def _pairs(gold: list[Segment], predicted: list[Quote]) -> list[tuple[int, int, float]]:
    """One-to-one matches (gold index, predicted index, overlap), best overlap first."""
    gold_tokens = [tokens(s.text) for s in gold]
    pred_tokens = [tokens(q.text) for q in predicted]
    scored = sorted(
        (
            (dice(g, p), gi, pi)
            for gi, g in enumerate(gold_tokens)
            for pi, p in enumerate(pred_tokens)
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for overlap, gi, pi in scored:
        if overlap <= 0 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi, overlap))
    return pairs


def score_document(
    doc: GoldDocument,
    report: Report,
    extractor: Callable[..., list[Quote]] = extract_quotes,
) -> None:
    predicted = extractor(doc.paragraphs, doc.language)
    report.documents += 1
    report.segments += len(doc.segments)
    matched_gold: dict[int, int] = {}
    overlap_of: dict[int, tuple[int, float]] = {}
    for gi, pi, overlap in _pairs(doc.segments, predicted):
        if overlap >= MATCH_THRESHOLD:
            matched_gold[gi] = pi
        else:
            overlap_of[pi] = (gi, overlap)
    matched_pred = set(matched_gold.values())

    def bump(tags: Iterable[str], attr: str) -> None:
        setattr(report.overall, attr, getattr(report.overall, attr) + 1)
        for tag in tags:
            counts = report.by_tag[tag]
            setattr(counts, attr, getattr(counts, attr) + 1)

    for gi, seg in enumerate(doc.segments):
        pred = predicted[matched_gold[gi]] if gi in matched_gold else None
        if seg.kind == "term":
            bump(seg.tags, "terms")
            if pred is not None and pred.kind == "quote":
                bump(seg.tags, "fp")
                report.errors.append(
                    Error(doc.id, "term-as-quote", seg.tags, seg.text, pattern=pred.pattern)
                )
            else:
                bump(seg.tags, "terms_kept_out")
            continue
        if pred is None or pred.kind != "quote":
            bump(seg.tags, "fn")
            report.errors.append(Error(doc.id, "missed", seg.tags, seg.text, seg.speaker))
            continue
        bump(seg.tags, "tp")
        if same_speaker(pred.speaker, seg.speaker):
            bump(seg.tags, "speaker_right")
        else:
            report.errors.append(
                Error(
                    doc.id, "speaker", seg.tags, seg.text, seg.speaker, pred.speaker, pred.pattern
                )
            )
    for pi, pred in enumerate(predicted):
        if pred.kind != "quote" or pi in matched_pred:
            continue
        tags: tuple[str, ...] = (UNANNOTATED,)
        if pi in overlap_of:
            tags = doc.segments[overlap_of[pi][0]].tags
        bump(tags, "fp")
        report.errors.append(
            Error(doc.id, "spurious", tags, pred.text, got=pred.speaker, pattern=pred.pattern)
        )


def evaluate(
    documents: Iterable[GoldDocument],
    extractor: Callable[..., list[Quote]] = extract_quotes,
) -> Report:
    report = Report()
    for doc in documents:
        score_document(doc, report, extractor)
    return report


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def print_report(report: Report, show_errors: bool = False, target: float = TARGET) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 110))
    table = Table(
        title=f"Quote engine on {report.documents} gold documents, {report.segments} segments"
    )
    for column in ("pattern", "gold", "TP", "FP", "FN", "P", "R", "F1", "speaker", "terms out"):
        table.add_column(column, justify="left" if column == "pattern" else "right")
    rows = [("overall", report.overall), *sorted(report.by_tag.items())]
    for name, c in rows:
        table.add_row(
            name,
            str(c.tp + c.fn + c.terms),
            str(c.tp),
            str(c.fp),
            str(c.fn),
            _fmt(c.precision),
            _fmt(c.recall),
            _fmt(c.f1),
            _fmt(c.speaker_accuracy),
            _fmt(c.term_accuracy),
            end_section=name == "overall",
        )
    console.print(table)
    if show_errors:
        for err in report.errors:
            detail = ""
            if err.kind == "speaker":
                detail = f" expected {err.expected!r}, got {err.got!r}"
            elif err.kind == "missed":
                detail = f" (speaker {err.expected!r})"
            console.print(
                f"[bold]{err.kind}[/] {err.doc} [{', '.join(err.tags)}]"
                f" rule={err.pattern}{detail}: {err.text[:90]!r}",
                highlight=False,
            )
    failures = report.below_target(target)
    if failures:
        console.print(f"[red]Below {target}:[/] " + "; ".join(failures), highlight=False)
    else:
        console.print(f"[green]Every figure at or above {target}.[/]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default="eval/gold", type=Path)
    parser.add_argument("--errors", action="store_true", help="list every error")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--target", type=float, default=TARGET,
        help="exit 1 when a figure is below this (0: only report, for a held-out set)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        report = evaluate(load_gold(args.gold))
    except GoldError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        data: dict[str, Any] = {
            "documents": report.documents,
            "segments": report.segments,
            "overall": report.overall.figures(),
            "by_tag": {tag: c.figures() for tag, c in sorted(report.by_tag.items())},
        }
        print(json.dumps(data, indent=2))
    else:
        print_report(report, args.errors, args.target)
    return 1 if report.below_target(args.target) else 0


if __name__ == "__main__":
    raise SystemExit(main())
