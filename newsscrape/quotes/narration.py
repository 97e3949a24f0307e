"""What the narration around a quotation with no cue of its own says about who speaks.

A participle of speech or a verb of judging reports the words of its clause's subject
("Trump criticised the ruling, saying “…”", "Amnesty has slammed the “utterly unacceptable”
hate"); narration just before a quotation reports who speaks next ("Paul Ng said the drought
was the worst yet." ¶ "“We lost half the herd.”"); a sentence with no verb of speech gives its
subject nobody's words.
"""

from __future__ import annotations

from itertools import pairwise

from newsscrape.quotes.cuewords import cue_words
from newsscrape.quotes.lexicon import current
from newsscrape.quotes.marks import Span
from newsscrape.quotes.mentions import Mention, parse_mention
from newsscrape.quotes.resolution import Resolver
from newsscrape.quotes.salience import Position, Speaker
from newsscrape.quotes.sentences import sentence_starts
from newsscrape.quotes.verbs import reads_as_noun, takes_infinitive


def participle(
    before: str, paragraph: str, span: Span, resolver: Resolver
) -> tuple[Speaker, str] | None:
    """ "Trump criticised the ruling, saying “…”": a participle of speech reports the words
    of the sentence's subject, and so does a verb of judging near the quotation ("X slammed
    the “utterly unacceptable” violence")."""
    lex = current()
    if not before or not lex.participle_cues:
        return None
    cue = _participle_cue(before)
    if cue is None:
        # "Amnesty International has slammed the “utterly unacceptable” hate": a verb of
        # judging or pledging close before the quotation, in its own clause (not "Even when
        # a police officer first called, Heidnik shrugged off the smell and “…”"), takes
        # the subject's own words.
        near = [w.strip(",.;:").lower() for w in before.rsplit(",", 1)[-1].split()[-8:]]
        cue = next((w for w in near if w in lex.stance_verbs), None)
    if cue is None:
        return None
    start = paragraph.rfind(before, 0, span.open_at)
    subject = resolver.sentence_subject(span.first, start, span.open_at)
    if subject is None:
        # "Trump criticised the ruling, saying…": a surname the article never writes whole.
        first = before.split()[0].strip(",.;:")
        if (
            first[:1].isupper()
            and first.lower() not in lex.common_starts
            and not first.endswith(("ing", "ed"))  # "Appearing before the court, …"
            and parse_mention(first).kind == "surname"
        ):
            subject = resolver.surname(Mention(first, "surname", name=first), (span.first, start))
    if subject is None or subject.name is None:
        return None
    return subject, cue


def _participle_cue(before: str) -> str | None:
    """The participle of speech whose clause runs on to the quotation ("…, saying the plan
    would “…”"), not one whose clause ended before it ("…, saying there was a woman in the
    basement, but people felt it was “…”"): a comma and a connective, or a semicolon, end it."""
    lex = current()
    tokens = before.split()
    for i in range(len(tokens) - 1, -1, -1):
        if tokens[i].strip(",.;:").lower() in lex.participle_cues:
            tail = tokens[i:]
            broken = any(
                t.endswith(";") or (t.endswith(",") and n.lower() in lex.connectives)
                for t, n in pairwise(tail)
            )
            return None if broken else tokens[i].strip(",.;:").lower()
    return None


def _reports_speech(sentence: str) -> bool:
    """Whether a sentence has a verb of speech, of judging or a participle of speech."""
    lex = current()
    if any(not takes_infinitive(sentence, cue) for cue in cue_words(sentence)):
        return True
    words = {w.strip(",.;:").lower() for w in sentence.split()}
    return not words.isdisjoint(lex.stance_verbs) or not words.isdisjoint(lex.participle_cues)


def clause_reports_words(before: str) -> bool:
    """Whether the clause a quotation sits in (after the last comma before it) has a verb of
    saying, thinking or judging: "Kristersson admitted he was concerned about the “…”".
    A noun is no verb ("the tweets", "from claims": after an article, possessive or
    preposition), and a passive ("Bard College was declared “…”") gives its subject no
    words."""
    lex = current()
    clause = before.rsplit(",", 1)[-1]
    passive = lex.grammar("passive")

    def verb_at(start: int) -> bool:
        if reads_as_noun(clause, start):
            return False
        return (
            passive is None or passive.search(clause[max(0, start - 40) : start].rstrip()) is None
        )

    for cue in cue_words(clause):
        if verb_at(cue.start()) and not takes_infinitive(clause, cue):
            return True
    at = 0
    for word in clause.split():
        at = clause.find(word, at)
        bare = word.strip(",.;:").lower()
        if (bare in lex.stance_verbs or bare in lex.participle_cues) and verb_at(at):
            return True
        at += len(word)
    return False


def narrated(
    span: Span, before: str, resolver: Resolver, previous_end: Position | None
) -> tuple[object, Speaker] | None:
    """Who the narration since the previous quotation reports as speaking, for a quotation
    with no cue of its own: the last subject of reported speech or of a sentence before it,
    in its paragraph or the one before; inside a sentence, that sentence's subject only."""
    at = (span.first, span.open_at)
    # "Specifically on July 9 and 10, “…”": the grammar's `opening_phrase`, no subject.
    opening_phrase = current().grammar("opening_phrase")
    opening = opening_phrase is not None and opening_phrase.fullmatch(before) is not None
    if before and not opening:
        start = resolver.paragraphs[span.first].rfind(before, 0, span.open_at)
        if previous_end is not None and previous_end >= (span.first, start):
            return None  # “…,” she said, “…”: the quotation her words were interrupted in
        subject = resolver.sentence_subject(span.first, start, span.open_at)
        if subject is not None and not before.endswith(":") and not _reports_speech(before):
            # "…, Heidnik took her back to his house where he “came up behind me…”": a
            # subject that is not said to speak, think or judge gives nobody the words (a
            # colon introduces them whatever the verb: "Roe is blunt: “…”").
            subject = None
        if subject is None:  # "MPs have to declare “any interest…”": nobody is quoted
            subject = Speaker(None, None, None, None, False)
        return (span.first, start), subject
    # Only the last sentence before the quotation counts: narration that has moved on to
    # something else ("…, Amnesty International said. Today’s arrests were…") introduces
    # nobody.
    since = _last_sentence(resolver.paragraphs, span)
    if previous_end is not None:
        since = max(since, previous_end)
    events = resolver.narration_between(since, at)
    return events[-1] if events else None


def _last_sentence(paragraphs: list[str], span: Span) -> tuple[int, int]:
    """Where the sentence before a quotation starts: in its paragraph, else the previous."""
    head = paragraphs[span.first][: span.open_at].rstrip()
    if head:
        return span.first, sentence_starts(head)[-1] - 1
    if span.first == 0:
        return 0, -1
    return span.first - 1, sentence_starts(paragraphs[span.first - 1].rstrip())[-1] - 1
