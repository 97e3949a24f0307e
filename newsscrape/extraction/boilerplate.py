"""Boilerplate lines inside article bodies: "Story continues below advertisement" and the like.

News pages put furniture between the paragraphs of a story: advertising markers ("Advertisement",
"Story continues below advertisement"), links to other stories ("READ MORE: <headline>",
"WATCH: ...", "RELATED: ..."), newsletter and social prompts ("Sign up to our newsletter",
"Follow us on ..."), picture credits and captions ("(Photo: Jane Doe/Reuters)", "Getty Images",
"Image caption, ..."), and what is left of embedded posts ("pic.twitter.com/...",
"— Name (@handle) March 3, 2024", "View this post on Instagram", "A post shared by ...").
None of it is the article, so it is dropped from the stored body, and the quote engine asks
`is_boilerplate` before reading a line as speech.

The patterns are data, one file per language in `data/boilerplate/<lang>.txt`, plus `any.txt`
for furniture that looks the same in every language (credits, tweet footers). A file has two
sections:

    [label]   a label that introduces a link to another story: "read more", "watch".
              Matches the label alone ("READ MORE") or the label, a separator (":", " - ",
              " | ", "»") and a headline ("READ MORE: Minister resigns").
    [line]    a regular expression that must match the WHOLE paragraph.

Lines starting with "#" are comments. Matching is case-insensitive and "’" counts as "'".

Being wrong here deletes article text, so the rules are conservative:

* a paragraph is boilerplate only when all of it is furniture ("Readers who want to read more
  about the case can ..." stays);
* nothing longer than `MAX_LENGTH` characters is boilerplate;
* a paragraph that quotes someone ("“Watch: this is ...”, she said") is only dropped by a
  label pattern ("READ MORE: ‘I was terrified’ ..."), whose form leaves no doubt; a line
  pattern never drops it;
* a language's patterns apply only to text declared in that language ("en-GB" reads "en").
  With no language (None) the English patterns apply as well as `any.txt`: most pages without a
  declared language are English and an English furniture line is furniture whatever the page.
  A language without a file gets `any.txt` only.

Every pattern must run in linear time on any input: anchored at the start (they are matched
with `re.fullmatch`), only bounded or possessive quantifiers, never two quantifiers that can
trade the same characters without a bound. Pure functions, no Scrapy.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

# Longer paragraphs are never boilerplate: furniture is a line, not a paragraph.
MAX_LENGTH = 300
DATA_PACKAGE = "newsscrape.extraction"
DATA_DIR = ("data", "boilerplate")

# A label followed by its headline: "READ MORE: ...", "WATCH - ...", "Lesen Sie auch » ...".
_LABEL_REST = r"(?:[\s.:…]*+|(?:\s*+[:：»›>]|\s++[|–—-])\s*+\S.{0,250}+)"
# An opening quotation mark followed by a word: the paragraph quotes someone.
_SPEECH = re.compile(r"[\"“„«»‹›‘]\s?\w")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def language_code(language: str | None) -> str | None:
    """ "en-GB" → "en", "pt_BR" → "pt"; None for no language or something that is not a code."""
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return code if _LANGUAGE.fullmatch(code) else None


def _read(name: str) -> str | None:
    path = resources.files(DATA_PACKAGE).joinpath(*DATA_DIR, f"{name}.txt")
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _alternation(patterns: list[str], rest: str = "") -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + rest, re.IGNORECASE)


@cache
def patterns(name: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The (label, line) patterns of one data file, compiled once; (None, None) if it is absent."""
    text = _read(name)
    if text is None:
        return None, None
    sections: dict[str, list[str]] = {"label": [], "line": []}
    section = "line"
    for raw in text.splitlines():
        line = raw.strip().replace("’", "'")
        if not line or line.startswith("#"):
            continue
        if line in ("[label]", "[line]"):
            section = line[1:-1]
            continue
        sections[section].append(line)
    return (
        _alternation(sections["label"], _LABEL_REST),
        _alternation(sections["line"]),
    )


@cache
def _files(code: str | None) -> tuple[str, ...]:
    if code is None:
        return ("any", "en")
    return ("any", code)


def is_boilerplate(paragraph: str, language: str | None = "en") -> bool:
    """True when the whole paragraph is page furniture (an ad marker, a "READ MORE" link, a
    credit, an embed footer) in `language` or in any language; see the module docstring."""
    if not paragraph or len(paragraph) > MAX_LENGTH:
        return False
    text = " ".join(paragraph.split()).replace("’", "'")  # str.split: the whitespace of \s
    if not text:
        return False
    speech = _SPEECH.search(text) is not None
    for label, line in _patterns_for(language):
        if label is not None and label.fullmatch(text):
            return True
        if not speech and line is not None and line.fullmatch(text):
            return True
    return False


@lru_cache(maxsize=64)
def _patterns_for(
    language: str | None,
) -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    """The (label, line) patterns that apply to `language`, found once per language tag
    (an article asks for every paragraph). Bounded: the tag comes from the page."""
    return tuple(patterns(name) for name in _files(language_code(language)))


def drop_boilerplate(paragraphs: list[str], language: str | None) -> list[str]:
    """The paragraphs without the boilerplate ones, in order."""
    return [p for p in paragraphs if not is_boilerplate(p, language)]
