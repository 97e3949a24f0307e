"""How a quotation relates to the quotations and paragraphs around it: a quotation left
open that another speaker's closes (split), one running on into the next one's attribution,
two in one sentence, a subheading in capitals, and a standalone quotation that the next
paragraph attributes ("With these words, the Minister…": cataphora).
"""

from __future__ import annotations

from itertools import pairwise

from newsscrape.quotes import cues
from newsscrape.quotes.cuewords import cue_words
from newsscrape.quotes.lexicon import current
from newsscrape.quotes.marks import Span
from newsscrape.quotes.mentions import Mention, parse_mention
from newsscrape.quotes.quote import CONFIDENCE, Quote
from newsscrape.quotes.salience import Speaker
from newsscrape.quotes.sentences import SENTENCE_END, TERMINAL, sentence_after, sentence_before
from newsscrape.quotes.terms import in_term_context


def attribute_pieces(quotes: list[Quote], paragraphs: list[str]) -> None:
    """ "“…” inside Myanmar “…”, too, says Rhoads.": a quotation with no cue of its own whose
    sentence runs on into the next quotation takes that quotation's attribution after it
    (nothing but narration without a speech verb between them)."""
    for quote, following in pairwise(quotes):
        if (
            quote.pattern not in ("none", "inherited", "same-sentence")
            or following.pattern != "after-cue"
            or following.kind != "quote"
            or quote.paragraph_end != following.paragraph_start
        ):
            continue
        between = paragraphs[quote.paragraph_end][quote.char_end : following.char_start]
        if SENTENCE_END.search(between) or next(cue_words(between), None) is not None:
            continue
        if quote.text.rstrip().endswith(TERMINAL):
            continue  # "“We lost.” Then “…,” she said.": two sentences
        for name in ("speaker", "speaker_kind", "mention", "title", "organisation", "cue"):
            setattr(quote, name, getattr(following, name))
        quote.pattern, quote.confidence = "after-cue", CONFIDENCE["same-sentence"]


def is_heading(span: Span, paragraphs: list[str], text: str) -> bool:
    """A quotation in capitals that is its paragraph, all of it: a subheading."""
    paragraph = paragraphs[span.first].strip()
    return (
        len(span.pieces) == 1
        and span.closed
        and len(text) >= 2
        and text.isupper()
        and len(paragraph) - len(text) <= 4  # the marks, a stop
    )


def same_sentence(span: Span, paragraph: str, before: str, previous: Quote | None) -> bool:
    """Whether the previous quotation stands earlier in this quotation's sentence, with no
    speech verb, naming or charge word between them."""
    if previous is None or previous.kind != "quote" or previous.paragraph_end != span.first:
        return False
    start = paragraph.rfind(before, 0, span.open_at) if before else span.open_at
    if not before or previous.char_end < start:
        return False
    between = paragraph[previous.char_end : span.open_at]
    return next(cue_words(between), None) is None and not in_term_context(before)


def split_conflicting(span: Span, paragraphs: list[str]) -> list[Span]:
    """A named attribution at the end that differs from the intro starts a new quotation.

    The press convention joins an unclosed paragraph to the next one that opens with a mark;
    when that next paragraph names another speaker ("“…,” said Y."), the first quotation
    simply was not closed (often an excerpt cut short).
    """
    if len(span.pieces) < 2 or not span.closed:
        return [span]
    last = span.pieces[-1]
    intro_text = cues.colon_paragraph(paragraphs, span.first)
    if intro_text is None:
        intro_text = sentence_before(paragraphs[span.first], span.open_at)
    early = cues.intro(intro_text) if intro_text and intro_text.endswith(":") else None
    named = ("person", "org")
    if not (early and early[0].kind in named):
        return [span]
    late = cues.after(sentence_after(paragraphs[last.paragraph], span.close_at))
    if not (late and late[0].kind in named):
        return [span]
    if (late[0].name or late[0].organisation) == (early[0].name or early[0].organisation):
        return [span]
    head = Span(
        span.pieces[:-1], span.kind, False, span.open_at, len(paragraphs[last.paragraph - 1])
    )
    tail = Span([last], span.kind, True, max(last.start - 1, 0), span.close_at)
    return [head, tail]


def cataphora(paragraphs: list[str], last: int) -> Mention | None:
    """The paragraph after a standalone quotation names who said it ("With these words…")."""
    # "“…” ¶ With these words, the Minister of Health opened…": the grammar's `cataphora`.
    cataphora = current().grammar("cataphora")
    if last + 1 >= len(paragraphs) or cataphora is None:
        return None
    match = cataphora.match(paragraphs[last + 1].strip())
    if not match:
        return None
    mention = parse_mention(match["np"])
    # "the Minister of Health": a role, resolved to its holder by `_role_holder`.
    return mention if mention.kind != "unknown" else Mention(match["np"], "unnamed")


def role_holder(paragraphs: list[str], mention: Mention) -> Speaker | None:
    """The person the article names in a role ("the Minister of Health" → the name written
    next to "Minister of Health"), for a speaker first referred to by role only."""
    role = mention.text.strip()
    if (article := current().grammar("role_article")) is not None:
        role = article.sub("", role)  # "the Minister of Health": "Minister of Health"
    if len(role.split()) < 2:
        return None
    for text in paragraphs:
        at = text.find(role)
        if at < 0:
            continue
        found = parse_mention(text[at:].split(":")[0][:160])
        if found.kind == "person" and found.name:
            return Speaker(found.name, mention.text, found.title, found.organisation, True)
    return None
