"""Sentences around a quotation: where the one before it starts, where the one after ends.

Attribution reads the sentence a quotation sits in, so sentence boundaries must skip
abbreviations ("Prof.", "J.", "U.S."), which come from the language's lexicon. Every look is
bounded by `SENTENCE_WINDOW` and walks characters, never a regular expression anchored at
the end, so a paragraph of any length is read in linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from newsscrape.quotes.lexicon import Lexicon, current

# A sentence starts at a capital of any Latin, Cyrillic or Greek script ("Über", "À",
# "В"), or at an opening mark ("„", "«").
SENTENCE_END = re.compile(r"[.!?…][”\"’»)]*+\s++(?=[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω“\"‘«„‹(]|$)")
TERMINAL = tuple('.!?:”"’»)…')
# How far from a quotation its sentence is read, back and forward. Real sentences are far
# shorter (before a quotation, the longest of all four evaluation sets is 313 characters);
# unbounded, every quotation re-read its paragraph from the start, and a 20 kB paragraph of
# short quotations took half a minute. Every quotation reads this much again, so a paragraph
# dense with quotations costs in proportion to it.
SENTENCE_WINDOW = 600
# A mark that may open a quotation: the text before it is narration.
OPENING_MARK = re.compile('[“"«„‘]')
_STOP_AFTER = re.compile(r"[.!?](?:\s|$)")


def word_before(text: str, end: int) -> str:
    """The run of word characters and dots that ends at `end` ("U.S" before "U.S.").

    Walked back from `end` rather than found by a regular expression anchored at the end,
    which rescans the text from its start for every period: quadratic, 20 s for a paragraph
    of 5,000 "Mr. ".
    """
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1  # str.isalnum() and "_": what a regex \w matches
    return text[start:end]


def is_abbreviation(text: str, dot: int) -> bool:
    """A period that ends "Prof.", an initial ("J.") or "U.S.", not a sentence."""
    word = word_before(text, dot)
    if not word:
        return False
    return (
        word.lower() in current().abbreviations
        or (len(word) == 1 and word.isupper())
        or ("." in word and len(word.replace(".", "")) <= 3)
    )


def sentence_before(text: str, at: int) -> str:
    """The part of the sentence that precedes position `at` (at most SENTENCE_WINDOW).

    Read from the sentence starts of the whole text, found once per text (a paragraph is
    asked about once per quotation and speech verb in it), and from whether the text just
    before `at` ends a sentence.
    """
    low = max(0, at - SENTENCE_WINDOW)
    if _ends_sentence(text, low, at):
        return ""
    starts = _starts(text, current())
    i = bisect_right(starts, at) - 1
    start = starts[i] if i >= 0 and starts[i] >= low else low
    return text[start:at].strip()


def _ends_sentence(text: str, low: int, at: int) -> bool:
    """Whether the text from `low` to `at` ends on a sentence's end and spaces ("…worst
    yet. " before a quotation or a verb), walked back from `at`."""
    end = at
    while end > low and text[end - 1].isspace():
        end -= 1
    if end == at:
        return False
    while end > low and text[end - 1] in '”"’»)':
        end -= 1
    if end == low or text[end - 1] not in ".!?…":
        return False
    return text[end - 1] != "." or not is_abbreviation(text, end - 1)


@lru_cache(maxsize=128)
def _starts(text: str, lex: Lexicon) -> tuple[int, ...]:
    """Where the sentences of `text` start after its first (`lex`: whose abbreviations).
    Kept for the last 128 texts: an article's paragraphs, read again and again while its
    quotations are attributed."""
    return tuple(
        match.end()
        for match in SENTENCE_END.finditer(text)
        if text[match.start()] != "." or not is_abbreviation(text, match.start())
    )


def sentence_after(text: str, at: int) -> str:
    """The rest of the sentence after position `at`, up to the next quotation mark."""
    tail = text[at : at + SENTENCE_WINDOW]
    mark = OPENING_MARK.search(tail)
    cut = mark.start() if mark else len(tail)
    for match in _STOP_AFTER.finditer(tail, 0, cut):
        if tail[match.start()] == "." and is_abbreviation(tail, match.start()):
            continue
        cut = match.start()
        break
    return tail[:cut].strip()


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` starts."""
    return [0, *_starts(text, current())]
