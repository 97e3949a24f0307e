"""Direct quotes and who said them, from an article's paragraphs.

Each quotation found by `marks.find_spans` is attributed by the first rule that applies
(the `pattern` field of the result names it, so errors can be counted per rule):

- `after-cue`: `…,” said Name, Title.` / `…,” Name said.` / `…,” says Name.` / `…,” she said.`
- `colon-intro`: a clause ending in a colon introduces the quotation, in the same paragraph
  (`As one activist said: “…”`) or as the paragraph before, possibly with its title cut by
  a paragraph break or a short subheading in between.
- `before-cue`: `Name said that “…”`, `According to Name, “…”`.
- `same-paragraph`: a second quoted sentence right after an attributed one.
- `continuation`: a quotation opening the paragraph after a quoted paragraph inherits its
  speaker.
- `inherited`: an unattributed quotation later in the text takes the last speaker (lower
  confidence).

Pronouns and surnames are resolved to the full name introduced earlier in the article.
Quoted titles, scare quotes and names of charges are returned with kind "term", not as quotes.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from newsscrape.quotes.marks import Span, find_spans
from newsscrape.quotes.mentions import Mention, is_person_name, parse_mention

CUES = (
    "said", "says", "say", "added", "adds", "told", "tells", "wrote", "writes", "stated",
    "states", "explained", "explains", "noted", "notes", "warned", "warns", "argued", "argues",
    "insisted", "insists", "urged", "urges", "declared", "declares", "stressed", "stresses",
    "continued", "continues", "concluded", "concludes", "commented", "comments", "remarked",
    "asked", "asks", "replied", "replies", "responded", "responds", "acknowledged",
    "admitted", "announced", "claimed", "confirmed", "emphasised", "emphasized", "observed",
    "recalled", "revealed", "suggested", "tweeted", "posted", "maintained", "testified",
    "a déclaré", "a dit", "a affirmé", "a ajouté", "a-t-il dit", "a-t-elle dit", "sagte",
    "erklärte", "dijo", "afirmó", "señaló",
)  # fmt: skip
_CUE = "|".join(re.escape(c) for c in sorted(CUES, key=len, reverse=True))
_AFTER_CUE_FIRST = re.compile(rf"^(?P<cue>{_CUE})\b\s*(?P<np>.*)$", re.IGNORECASE)
_AFTER_NP_FIRST = re.compile(
    rf"^(?P<np>[^“”\"«»]{{1,150}}?)\s+(?P<cue>{_CUE})\b(?P<rest>.*)$", re.IGNORECASE
)
_BEFORE_CUE = re.compile(
    rf"^(?P<np>.*?)\s*\b(?P<cue>{_CUE})\b(?:\s+(?:that|on \w+day|today|yesterday|in a statement"
    r"|in a tweet|reporters|journalists|the [A-Z][\w ]+))*\s*[,:]?\s*$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"according to\s+(?P<np>.+?)\s*,?\s*$", re.IGNORECASE)
_NP_TAIL = re.compile(
    r"(?:,\s*(?:adding|who|which|in a|on \w+day|referring|speaking|calling|noting)\b.*"
    r"|\s+(?:in a statement|in a tweet|in an interview|on \w+day|today|yesterday|last week"
    r"|this week|at a press conference|to reporters|to journalists)\b.*)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][”\"’»)]*\s+(?=[A-Z“\"‘«(]|$)")
_TERMINAL = tuple('.!?:”"’»)…')
_TITLE_CONTEXT = re.compile(
    r"\b(?:report|briefing|study|survey|campaign|website|site|petition|book|film|documentary"
    r"|hashtag|programme|program|initiative|called|titled|entitled|named|dubbed|known as"
    r"|so-called|grounds? of|charges? of|charged with|accused of|convicted of|slogan|motto"
    r"|headline|article|operation|law|act|bill|policy|doctrine|motion|resolution)\W*$",
    re.IGNORECASE,
)
_ORG_REFERENCES = {"organization", "organisation", "group", "ngo", "charity", "movement"}

CONFIDENCE = {
    "after-cue": 0.95,
    "colon-intro": 0.95,
    "before-cue": 0.9,
    "same-paragraph": 0.9,
    "continuation": 0.85,
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
        return asdict(self)


@dataclass(slots=True)
class _Speaker:
    name: str | None
    mention: str | None
    title: str | None
    organisation: str | None
    is_person: bool


def _sentence_before(text: str, at: int) -> str:
    head = text[:at]
    start = 0
    for match in _SENTENCE_END.finditer(head):
        start = match.end()
    return head[start:].strip()


def _sentence_after(text: str, at: int) -> str:
    tail = text[at:]
    cut = len(tail)
    for ch in '“"«„‘':
        pos = tail.find(ch)
        if pos != -1:
            cut = min(cut, pos)
    match = re.search(r"[.!?](?:\s|$)", tail[:cut])
    if match:
        cut = match.start()
    return tail[:cut].strip()


def _clean_np(np: str) -> str:
    """The speaker phrase after a cue, without what follows it ("…, adding", "today")."""
    return _NP_TAIL.sub("", np).strip(" ,.;:")


def _after(after: str) -> tuple[Mention, str] | None:
    """`,” said Name, Title.` and `,” Name said.`"""
    text = after.lstrip(" ,—–-").strip()
    if not text or text.endswith(":"):
        return None  # "…”, Name said:" introduces the next quotation, not this one
    match = _AFTER_CUE_FIRST.match(text)
    if match and match["np"].strip():
        mention = parse_mention(_clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, match["cue"].lower()
    match = _AFTER_NP_FIRST.match(text)
    if match and len(match["np"].split()) <= 14:
        mention = parse_mention(_clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, match["cue"].lower()
    return None


def _intro(clause: str) -> tuple[Mention, str] | None:
    """A clause introducing a quotation: "…, Name said:" or just "Title, Name:"."""
    clause = clause.strip().rstrip(":").strip()
    if not clause:
        return None
    match = _BEFORE_CUE.match(clause)
    if match and match["np"].strip():
        mention = parse_mention(match["np"])
        if mention.kind != "unknown":
            return mention, match["cue"].lower()
    match = _ACCORDING.search(clause)
    if match:
        mention = parse_mention(_clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, "according to"
    mention = parse_mention(clause)
    if mention.kind in ("person", "org", "unnamed") and len(clause.split()) <= 25:
        return mention, ":"
    return None


def _before(before: str) -> tuple[Mention, str, str] | None:
    """Attribution standing before the quotation in the same sentence."""
    if not before:
        return None
    if before.endswith(":"):
        found = _intro(before)
        return (found[0], found[1], "colon-intro") if found else None
    match = _BEFORE_CUE.match(before)
    if match and match["np"].strip():
        mention = parse_mention(match["np"])
        if mention.kind != "unknown":
            return mention, match["cue"].lower(), "before-cue"
    match = _ACCORDING.search(before)
    if match:
        mention = parse_mention(_clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, "according to", "before-cue"
    # "She said the decision was “a disgrace”": a cue earlier in the sentence.
    cues = list(re.finditer(rf"\b(?:{_CUE})\b", before, re.IGNORECASE))
    if cues:
        cue = cues[-1]
        np = before[: cue.start()].strip()
        if np and len(np.split()) <= 12:
            mention = parse_mention(np)
            if mention.kind != "unknown":
                return mention, cue.group(0).lower(), "before-cue"
    return None


def _colon_paragraph(paragraphs: list[str], index: int) -> str | None:
    """The paragraph(s) introducing a quotation that opens paragraph `index`."""
    j = index - 1
    if j < 0:
        return None
    candidate = paragraphs[j].strip()
    if (
        j > 0
        and not candidate.endswith(":")
        and len(candidate.split()) <= 8
        and not candidate.endswith(_TERMINAL)
        and paragraphs[j - 1].strip().endswith(":")
    ):
        j -= 1  # a short subheading between "Title, Name:" and the quotation
        candidate = paragraphs[j].strip()
    if not candidate.endswith(":"):
        return None
    intro = candidate
    if j > 0:
        previous = paragraphs[j - 1].strip()
        if previous and not previous.endswith(_TERMINAL):
            intro = previous + " " + intro  # a title cut by a paragraph break
    return _sentence_before(intro, len(intro))


class _Resolver:
    """Links pronouns, surnames and "the organization" to speakers named earlier."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.names: list[str] = []
        pattern = re.compile(
            r"\b[A-Z][\w’'\-]+(?:\s+(?:al-|el-|bin\s|de\s|van\s|von\s)?[A-Z][\w’'\-]+){1,3}"
        )
        for text in paragraphs:
            for match in pattern.finditer(text):
                if is_person_name(match.group(0)):
                    self.names.append(match.group(0))
        self.last_person: _Speaker | None = None
        self.last_org: _Speaker | None = None
        self.last: _Speaker | None = None

    def resolve(self, mention: Mention) -> _Speaker:
        if mention.kind == "person":
            speaker = _Speaker(
                mention.name, mention.text, mention.title, mention.organisation, True
            )
        elif mention.kind == "surname":
            speaker = self._surname(mention)
        elif mention.kind == "pronoun":
            if mention.text.lower() in ("he", "she", "i") and self.last_person is not None:
                speaker = _copy(self.last_person, mention.text)
            elif self.last_org is not None and mention.text.lower() in ("they", "it", "we"):
                speaker = _copy(self.last_org, mention.text)
            elif self.last is not None:
                speaker = _copy(self.last, mention.text)
            else:
                speaker = _Speaker(None, mention.text, None, None, False)
        elif mention.kind == "org":
            speaker = _Speaker(
                mention.organisation, mention.text, None, mention.organisation, False
            )
        else:  # unnamed: "one activist", "the organization"
            head = {w.lower() for w in mention.text.split()}
            if head & _ORG_REFERENCES and self.last_org is not None:
                speaker = _copy(self.last_org, mention.text)
            else:
                speaker = _Speaker(None, mention.text, None, mention.organisation, False)
        self.remember(speaker)
        return speaker

    def _surname(self, mention: Mention) -> _Speaker:
        surname = mention.name or mention.text
        for candidate in (self.last_person,):
            if candidate and candidate.name and candidate.name.split()[-1] == surname:
                return _copy(candidate, mention.text)
        for name in reversed(self.names):
            if name.split()[-1] == surname:
                return _Speaker(name, mention.text, None, None, True)
        return _Speaker(surname, mention.text, None, None, True)

    def remember(self, speaker: _Speaker) -> None:
        if speaker.name is None:
            return
        self.last = speaker
        if speaker.is_person:
            self.last_person = speaker
        else:
            self.last_org = speaker


