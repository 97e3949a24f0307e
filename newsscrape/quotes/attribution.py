"""Attribution: for each quotation, the first rule that names who said it.

The `pattern` field of a result names the rule, so errors can be counted per rule:

- `after-cue`: `…,” said Name, Title.` / `…,” Name said.` / `…,” she said.`
- `colon-intro`: a clause ending in a colon introduces the quotation, in the same paragraph
  or as the paragraph before (a title cut by a paragraph break, a subheading in between).
- `before-cue`: `Name said that “…”`, `According to Name, “…”`, a cue earlier in the sentence.
- `embedded`: a phrase the speaker used: `Name called the ruling “regrettable”`.
- `cataphora`: a standalone quotation whose speaker the next paragraph names ("With these
  words, the Minister of Health opened…").
- `narration`: no cue of its own; the speaker is whom the narration just before reports, or
  the subject of the quotation's own sentence (or nobody).
- `same-paragraph`: a second quoted sentence right after an attributed one.
- `same-sentence`: a later quotation in a sentence already attributed, nothing between.
- `continuation`: a quotation opening the paragraph after a quoted paragraph.
- `inherited`: an unattributed quotation later in the text takes the last speaker (lower
  confidence).
- `none`: no rule names anyone (a subheading in capitals, a phrase nobody is named for).

Quoted titles, scare quotes and names of charges come back with kind "term".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from newsscrape.extraction.boilerplate import is_boilerplate
from newsscrape.quotes import cues
from newsscrape.quotes.lexicon import current, using
from newsscrape.quotes.marks import Span, find_spans
from newsscrape.quotes.mentions import Mention, reading
from newsscrape.quotes.narration import clause_reports_words
from newsscrape.quotes.narration import narrated as narrated_by
from newsscrape.quotes.narration import participle as participle_of
from newsscrape.quotes.neighbours import (
    attribute_pieces,
    cataphora,
    is_heading,
    role_holder,
    same_sentence,
    split_conflicting,
)
from newsscrape.quotes.quote import CONFIDENCE, Quote, make_quote
from newsscrape.quotes.resolution import Resolver
from newsscrape.quotes.salience import Speaker
from newsscrape.quotes.sentences import sentence_after, sentence_before
from newsscrape.quotes.terms import in_term_context, is_term, names_something

# Whitespace runs in a paragraph collapse to one space before it is read: the extractor
# stores paragraphs so already, and a run of thousands of spaces is no sentence.
# The lookahead lets the matcher skip to whitespace (3x faster on ordinary paragraphs).
_SPACES = re.compile(r"(?=\s)(?:\s{2,}+|[\t\n\r\f\v])")


def extract_quotes(paragraphs: list[str], language: str | None = None) -> list[Quote]:
    """Every quotation in the paragraphs, attributed; never raises on text.

    `language` is the article's (a BCP 47 tag such as "en-GB"; None is read as English):
    it chooses the lexicon, and no other language's rules run on the text.
    """
    # Furniture between paragraphs ("READ MORE: …", "(Photo: Jo Roe/AFP)") is never speech,
    # a speaker or an antecedent: left out, so a quotation running across it stays one, and
    # the quotes' paragraph numbers are mapped back to the input's.
    kept = [i for i, p in enumerate(paragraphs) if p and not is_boilerplate(p, language)]
    text = [_one_spaced(paragraphs[i]) for i in kept]
    quotes = _extract(text, language)
    for quote in quotes:
        quote.paragraph_start = kept[quote.paragraph_start]
        quote.paragraph_end = kept[quote.paragraph_end]
    return quotes


def _one_spaced(paragraph: str) -> str:
    """Runs of whitespace as one space. A printable text holds no whitespace but the space
    (tabs, newlines and Unicode spaces are not printable), so with no double space it is
    already clean: one C-level test instead of a regex scan of every paragraph."""
    if "  " not in paragraph and paragraph.isprintable():
        return paragraph
    return _SPACES.sub(" ", paragraph)


def _extract(paragraphs: list[str], language: str | None) -> list[Quote]:
    """The engine proper, on paragraphs already cleaned, in one language."""
    with using(language), reading():
        spans = [
            part for span in find_spans(paragraphs) for part in split_conflicting(span, paragraphs)
        ]
        resolver = Resolver(paragraphs, spans)
        quotes: list[Quote] = []
        previous: Quote | None = None
        previous_speaker: Speaker | None = None
        for span in spans:
            quote, speaker = _attribute(span, paragraphs, resolver, previous, previous_speaker)
            quotes.append(quote)
            if quote.kind == "quote":
                previous, previous_speaker = quote, speaker
        attribute_pieces(quotes, paragraphs)
        return quotes


def _attribute(
    span: Span,
    paragraphs: list[str],
    resolver: Resolver,
    previous: Quote | None,
    previous_speaker: Speaker | None,
) -> tuple[Quote, Speaker | None]:
    """The first rule that attributes a quotation, in order: a naming context makes it a term;
    a colon introduction wins over what follows; a text that reads itself has no speaker; a
    quotation running on or closing its sentence belongs to the cue before it; else the
    cue after it, the cue before it, a colon paragraph before, cataphora; then a participle
    or verb of judging (the subject), narration since the last quotation, continuation,
    a short term, inheritance. The pattern that decided is recorded on the quote."""
    raw = span.text(paragraphs)
    text = raw.rstrip(",").strip()
    first = paragraphs[span.first]
    before = sentence_before(first, span.open_at)
    after = sentence_after(paragraphs[span.last], span.close_at) if span.closed else ""

    found: tuple[Mention, str, str] | None = None
    before_cue = _once(lambda: cues.before(before))  # read once, when first asked for
    if is_heading(span, paragraphs, text):
        # "‘WE HAD PLANS AFTER RETIREMENT’" as a paragraph of its own: a subheading quoting
        # someone it does not name.
        return make_quote(span, text, None, None, "quote", "none", CONFIDENCE["none"]), None
    if names_something(before, text) or (len(text.split()) <= 4 and in_term_context(before)):
        # A name, not speech, whoever is the subject: "which it calls the “transparency
        # law”", "banners reading “No to the Russian law”", "its report “Bitter Harvest”",
        # "its ‘Coastal Homes Move’ relocation scheme"; a short phrase after a charge or a
        # naming word ("accused of “terrorism”", however the sentence ends).
        return make_quote(span, text, None, None, "term", "term", 0.85), None
    # "Name said: “…” Then, she said." The colon introduces this quotation; what follows
    # it is another sentence.
    colon = before_cue() if before.endswith(":") else None
    if colon is not None:
        found = colon
    elif cues.reads(after):
        # "“All persons born…,” it reads.": a text quoted, no speaker.
        found = (Mention(after, "unnamed"), "reads", "after-cue")
    elif (cues.runs_on(raw, after) or (before and raw.rstrip().endswith("."))) and (
        hit2 := before_cue()
    ) is not None:
        # "…warned that the plan would “bulldoze neighborhoods.” The campaign said…": a
        # quotation closing its sentence belongs to the cue before it, not the next one.
        found = hit2
    elif (hit := cues.after(after)) is not None:
        if hit[1] == "according to" and in_term_context(before):
            # "charged with “petty hooliganism”, according to the lawyers": a source of the
            # news, not the speaker of a phrase.
            return make_quote(span, text, None, None, "term", "term", 0.8), None
        found = (hit[0], hit[1], "after-cue")
    elif (hit2 := before_cue()) is not None:
        found = hit2
    elif (
        not before
        and (intro := cues.colon_paragraph(paragraphs, span.first)) is not None
        and (hit := cues.intro(intro)) is not None
    ):
        found = (hit[0], hit[1], "colon-intro")
    elif not before and not after and (hit := cataphora(paragraphs, span.last)) is not None:
        found = (hit, "words", "cataphora")

    participle = participle_of(before, first, span, resolver) if found is None else None
    speaker: Speaker | None = None
    cue: str | None = None
    narrated = None
    # Within a sentence a term-like quotation is a term whoever the narration reports (see
    # below): the narration need not be read.
    term_in_sentence = False
    if found is None and participle is None:
        term_in_sentence = bool(before) and is_term(text, before) and not _reported(text, before)
    if found is None and participle is None and not term_in_sentence:
        narrated = narrated_by(
            span,
            before,
            resolver,
            (previous.paragraph_end, previous.char_end) if previous else None,
        )
    if found is not None:
        mention, cue, pattern = found
        at = (span.last, span.close_at) if pattern == "after-cue" else (span.first, span.open_at)
        speaker = resolver.resolve(mention, at)
        if pattern == "cataphora" and speaker.name is None:
            speaker = role_holder(paragraphs, mention) or speaker
        kind = "quote"
    elif participle is not None:
        speaker, cue = participle
        pattern, kind = "before-cue", "quote"
        resolver.remember(speaker, (span.first, span.open_at))
    elif narrated is not None:
        # Narration since the last quotation reports who speaks: "Tauqeer Ahmed says the
        # problem is the effort." ¶ "“Commercially, it doesn’t make sense.”"; a quotation
        # inside a sentence with no cue belongs to the sentence's subject, if anyone. A short
        # phrase is a term unless its clause reports words ("Local reporters have said a
        # “loud bang” was heard": somebody's, if nobody named).
        pattern, speaker, kind = "narration", narrated[1], "quote"
        if (
            (before or speaker.name is None)
            and is_term(text, before)
            and not _reported(text, before)
        ):
            return make_quote(span, text, None, None, "term", "term", 0.8), None
    elif previous_speaker and same_sentence(span, first, before, previous):
        # "He described … as a form of “digital terrorism” aimed at … by spreading “lies”":
        # the sentence's quotations share the attribution, none other intervening.
        pattern, speaker, kind = "same-sentence", previous_speaker, "quote"
    elif term_in_sentence:
        return make_quote(span, text, None, None, "term", "term", 0.8), None
    elif previous is not None and previous.paragraph_end == span.first and not before:
        # However short, a quotation opening the sentence right after an attributed one in
        # the same paragraph continues it ("…,” Njeri said. “Tonight I will.”).
        pattern, speaker, kind = "same-paragraph", previous_speaker, "quote"
    elif is_term(text, before):
        return make_quote(span, text, None, None, "term", "term", 0.8), None
    elif previous is not None and previous.paragraph_end == span.first - 1 and not before:
        pattern, speaker, kind = "continuation", previous_speaker, "quote"
    elif previous is not None:
        pattern, speaker, kind = "inherited", previous_speaker, "quote"
    else:
        pattern, kind = "none", "quote"
    confidence = CONFIDENCE[pattern]
    if found is not None and found[0].kind in ("pronoun", "surname"):
        confidence -= 0.05
    return make_quote(span, text, speaker, cue, kind, pattern, confidence), speaker


def _reported(text: str, before: str) -> bool:
    """A short phrase in the clause of a verb of saying, thinking or judging is somebody's
    words ("Kristersson admitted he was concerned about the “very serious” revelations"),
    where the same phrase in plain narration is a scare quote; a naming or charge context
    ("charged with “…”") still makes it a term, and so does a preposition right before it.
    """
    last = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
    if last in current().prepositions:
        return False  # "the practice of “scooping up”": a noun phrase named, not quoted
    return not in_term_context(before) and clause_reports_words(before)


def _once(compute: Callable[[], Any]) -> Callable[[], Any]:
    """A value computed on first use only (lighter than functools.cache, made per quotation)."""
    box: list[Any] = []

    def get() -> Any:
        if not box:
            box.append(compute())
        return box[0]

    return get
