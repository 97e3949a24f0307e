"""Find quoted spans in a list of paragraphs: which marks open, which close, across paragraphs.

Rules, each named for the pattern it serves:

- flanking: a mark opens when it stands before a word (start of text, or after a space or an
  opening bracket or dash) and closes when it stands after one. The glyph is a hint, the
  position decides, so straight `"` works and a typo'd `“` used as a closer still closes
  (and so does German `„…“`).
- mixed marks: any double closer ends any double opener (`“…"` occurs in real releases).
- doubled marks: `““` or `””` count once.
- apostrophes: `’` between two letters (didn’t, Ma’alouf) is never a mark; `’` after a plural
  `s` and before a lowercase word (the foetus’ life, the parents’ home) is a possessive unless
  no later closer exists, or a new `‘` opens before the later closer (‘…residents’ and was
  ‘…’: the first one closed).
- press convention: a quotation that is not closed by the end of its paragraph continues when
  the next paragraph opens with a mark; otherwise it ends with its paragraph.
- guillemets: « and » open and close by their glyph (French puts spaces inside them).
- nesting: single marks inside a double quotation are part of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DOUBLE_OPEN = '“„«"'
DOUBLE_CLOSE = '”“»"'
SINGLE_OPEN = "‘‚‹'"
SINGLE_CLOSE = "’‘›'"
_OPEN_BEFORE = set(" \t\n([{—–-/")
_CLOSE_AFTER = set(" \t\n.,;:!?)]}—–-/…")


@dataclass(slots=True)
class Piece:
    """The part of a quotation inside one paragraph (offsets of the text between the marks)."""

    paragraph: int
    start: int
    end: int


@dataclass(slots=True)
class Span:
    """One quotation: possibly several paragraphs long."""

    pieces: list[Piece] = field(default_factory=list)
    kind: str = "double"  # "double" | "single"
    closed: bool = True  # False when it ran to the end of its last paragraph unclosed
    open_at: int = 0  # offset of the opening mark in the first paragraph
    close_at: int = 0  # offset just after the closing mark (or paragraph end) in the last one

    @property
    def first(self) -> int:
        return self.pieces[0].paragraph

    @property
    def last(self) -> int:
        return self.pieces[-1].paragraph

    def text(self, paragraphs: list[str]) -> str:
        parts = [paragraphs[p.paragraph][p.start : p.end].strip() for p in self.pieces]
        return " ".join(p for p in parts if p)


# Jump straight to the characters that matter instead of walking every character. A mark
# right after a word character never opens (`_can_open`: "it’s", "don’t"); the look-behind
# comes after the mark, so the regular expression still scans for the marks alone
# (guillemets open wherever they stand).
_MARKS = re.escape(DOUBLE_OPEN + SINGLE_OPEN)
_FLANKING = re.escape((DOUBLE_OPEN + SINGLE_OPEN).replace("«", "").replace("‹", ""))
_OPENERS = re.compile(rf"[{_MARKS}](?<![^\W_][{_FLANKING}])")
# A mark right before a word character never closes (`_can_close`), but a guillemet.
_DOUBLE_CLOSERS = re.compile("[" + re.escape(DOUBLE_CLOSE) + r"](?!(?<!»)[^\W_])")
_SINGLE_CLOSERS = re.compile("[" + re.escape(SINGLE_CLOSE) + r"](?!(?<!›)[^\W_])")


def _can_open(text: str, i: int) -> bool:
    if text[i] in "«‹":  # French spacing puts a space inside guillemets: the glyph decides
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in _OPEN_BEFORE or before in DOUBLE_OPEN + SINGLE_OPEN) and not after.isspace()


def _can_close(text: str, i: int) -> bool:
    if text[i] in "»›":
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after in _CLOSE_AFTER or after in DOUBLE_CLOSE + SINGLE_CLOSE)


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and after.isalpha()


def _is_possessive(text: str, i: int) -> bool:
    """`foetus’ life`: a plural/sibilant possessive, not the end of a quotation."""
    before = text[i - 1] if i > 0 else " "
    rest = text[i + 1 : i + 3]
    return before in "sSzZxX" and len(rest) == 2 and rest[0] == " " and rest[1].islower()


def _find_close(text: str, start: int, kind: str) -> int | None:
    """Index of the mark that closes a quotation opened before `start`, or None."""
    possessive: int | None = None
    finder = _DOUBLE_CLOSERS if kind == "double" else _SINGLE_CLOSERS
    for match in finder.finditer(text, start):
        i = match.start()
        ch = text[i]
        if not _can_close(text, i):
            continue
        if kind == "single" and _is_apostrophe(text, i):
            continue
        if kind == "single" and _is_possessive(text, i):
            possessive = possessive if possessive is not None else i
            continue
        if kind == "double" and ch in DOUBLE_OPEN and _can_open(text, i):
            continue  # a mark that can only open (“ before a word) does not close
        if possessive is not None and _opens_between(text, possessive + 1, i):
            # "…‘deeply sympathises with residents’ and was ‘doing everything…’": a new
            # quotation opened after the possessive-looking mark, so that mark closed.
            return possessive
        return i
    return possessive


def _opens_between(text: str, start: int, end: int) -> bool:
    """Whether a typographic single opener that stands before a word lies in [start, end)."""
    i = text.find("‘", start, end)
    while i != -1:
        if _can_open(text, i):
            return True
        i = text.find("‘", i + 1, end)
    return False


def _next_open(text: str, start: int) -> tuple[int, str] | None:
    """The next opening mark at or after `start`: its index and kind."""
    for match in _OPENERS.finditer(text, start):
        i = match.start()
        ch = text[i]
        if ch in DOUBLE_OPEN and _can_open(text, i):
            return i, "double"
        if ch in SINGLE_OPEN and _can_open(text, i) and not _is_apostrophe(text, i):
            return i, "single"
    return None


def _skip_doubled(text: str, i: int, marks: str) -> int:
    """Index after a run of marks (`““` counts as one)."""
    while i < len(text) and text[i] in marks:
        i += 1
    return i


# Paragraphs a quotation left open may run on through before a closing mark ends it.
RUN_ON_PARAGRAPHS = 3


def _runs_on(paragraphs: list[str], index: int, kind: str) -> tuple[int, int] | None:
    """Where a quotation left open before paragraph `index` closes, when the paragraphs from
    there carry on without reopening it: the first that holds a closing mark before any
    opening one (within RUN_ON_PARAGRAPHS), as (paragraph, index of the mark)."""
    for last in range(index, min(index + RUN_ON_PARAGRAPHS, len(paragraphs))):
        text = paragraphs[last]
        opened = _next_open(text, 0)
        close = _find_close(text, 0, kind)
        if close is not None and (opened is None or close < opened[0]):
            return last, close
        if opened is not None:
            return None
    return None


def find_spans(paragraphs: list[str]) -> list[Span]:
    """All quotations in reading order."""
    spans: list[Span] = []
    carry: Span | None = None  # a quotation left open at the end of the previous paragraph
    resume: tuple[int, int] | None = None  # (paragraph, offset) a run-on quotation ends at
    for index, text in enumerate(paragraphs):
        pos = 0
        if resume is not None:
            if index < resume[0]:
                continue  # inside a quotation that runs on to a later paragraph
            pos, resume = resume[1], None
        elif carry is not None and (ends := _runs_on(paragraphs, index, carry.kind)):
            # "“Ngiyamsaba. … ¶ Ngizobuya … ¶ … lapha,” kusho yena.": no paragraph reopens
            # the quotation, but a later one closes it before opening any.
            last, close = ends
            carry.pieces += [Piece(i, 0, len(paragraphs[i])) for i in range(index, last)]
            carry.pieces.append(Piece(last, 0, close))
            carry.closed = True
            carry.close_at = _skip_doubled(paragraphs[last], close, DOUBLE_CLOSE + SINGLE_CLOSE)
            spans.append(carry)
            carry = None
            if last > index:
                resume = (last, spans[-1].close_at)
                continue
            pos = spans[-1].close_at
        if carry is not None:
            opened = _next_open(text, 0)
            if opened is not None and opened[0] == 0:
                # Press convention: the next paragraph reopens the same quotation (some
                # writers switch families on the way: "‘…why am I going to be sad? ¶ “I love
                # my life.…”").
                kind = opened[1]
                marks = DOUBLE_OPEN if kind == "double" else SINGLE_OPEN
                inner = _skip_doubled(text, 0, marks)
                close = _find_close(text, inner, kind)
                end = close if close is not None else len(text)
                carry.pieces.append(Piece(index, inner, end))
                if close is not None:
                    carry.closed = True
                    carry.close_at = _skip_doubled(text, close, DOUBLE_CLOSE + SINGLE_CLOSE)
                    spans.append(carry)
                    carry = None
                    pos = spans[-1].close_at
                else:
                    carry.close_at = len(text)
                    continue
            else:
                spans.append(carry)  # it ended with its paragraph
                carry = None
        while True:
            opened = _next_open(text, pos)
            if opened is None:
                break
            at, kind = opened
            marks = DOUBLE_OPEN if kind == "double" else SINGLE_OPEN
            inner = _skip_doubled(text, at, marks)
            close = _find_close(text, inner, kind)
            if close is None:
                if kind == "single" and at > 0 and not text[:at].rstrip().endswith(":"):
                    # A lone ‘ mid-paragraph is more often a typo than a quote, but not after
                    # a colon ("She added: ‘I'm just not the type…").
                    pos = at + 1
                    continue
                carry = Span([Piece(index, inner, len(text))], kind, False, at, len(text))
                break
            after = _skip_doubled(text, close, DOUBLE_CLOSE + SINGLE_CLOSE)
            spans.append(Span([Piece(index, inner, close)], kind, True, at, after))
            pos = after
    if carry is not None:
        spans.append(carry)
    return spans