def _copy(speaker: _Speaker, mention: str) -> _Speaker:
    return _Speaker(speaker.name, mention, speaker.title, speaker.organisation, speaker.is_person)


def _is_term(text: str, before: str) -> bool:
    """Titles, scare quotes, names of charges: quoted, but nobody is speaking."""
    if _TITLE_CONTEXT.search(before.rstrip(" ,")):
        return True
    return len(text.split()) <= 4


def _split_conflicting(span: Span, paragraphs: list[str]) -> list[Span]:
    """A named attribution at the end that differs from the intro starts a new quotation.

    The press convention joins an unclosed paragraph to the next one that opens with a mark;
    when that next paragraph names another speaker ("“…,” said Y."), the first quotation
    simply was not closed (often an excerpt cut short).
    """
    if len(span.pieces) < 2 or not span.closed:
        return [span]
    last = span.pieces[-1]
    after = _sentence_after(paragraphs[last.paragraph], span.close_at)
    late = _after(after)
    intro_text = _colon_paragraph(paragraphs, span.first)
    if intro_text is None:
        intro_text = _sentence_before(paragraphs[span.first], span.open_at)
    early = _intro(intro_text) if intro_text and intro_text.endswith(":") else None
    named = ("person", "org")
    if not (late and early and late[0].kind in named and early[0].kind in named):
        return [span]
    if (late[0].name or late[0].organisation) == (early[0].name or early[0].organisation):
        return [span]
    head = Span(
        span.pieces[:-1], span.kind, False, span.open_at, len(paragraphs[last.paragraph - 1])
    )
    tail = Span([last], span.kind, True, max(last.start - 1, 0), span.close_at)
    return [head, tail]


