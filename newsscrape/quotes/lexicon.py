"""The language data the quote engine reads text with, one data file per language.

Word lists (speech verbs, titles, honorifics, organisation words, pronouns…) live in
`newsscrape/quotes/lexicon/<language>.toml`, as dateparser keeps its language data: a
linguist can extend a language, or add one, without touching code. `names.toml` holds what
belongs to names rather than to the article's language (particles such as "van der", legal
forms such as "AG"), and is loaded with every language.

A language's rules run only on text of that language: `extract_quotes` selects one lexicon
per article (`using(language)`), and every stage reads the words it needs from `current()`.

Phrase structure is data too. A language's `[grammar]` table holds its phrase patterns, one
regular expression per rule ("according to X", "X, who…", "the Abc Party, which…"), each
with a comment saying what it reads; a stage asks for a rule by name (`grammar(name)`,
compiled once per lexicon) and a rule the language does not provide does not fire. A few
patterns are templates the stage completes with the language's word lists (`{cue}`: its
speech verbs). Word lists of phrase structure (auxiliaries before a cue, words opening a
clause) are plain lists beside the others. A language without a data file gets no speech
verbs and no grammar: its quotations are found, but no speaker is guessed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from newsscrape.extraction.boilerplate import language_code
from newsscrape.quotes.wordtrie import trie

DEFAULT_LANGUAGE = "en"
_DATA = "newsscrape.quotes"


def _table(name: str) -> dict[str, Any]:
    path = resources.files(_DATA).joinpath("lexicon", f"{name}.toml")
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def base_language(language: str | None) -> str:
    """ "en-GB", "EN_us", " en " → "en"; nothing declared, or a tag that is no language code
    ("../x", "english"), → the default, English. Only a code of two or three letters ever
    names a data file (the same reading of a tag as the boilerplate filter's)."""
    return language_code(language) or DEFAULT_LANGUAGE


def _lower(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in data.get(key, ()))


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The words of one language. Compared by identity: one instance per language."""

    language: str
    cues: tuple[str, ...]
    participle_cues: tuple[str, ...]  # report the speech of the sentence's subject
    after_cues: tuple[str, ...]  # speech verbs only right after a quotation
    stance_verbs: frozenset[str]  # "slammed the “…”": the subject's own words
    body_nouns: frozenset[str]  # "the Swedish government" speaks as an organisation
    verb_second: bool  # German: the subject may follow the speech verb
    title_words: frozenset[str]
    role_titles: frozenset[str]
    name_titles: frozenset[str]  # role_titles included
    title_prefixes: frozenset[str]
    given_name_titles: frozenset[str]
    regnal_titles: frozenset[str]
    title_subjects: frozenset[str]
    org_words: frozenset[str]  # lower case; names.toml's legal forms and foreign words included
    org_acronyms: frozenset[str]  # matched by case: "WHO", not "who"
    role_nouns: frozenset[str]
    description_nouns: frozenset[str]  # name_titles and role_nouns included
    determiners: frozenset[str]
    definite_articles: frozenset[str]
    articles: frozenset[str]
    before_no_name: frozenset[str]
    listener_cues: frozenset[str]
    verdict_objects: frozenset[str]
    coordinators: frozenset[str]
    demonstratives: frozenset[str]  # "this coalition": as definite as the article
    indefinite_articles: frozenset[str]  # "a", "an", "one": an unnamed subject
    plural_speakers: frozenset[str]
    not_name_words: frozenset[str]
    street_words: frozenset[str]
    place_words: frozenset[str]
    abbreviations: frozenset[str]
    org_references: frozenset[str]
    spokes: frozenset[str]
    documents: frozenset[str]
    person_nouns: frozenset[str]
    common_starts: frozenset[str]
    connectives: frozenset[str]
    prepositions: frozenset[str]
    place_prepositions: frozenset[str]  # "in Israel": a place after them
    minor_words: frozenset[str]
    honorifics: tuple[str, ...]  # courtesy: Mr, Dr, Sir
    ranks: tuple[str, ...]  # abbreviated ranks and offices: Sgt, Sen., Cllr
    rank_heads: tuple[str, ...]  # hyphenated ranks: every head with every tail ("Lt-Col")
    rank_tails: tuple[str, ...]
    postnominals: tuple[str, ...]
    term_context: tuple[str, ...]
    male_words: frozenset[str]
    female_words: frozenset[str]
    pronouns: dict[str, str] = field(hash=False)
    possessives: dict[str, str] = field(hash=False)  # "her" → "she"
    name_prefix: re.Pattern[str] | None
    particles: frozenset[str]
    given_particles: frozenset[str]
    name_function_words: frozenset[str]
    org_name_links: frozenset[str]
    org_name_joins: frozenset[str]
    title_links: frozenset[str]  # "Minister of Health", "Commissioner for Children"
    title_joins: frozenset[str]  # "Minister of Culture and Sport"
    org_name_inner_words: frozenset[str]  # "Coalition for Practical Solutions"
    # Phrase structure: the words between a subject and its cue ("has repeatedly said"), two
    # words that go together there ("has long"), and what opens a clause before a subject.
    auxiliaries: frozenset[str]
    auxiliary_phrases: tuple[tuple[str, str], ...]  # ("has", "long")
    clause_starts: frozenset[str]
    subordinators: frozenset[str]
    copulas: frozenset[str]  # "it’s the fact his old press secretary X is…": X is no subject
    contrasts: frozenset[str]  # "…,” while Mayor Roe said…": a new clause, its own speaker
    topic_openers: frozenset[str]  # "For Jean, that conversation…": Jean is the topic
    relative_pronouns: frozenset[str]  # "Mwale, who is…": a clause describing the speaker
    noun_complements: frozenset[str]  # "the mother of four": the head noun is before "of"
    opening_adverbs: frozenset[str]
    opening_endings: tuple[str, ...]  # "ed", "ing": "Asked whether…", "Responding to…"
    rules: dict[str, str] = field(hash=False)  # the [grammar] table, patterns as written
    _compiled: dict[str, re.Pattern[str] | None] = field(
        default_factory=dict, init=False, repr=False, hash=False
    )

    def grammar_text(self, name: str, **parts: str) -> str | None:
        """The pattern of rule `name` as written in the language's `[grammar]` table, each
        `{part}` in it replaced by the text given (`cue=…`); None when the language has none."""
        text = self.rules.get(name)
        if text is None:
            return None
        for part, value in parts.items():
            text = text.replace("{" + part + "}", value)
        return text

    def grammar(self, name: str) -> re.Pattern[str] | None:
        """The compiled pattern of rule `name` (compiled once), or None: the rule does not fire
        on this language's text."""
        try:
            return self._compiled[name]
        except KeyError:
            text = self.rules.get(name)
            pattern = re.compile(text) if text is not None else None
            self._compiled[name] = pattern
            return pattern

    @cached_property
    def cue_pattern(self) -> str:
        return trie([c.lower() for c in self.cues])

    @cached_property
    def after_cue_pattern(self) -> str:
        """The cues that may follow a quotation: every cue, and the after-only ones."""
        return trie([c.lower() for c in (*self.cues, *self.after_cues)])

    @cached_property
    def honorific_words(self) -> frozenset[str]:
        """First words that may open an honorific: a quick test before the expression."""
        words = {*self.honorifics, *self.ranks}
        words |= {f"{head}-{tail}" for head in self.rank_heads for tail in self.rank_tails}
        return frozenset(words)

    @cached_property
    def honorific(self) -> re.Pattern[str]:
        """One or more honorifics opening a name, each with an optional period."""
        words = list(self.honorifics) + list(self.ranks)
        words += [f"{head}-{tail}" for head in self.rank_heads for tail in self.rank_tails]
        if not words:
            return re.compile("(?!)")
        return re.compile(rf"^(?:(?:{trie(words)})\.?\s++)++")

    @cached_property
    def trailing_honorific(self) -> re.Pattern[str]:
        """An honorific left at the end of a title: "lead author Dr."."""
        if not self.honorifics:
            return re.compile("(?!)")
        return re.compile(rf"\s*+\b(?:{trie(list(self.honorifics))})\.?$")

    @cached_property
    def inner_title(self) -> re.Pattern[str]:
        """An abbreviated title inside a longer one: "State Rep. Alan Price"."""
        words = list(self.honorifics) + list(self.ranks)
        if not words:
            return re.compile("(?!)")
        return re.compile(
            rf"^(?P<title>(?:[A-Z][\w.’'-]*+\s+){{1,4}}?(?:{trie(words)})\.?)"
            rf"\s+(?P<name>[A-Z].*)$"
        )

    @cached_property
    def postnominal(self) -> re.Pattern[str]:
        """Honours written after a name, at its end."""
        if not self.postnominals:
            return re.compile("(?!)")
        return re.compile(rf"(?:,?+\s++(?:{trie(list(self.postnominals))})\.?)++$")

    @cached_property
    def term_context_pattern(self) -> re.Pattern[str] | None:
        if not self.term_context:
            return None
        words = "|".join(self.term_context)
        return re.compile(rf"\b(?:{words})\W*+$", re.IGNORECASE)

    def is_org_word(self, token: str) -> bool:
        """An organisation word ("Council", "ministry"), or an acronym in its own case ("WHO",
        not "who"; "AP", not "ap")."""
        bare = token.strip(".,’'")
        return bare in self.org_acronyms or bare.lower() in self.org_words

    def pronoun(self, word: str) -> str | None:
        """What a pronoun can stand for ("male", "female", "person", "group"), or None."""
        return self.pronouns.get(word.lower())


_NAME_KEYS = (
    "title_words", "role_titles", "name_titles", "title_prefixes", "given_name_titles",
    "title_subjects", "org_words", "org_acronyms", "honorifics", "ranks", "rank_heads",
    "rank_tails", "street_words", "abbreviations",
)  # fmt: skip


def load(language: str | None) -> Lexicon:
    """The lexicon of a language, read once per process: one instance per language, whatever
    the tag's spelling ("en", "EN", "en-GB")."""
    return _load(base_language(language))


@lru_cache(maxsize=64)
def _load(code: str) -> Lexicon:
    data = _table(code)
    if borrowed := data.get("borrow_names_from"):
        # Titles, honorifics and organisation words written in another language inside this
        # one's text ("Colonel Boysie Zungu" in isiZulu): words of names only, no cues.
        other = _table(borrowed)
        for key in _NAME_KEYS:
            merged = list(data.get(key, ())) + list(other.get(key, ()))
            data = {**data, key: merged}
    names = _table("names")
    role_titles = _lower(data, "role_titles")
    prefix = data.get("name_prefix")
    return Lexicon(
        language=code,
        cues=tuple(data.get("cues", ())),
        participle_cues=tuple(data.get("participle_cues", ())),
        after_cues=tuple(data.get("after_cues", ())),
        stance_verbs=_lower(data, "stance_verbs"),
        body_nouns=_lower(data, "body_nouns"),
        verb_second=bool(data.get("verb_second", False)),
        title_words=_lower(data, "title_words"),
        role_titles=role_titles,
        name_titles=role_titles | _lower(data, "name_titles"),
        title_prefixes=_lower(data, "title_prefixes"),
        given_name_titles=_lower(data, "given_name_titles"),
        regnal_titles=_lower(data, "regnal_titles"),
        title_subjects=_lower(data, "title_subjects"),
        org_words=_lower(data, "org_words")
        | _lower(names, "org_suffixes")
        | _lower(names, "org_words"),
        org_acronyms=frozenset(data.get("org_acronyms", ()))
        | frozenset(names.get("org_suffix_acronyms", ())),
        role_nouns=frozenset(data.get("role_nouns", ())),
        description_nouns=role_titles
        | _lower(data, "name_titles")
        | _lower(data, "role_nouns")
        | _lower(data, "description_nouns"),
        determiners=_lower(data, "determiners"),
        definite_articles=_lower(data, "definite_articles"),
        articles=_lower(data, "articles"),
        before_no_name=_lower(data, "before_no_name"),
        listener_cues=_lower(data, "listener_cues"),
        verdict_objects=_lower(data, "verdict_objects"),
        coordinators=_lower(data, "coordinators"),
        demonstratives=_lower(data, "demonstratives"),
        indefinite_articles=_lower(data, "indefinite_articles"),
        plural_speakers=_lower(data, "plural_speakers"),
        not_name_words=_lower(data, "not_name_words"),
        street_words=_lower(data, "street_words"),
        place_words=_lower(data, "place_words"),
        abbreviations=_lower(data, "abbreviations"),
        org_references=_lower(data, "org_references"),
        spokes=_lower(data, "spokes"),
        documents=_lower(data, "documents"),
        person_nouns=_lower(data, "person_nouns"),
        common_starts=_lower(data, "common_starts"),
        connectives=_lower(data, "connectives"),
        prepositions=_lower(data, "prepositions"),
        place_prepositions=_lower(data, "place_prepositions"),
        minor_words=_lower(data, "minor_words"),
        honorifics=tuple(data.get("honorifics", ())),
        ranks=tuple(data.get("ranks", ())),
        rank_heads=tuple(data.get("rank_heads", ())),
        rank_tails=tuple(data.get("rank_tails", ())),
        postnominals=tuple(data.get("postnominals", ())),
        term_context=tuple(data.get("term_context", ())),
        male_words=_lower(data, "male_words"),
        female_words=_lower(data, "female_words"),
        pronouns={k.lower(): v for k, v in data.get("pronouns", {}).items()},
        possessives={k.lower(): v for k, v in data.get("possessives", {}).items()},
        name_prefix=re.compile(prefix) if prefix else None,
        particles=_lower(names, "particles"),
        given_particles=_lower(names, "given_particles"),
        name_function_words=_lower(names, "name_function_words"),
        org_name_links=_lower(names, "org_name_links"),
        org_name_joins=_lower(names, "org_name_joins"),
        title_links=_lower(names, "title_links"),
        title_joins=_lower(names, "title_joins"),
        org_name_inner_words=_lower(names, "org_name_inner_words"),
        auxiliaries=_lower(data, "auxiliaries"),
        auxiliary_phrases=tuple(
            (head, tail)
            for head, _, tail in (
                p.lower().rpartition(" ") for p in data.get("auxiliary_phrases", ())
            )
        ),
        clause_starts=_lower(data, "clause_starts"),
        subordinators=_lower(data, "subordinators"),
        copulas=_lower(data, "copulas"),
        contrasts=_lower(data, "contrasts"),
        topic_openers=_lower(data, "topic_openers"),
        relative_pronouns=_lower(data, "relative_pronouns"),
        noun_complements=_lower(data, "noun_complements"),
        opening_adverbs=_lower(data, "opening_adverbs"),
        opening_endings=tuple(data.get("opening_endings", ())),
        rules=_rules(data.get("grammar", {})),
    )


def _rules(table: dict[str, str | list[str]]) -> dict[str, str]:
    """A `[grammar]` table: each pattern one string, or a list of strings read as one (a
    long pattern written over several lines)."""
    return {k: v if isinstance(v, str) else "".join(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def honorific_words() -> frozenset[str]:
    """Every language's honorifics and courtesy titles, lower case: the words a speaker's
    name is compared without across the corpus, whatever language it was quoted in (a
    name's first word only, see speakers/names.py)."""
    folder = resources.files(_DATA).joinpath("lexicon")
    words: set[str] = set()
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            code = entry.name.removesuffix(".toml")
            data = _table(code)
            for key in ("honorifics", "courtesy_titles"):
                # Not ranks ("Gen", "Sen" are given names too), and no other language's
                # short forms ("M", "Me", "Bi" open names: "M Kumar", "Me Linh Tran").
                words.update(
                    w.lower() for w in data.get(key, ()) if code == DEFAULT_LANGUAGE or len(w) > 2
                )
    return frozenset(words)


_CURRENT: ContextVar[Lexicon] = ContextVar(
    "newsscrape_quote_lexicon",
    default=load(DEFAULT_LANGUAGE),  # noqa: B039 (a frozen dataclass, never changed)
)
# The lexicon of the text being read (English outside `using`). The context variable's own
# bound method: every stage asks for it, hundreds of times an article, and a Python wrapper
# around it cost 4% of the engine's time.
current: Callable[[], Lexicon] = _CURRENT.get


@contextmanager
def using(language: str | None) -> Iterator[Lexicon]:
    """Read text in `language` inside the block."""
    lexicon = load(language)
    token = _CURRENT.set(lexicon)
    try:
        yield lexicon
    finally:
        _CURRENT.reset(token)
