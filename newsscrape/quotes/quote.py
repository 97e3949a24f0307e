"""A quotation as the engine hands it out: its text, kind, speaker, the rule that decided
and how sure that rule is (CONFIDENCE, by rule), and where it stands in the paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from newsscrape.quotes.marks import Span
from newsscrape.quotes.names import regnal_name
from newsscrape.quotes.salience import Speaker

CONFIDENCE = {
    "after-cue": 0.95,
    "colon-intro": 0.95,
    "before-cue": 0.9,
    "embedded": 0.85,
    "cataphora": 0.8,
    "same-paragraph": 0.9,
    "same-sentence": 0.8,
    "continuation": 0.85,
    "narration": 0.75,
    "inherited": 0.6,
    "none": 0.3,
}


@dataclass(slots=True)
class Quote:
    """One direct quote (or, with kind "term", a quoted phrase that is not speech)."""

    text: str
    speaker: str | None
    speaker_kind: str | None  # "person" | "org" | None
    mention: str | None
    title: str | None
    organisation: str | None
    cue: str | None
    kind: str
    pattern: str
    confidence: float
    paragraph_start: int
    paragraph_end: int
    char_start: int
    char_end: int

    def as_dict(self) -> dict[str, Any]:
        # Every field is a scalar: a flat dict, without asdict's deep copy (6x slower).
        return {name: getattr(self, name) for name in _QUOTE_FIELDS}


_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))


def make_quote(
    span: Span,
    text: str,
    speaker: Speaker | None,
    cue: str | None,
    kind: str,
    pattern: str,
    confidence: float,
) -> Quote:
    """A Quote from a span and the speaker it was given."""
    if speaker and speaker.name and (regnal := regnal_name(speaker.name)):
        # "King Charles" speaks as Charles, titled King, as "President Roe" is Roe.
        title, name = regnal
        speaker = Speaker(name, speaker.mention, speaker.title or title, speaker.organisation, True)
    return Quote(
        text=text,
        speaker=speaker.name if speaker else None,
        speaker_kind=("person" if speaker.is_person else "org")
        if speaker and speaker.name
        else None,
        mention=speaker.mention if speaker else None,
        title=speaker.title if speaker else None,
        organisation=speaker.organisation if speaker else None,
        cue=cue,
        kind=kind,
        pattern=pattern,
        confidence=round(confidence, 2),
        paragraph_start=span.first,
        paragraph_end=span.last,
        char_start=span.pieces[0].start,
        char_end=span.pieces[-1].end,
    )