def extract_quotes(paragraphs: list[str]) -> list[Quote]:
    """Every quotation in the paragraphs, attributed; never raises on text."""
    spans = [
        part for span in find_spans(paragraphs) for part in _split_conflicting(span, paragraphs)
    ]
    resolver = _Resolver(paragraphs)
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_speaker: _Speaker | None = None
    for span in spans:
        quote, speaker = _attribute(span, paragraphs, resolver, previous, previous_speaker)
        quotes.append(quote)
        if quote.kind == "quote":
            previous, previous_speaker = quote, speaker
    return quotes


def _attribute(
    span: Span,
    paragraphs: list[str],
    resolver: _Resolver,
    previous: Quote | None,
    previous_speaker: _Speaker | None,
) -> tuple[Quote, _Speaker | None]:
    text = span.text(paragraphs).rstrip(",").strip()
    first = paragraphs[span.first]
    before = _sentence_before(first, span.open_at)
    after = _sentence_after(paragraphs[span.last], span.close_at) if span.closed else ""

    found: tuple[Mention, str, str] | None = None
    if (hit := _after(after)) is not None:
        found = (hit[0], hit[1], "after-cue")
    elif (hit2 := _before(before)) is not None:
        found = hit2
    elif (
        not before
        and (intro := _colon_paragraph(paragraphs, span.first)) is not None
        and (hit := _intro(intro)) is not None
    ):
        found = (hit[0], hit[1], "colon-intro")

    speaker: _Speaker | None = None
    cue: str | None = None
    if found is not None:
        mention, cue, pattern = found
        speaker = resolver.resolve(mention)
        kind = "quote"
    elif _is_term(text, before):
        return _quote(span, text, None, None, "term", "term", 0.8), None
    elif previous is not None and previous.paragraph_end == span.first and not before:
        pattern, speaker, kind = "same-paragraph", previous_speaker, "quote"
    elif previous is not None and previous.paragraph_end == span.first - 1 and not before:
        pattern, speaker, kind = "continuation", previous_speaker, "quote"
    elif previous is not None:
        pattern, speaker, kind = "inherited", previous_speaker, "quote"
    else:
        pattern, kind = "none", "quote"
    confidence = CONFIDENCE[pattern]
    if found is not None and found[0].kind in ("pronoun", "surname"):
        confidence -= 0.05
    return _quote(span, text, speaker, cue, kind, pattern, confidence), speaker


def _quote(
    span: Span,
    text: str,
    speaker: _Speaker | None,
    cue: str | None,
    kind: str,
    pattern: str,
    confidence: float,
) -> Quote:
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
