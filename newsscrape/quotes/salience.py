"""Who the article is talking about, paragraph by paragraph: the candidates a pronoun, a
surname or "the company" can stand for.

Salience by position: a pronoun refers to the person most recently *said to speak* before
it, whether as the speaker of a quotation or as the subject of reported speech ("Dr.
Fatoumata Traoré, who led the trial site, said families had walked…" makes her the referent
of a later "she said"), or as the subject of a sentence ("Raghavan rejected…"). Names merely
mentioned (objects, places) are not candidates. Paragraphs are parsed on demand, walking
back from the mention, so most mentions never parse more than the paragraph they are in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from newsscrape.quotes.cuewords import (
    MAX_CUES_PER_PARAGRAPH,
    clean_np,
    cue_words,
    np_length,
    patterns,
)
from newsscrape.quotes.lexicon import current
from newsscrape.quotes.marks import Span
from newsscrape.quotes.mentions import Mention, parse_mention
from newsscrape.quotes.runs import find_names
from newsscrape.quotes.sentences import (
    sentence_after,
    sentence_before,
    sentence_starts,
)
from newsscrape.quotes.subjects import subject_mention
from newsscrape.quotes.verbs import reports

Position = tuple[int, int]  # (paragraph, character offset)


@dataclass(slots=True)
class Speaker:
    """Who a mention stands for: a name (None when unnamed) and what is known of them."""

    name: str | None
    mention: str | None
    title: str | None
    organisation: str | None
    is_person: bool
    gender: str | None = None  # "male" | "female" when the text or the name tells


def copy(speaker: Speaker, mention: str) -> Speaker:
    return Speaker(
        speaker.name, mention, speaker.title, speaker.organisation, speaker.is_person,
        speaker.gender,
    )  # fmt: skip


# Paragraphs parsed one inside another (a pronoun subject looks back into the paragraph before,
# whose pronoun subject looks back further): bounded, so no text can exhaust the stack.
MAX_CHAIN = 40


class Salience:
    """The candidates of an article: speakers of quotations so far, and reported speech."""

    def __init__(self, paragraphs: list[str], spans: Sequence[Span] = ()) -> None:
        self.paragraphs = paragraphs
        # What is inside quotation marks, by paragraph: a cue in there ("A mother asked me,
        # …" inside a quotation) is the quoted speaker's story, not the article's.
        self._quoted: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            for piece in span.pieces:
                self._quoted.setdefault(piece.paragraph, []).append((piece.start, piece.end))
        self._names: dict[int, list[str]] = {}
        self._run_names: dict[str, str | None] = {}
        # Speakers of quotations so far, and reported speech, by paragraph.
        self.spoken: dict[int, list[tuple[Position, Speaker]]] = {}
        self._reported: dict[int, list[tuple[Position, Speaker]]] = {}
        self._depth = 0  # paragraphs being parsed, one inside another

    def names_in(self, p: int) -> list[str]:
        """The person names written in paragraph `p`, in order (cached)."""
        if p not in self._names:
            self._names[p] = find_names(self.paragraphs[p], self._run_names)
        return self._names[p]

    def inside_quotation(self, p: int, at: int) -> bool:
        """Whether a position is inside one of the paragraph's quotations."""
        return any(a <= at < b for a, b in self._quoted.get(p, ()))

    def reported_speech(self, p: int) -> list[tuple[Position, Speaker]]:
        """Subjects of speech in paragraph `p` outside quotations: "X said the court…", and
        sentence subjects ("The Hellenic Coast Guard did not respond…", "Raghavan
        rejected…", "She has already sold her field."), which a later pronoun or an
        unattributed quotation may stand for. Unnamed people ("One man from Aleppo told…")
        are kept too, with no name, so a "he" after them is not given to someone else.

        Read in order of position, and visible while it is read: a pronoun subject
        ("He says…") resolves against what came before it in the same paragraph.
        """
        if p in self._reported:
            return self._reported[p]
        text = self.paragraphs[p]
        events: list[tuple[Position, Speaker]] = []
        self._reported[p] = events
        cues = islice(cue_words(text), MAX_CUES_PER_PARAGRAPH)
        source = current().grammar("according_source")
        sources = islice(source.finditer(text), MAX_CUES_PER_PARAGRAPH) if source else ()
        # Sentence starts, speech verbs and sources ("According to Gauteng Cogta, …"), in
        # order of position.
        points = sorted(
            [(start, 0, None) for start in sentence_starts(text)]
            + [(cue.start(), 1, cue) for cue in cues if reports(text, cue)]
            + [(found.start(), 2, found) for found in sources],
            key=lambda point: point[:2],
        )
        self._depth += 1
        try:
            for at, kind, match in points:
                if self.inside_quotation(p, at):
                    continue
                if kind == 0:
                    who = self._subject_at(p, text, at)
                elif kind == 1:
                    who = self._cue_subject(p, text, at)
                else:
                    found = parse_mention(clean_np(match["np"]))
                    who = self._speaker_of(found, p, at) if found.kind != "unnamed" else None
                if who is not None:
                    events.append(((p, at), who))
        finally:
            self._depth -= 1
        return events

    def _chained(self, word: str, at: Position) -> Speaker | None:
        """The referent of a pronoun subject in narration, read back through the paragraphs
        before it; past MAX_CHAIN paragraphs parsed in one chain ("She…" opening hundreds of
        paragraphs in a row) it is left unresolved rather than recursing without bound."""
        if self._depth > MAX_CHAIN:
            return None
        return self.pronoun_referent(word, at)

    def _cue_subject(self, p: int, text: str, at: int) -> Speaker | None:
        """Who a speech verb in narration reports: "Tauqeer Ahmed says the problem…", and
        after the verb when nobody stands before it: "…, but the world should expect
        leadership of a different flavour, says Yao."."""
        np = sentence_before(text, at)
        if np_length(np) > 16 and "," in np:
            # "Police have made 378 arrests…, the National Police Chiefs’ Council said"
            np = np.rsplit(",", 1)[1]
        found = None
        if np and np_length(np) <= 16 and not any(ch in np for ch in '“”"«»‘'):
            mention = subject_mention(np)
            if mention.kind == "unknown":
                # "Finance Minister Anna Roe on Tuesday admitted…": the time goes.
                mention = parse_mention(clean_np(np))
            found = self._speaker_of(mention, p, at)
        if found is None and (not np or np.endswith(",")):
            inverted = patterns().after_cue_first.match(sentence_after(text, at))
            if inverted and (after := clean_np(inverted["np"])) and np_length(after) <= 8:
                found = self._speaker_of(parse_mention(after), p, at)
        return found

    def _speaker_of(self, mention: Mention, p: int, at: int) -> Speaker | None:
        """The speaker a mention in narration reports, or None when it names no one."""
        lex = current()
        if mention.kind == "person" and mention.name:
            return self.person(mention.name, mention.text, mention.title, p, mention.organisation)
        if mention.kind == "surname":
            return self.surname(mention, (p, at))
        if mention.kind == "org" and mention.organisation:
            org = mention.organisation
            return Speaker(org, mention.text, None, org, False)
        if (
            mention.kind == "unnamed"
            and mention.organisation
            and lex.spokes & set(mention.text.lower().split())
        ):  # "A spokesperson for the Global Polymer Alliance said…"
            org = mention.organisation
            return Speaker(org, mention.text, None, org, False)
        if mention.kind == "unnamed":
            return Speaker(None, mention.text, None, None, self.names_a_person(mention.text))
        if mention.kind == "pronoun" and (found := self._chained(mention.text, (p, at))):
            return copy(found, mention.text)
        return None

    def names_a_person(self, text: str) -> bool:
        """ "One man from Aleppo" (a person: he/she) rather than "the group" (it/they)."""
        nouns = current().person_nouns
        return any(w.strip(".,").lower() in nouns for w in text.split()[:4])

    def latest(
        self, at: Position, *, person: bool | None, noun: str | None = None,
        surname: str | None = None, named: bool = False, gender: str | None = None,
    ) -> Speaker | None:  # fmt: skip
        """The last speaker before `at` of that kind (whose name has `noun` or `surname`,
        whose sex is not known to differ from `gender`).

        Walks back a paragraph at a time and stops at the first paragraph with a candidate.
        """
        for p in range(at[0], -1, -1):
            best: tuple[Position, Speaker] | None = None
            for pos, who in self.reported_speech(p) + self.spoken.get(p, []):
                if pos >= at or (person is not None and who.is_person != person):
                    continue
                name = who.name or ""
                if (noun or surname or named) and not name:
                    continue
                if (noun and noun not in name.lower()) or (
                    surname and name.split()[-1] != surname.split()[-1]
                ):
                    continue
                if gender and who.gender and who.gender != gender:
                    continue
                if best is None or pos >= best[0]:
                    best = (pos, who)
            if best:
                return best[1]
        return None

    def sentence_subject(self, p: int, start: int, end: int) -> Speaker | None:
        """Whom the sentence from `start` to `end` in paragraph `p` is about: its subject,
        else the first named subject of a speech verb in it."""
        if start < 0:
            return None
        for pos, who in self.reported_speech(p):
            if start <= pos[1] < end and (pos[1] == start or who.name):
                return who
        return None

    def narration_between(self, since: Position, at: Position) -> list[tuple[Position, Speaker]]:
        """What narration reports between two positions (reported speech and sentence
        subjects, not quotations' speakers), in order."""
        found = []
        for p in range(since[0], at[0] + 1):
            found += [e for e in self.reported_speech(p) if since < e[0] < at]
        return sorted(found, key=lambda e: e[0])

    def text_before(self, p: int, at: Position) -> str:
        """Paragraph `p` as far as a mention at `at` can look back into it."""
        return self.paragraphs[p][: at[1]] if p == at[0] else self.paragraphs[p]

    def remember(self, speaker: Speaker, at: Position) -> None:
        """Record that `speaker` spoke at `at` (a quotation's speaker)."""
        if speaker.name is not None:
            self.spoken.setdefault(at[0], []).append((at, speaker))

    # Provided by the resolver: what a name, a surname and a pronoun stand for.
    def person(
        self, name: str, mention: str | None, title: str | None, p: int,
        organisation: str | None = None,
    ) -> Speaker:  # fmt: skip
        raise NotImplementedError

    def full_name(self, surname: str, p: int, *, later: bool = True) -> str | None:
        raise NotImplementedError

    def surname(self, mention: object, at: Position) -> Speaker:
        raise NotImplementedError

    def pronoun_referent(self, word: str, at: Position) -> Speaker | None:
        raise NotImplementedError

    # Provided by sentence_subjects.py: whom a sentence opening at `start` is about.
    def _subject_at(self, p: int, text: str, start: int) -> Speaker | None:
        raise NotImplementedError
