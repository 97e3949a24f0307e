"""Speaker mentions: split the noun phrase next to a speech cue into name, title, organisation.

Patterns (each rule names the press convention it serves):

- apposition: "Natalya Zviagina, Amnesty International’s Moscow Office Director" and
  "Amnesty International’s Deputy Regional Director for Campaigns, Ming Yu Hah": comma-separated
  segments; the one that is only a name is the speaker, its neighbours are the title.
- title then name without a comma: "Deputy Director of Advocacy Sherine Tadros" (names.py).
- name then affiliation: "Lucía Ferrer of the Valdoria Neighbourhood Federation".
- relative clauses describe the speaker and are skipped: "Ben Carter, who uses a wheelchair,".
- organisations as speakers: a phrase with an organisation word (orgs.py).
- unnamed speakers: a determiner and a common noun ("one activist in Mozambique", "a
  spokesperson"): the mention is kept, the speaker stays unknown.
- pronouns and surnames are returned as such; resolution.py links them to a full name.

Words come from the language's lexicon, and the phrase patterns (leading conjunctions,
"X, which…", "a spokesperson for", a document for its author) from its `[grammar]` table:
a rule the language does not provide does not fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from functools import lru_cache

from newsscrape.quotes.lexicon import Lexicon, current
from newsscrape.quotes.names import (
    is_name_token,
    is_person_name,
    trailing_name,
    without_honorific,
    without_postnominals,
)
from newsscrape.quotes.orgs import (
    is_org_name,
    is_proper_phrase,
    is_seat,
    split_title,
    without_article,
    without_owner,
)
from newsscrape.quotes.phrases import (
    Mention,
    is_description,
    is_role,
    is_title_like,
    name_segment,
    named_body,
    person,
    segments_of,
    titled_surname,
)
from newsscrape.quotes.wordtrie import trie

# A news dateline opening a paragraph: "NAIROBI (Reuters) – ", "KUMASI — ".
DATELINE = re.compile(r"^[A-Z][A-Z.,'’ -]{1,40}(?:\([^)]{1,30}\))?\s*[–—-]\s+")
# The question and answer labels of an interview transcript: "Q: Harold Venn once called…".
INTERVIEW_LABEL = re.compile(r"^(?:Q|A)\s*+[:.]\s+")
_PARENTHESIS = re.compile(r"\s*+\([^()]{0,80}\)")
_GRACE_K = re.compile(r"\s[A-Z]$")


# The mentions of the article being read: the same phrase is parsed once ("she", "the
# company", "Roe" come back; a quarter of the calls repeat one). Set by `reading()`.
_MEMO: ContextVar[dict[str, Mention] | None] = ContextVar("newsscrape_mentions", default=None)


MAX_PHRASE = 400  # characters: the longest speaker phrase read (the gold set's: 180)


@contextmanager
def reading() -> Iterator[None]:
    """Parse mentions once per phrase inside the block (one article)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def parse_mention(phrase: str) -> Mention:
    """Analyse the phrase naming who spoke (without the cue verb). Mentions are values:
    nothing changes one once it is parsed, so a memo may hand out the same object."""
    memo = _MEMO.get()
    if memo is None:
        # A phrase's parse reads its own shorter endings ("In a statement the ministry" →
        # "the ministry"), and they theirs: memoised, each ending is parsed once, where a
        # run of "In In In …" took exponential time unmemoised.
        with reading():
            return parse_mention(phrase)
    found = memo.get(phrase)
    if found is None:
        # No speaker phrase runs longer than MAX_PHRASE.
        found = Mention(phrase, "unknown") if len(phrase) > MAX_PHRASE else _parse(phrase)
        memo[phrase] = found
    return found


def _parse(phrase: str) -> Mention:
    """A parse, with postnominals taken off and "the Daily Mail Lacerda" read as a surname."""
    found = _parse_mention(phrase)
    if found.kind == "person" and found.name:
        name = without_postnominals(found.name)
        if name != found.name:  # dataclasses.replace costs a fifth of a parse
            found = replace(found, name=name)
    if (
        found.kind == "person"
        and found.name
        and len(found.name.split()) > 2
        and "the" in phrase
        and re.search(rf"\bthe\s+{re.escape(found.name)}\b", phrase)
    ):
        # "Speaking to the Daily Mail Lacerda": a publication, then a surname.
        return Mention(found.text, "surname", name=found.name.split()[-1])
    return found


def _parse_mention(phrase: str) -> Mention:
    """A phrase cleaned of datelines, interview labels, noun-class prefixes, asides and leading
    conjunctions, then read as a pronoun, a document, an organisation with "which", a
    titled surname, or comma segments (phrases.py); an opening clause is skipped."""
    lex = current()
    text = phrase.strip(" ,.:;")
    if _GRACE_K.search(text) and phrase.rstrip(" ,:;").endswith("."):
        text += "."  # "Grace K.": the initial keeps its point
    if text[1:2].isupper():  # a dateline opens in capitals: "NAIROBI (Reuters) – "
        text = DATELINE.sub("", text)
    if text[:1] in "QA":
        text = INTERVIEW_LABEL.sub("", text)
    if lex.name_prefix is not None:
        # isiZulu and isiXhosa write names with a noun-class prefix: "kusho uZungu".
        text = lex.name_prefix.sub("", text)
    # "Amina (not her real name), 34", "the Commission (CNAR)": an aside, not the name.
    if "(" in text:
        text = _PARENTHESIS.sub("", text)
    text = text.strip(" ,.:;")
    leading = lex.grammar("leading_conjunction")
    unled = leading.sub("", text).strip(" ,") if leading is not None else text
    # "When officers went to the home, former police lieutenant James Hansen": the first
    # segment is a clause of its own, not the subject.
    clause_first = unled != text and "," in unled
    text = unled
    if not text:
        return Mention(phrase.strip(), "unknown")
    if lex.pronoun(text):
        return Mention(text, "pronoun")
    if lex.documents and (author := document_author(text)):
        return author  # "her statement said", "says a note from BankX"
    # "Ohio Nurses United, which represents 1,100 nurses": "which" is never said of a person.
    which_name = lex.grammar("which_name")
    which = which_name.match(text) if which_name is not None else None
    if which and is_proper_phrase(which["name"]):
        org = without_owner(without_article(which["name"]))
        return Mention(text, "org", organisation=org)
    bare = without_honorific(text)
    if bare != text and len(bare.split()) == 1 and is_name_token(bare, True):
        return Mention(text, "surname", name=bare)  # "Mr Assange", "M. Robert"
    segments = segments_of(text)
    if not segments:
        return Mention(text, "unknown")
    found = _parse_segments(text, segments)
    adverbial = len(segments) > 1 and _is_adverbial(segments[0])
    if adverbial and found.kind == "person" and found.text.startswith(segments[0]):
        # "In a post after a meeting with Mark Rutte, the US President": the name in the
        # opening phrase is no subject.
        rest = parse_mention(", ".join(segments[1:]))
        if rest.kind in ("person", "surname", "org", "unnamed", "pronoun"):
            return rest
    if len(segments) > 1 and (
        (found.kind == "unknown" and adverbial)
        or (clause_first and found.kind in ("unknown", "unnamed"))
    ):
        # "At the end of the visit, the High Commissioner", "Asked about the stopbank, Tane"
        rest = parse_mention(", ".join(segments[1:]))
        if rest.kind != "unknown" and (found.kind == "unknown" or rest.kind != "unnamed"):
            return rest
    if found.kind == "unknown" and len(segments) == 1 and _is_adverbial(text):
        return _after_lead_phrase(text) or found
    return found


@lru_cache(maxsize=16)
def _document_patterns(lex: Lexicon) -> tuple[re.Pattern[str], ...] | None:
    """The document patterns of a lexicon (its grammar's `document_possessive`, `_owner` and
    `_source`, completed with its documents and possessives), or None if it has none."""
    parts = {
        "documents": trie(lex.documents),
        "possessives": trie(lex.possessives),
        "document_tail": lex.grammar_text("document_tail") or "",
    }
    names = ("document_possessive", "document_owner", "document_source")
    texts = [lex.grammar_text(name, **parts) for name in names]
    return tuple(re.compile(t) for t in texts if t is not None) if all(texts) else None


def document_author(text: str) -> Mention | None:
    """A document speaks for its author: "her statement" (she), "the Conservatives’ letter
    to the commissioner" (the Conservatives), "a note from BankX" (BankX)."""
    lex = current()
    patterns = _document_patterns(lex)
    if patterns is None:
        return None
    possessive, owner, source = patterns
    if match := possessive.match(text):
        return Mention(lex.possessives[match["who"].lower()], "pronoun")
    match = owner.match(text) or source.match(text)
    if not match:
        return None
    who = match["who"].strip(" ,.")
    end = lex.grammar("document_author_end")
    if end is not None and (cut := end.search(who)) is not None:
        who = who[: cut.start()].strip(" ,.") or who  # "… and his fellows titled ‘…’"
    found = parse_mention(who)
    if found.kind in ("person", "org", "surname"):
        return found
    bare = without_article(who)
    if is_proper_phrase(bare):
        return Mention(text, "org", organisation=bare)  # "BankX", "Goldman Sachs"
    return None


def _after_lead_phrase(text: str) -> Mention | None:
    """The subject after an opening phrase written without its comma: "On social media the
    Metropolitan Police", "In a statement the ministry"."""
    lex = current()
    words = text.split()
    if lex.pronoun(words[-1]):
        return Mention(words[-1], "pronoun")  # "During the meeting he"
    for i in range(2, min(len(words) - 1, 10)):
        if words[i].lower() in lex.articles or words[i][:1].isupper():
            rest = parse_mention(" ".join(words[i:]))
            if rest.kind in ("person", "org", "unnamed", "surname"):
                return rest
    return None


def _is_adverbial(segment: str) -> bool:
    """A phrase opening a sentence before its subject: "In a statement", "Asked whether…"
    (the lexicon's `clause_starts`, `opening_adverbs` and `opening_endings`)."""
    lex = current()
    first = segment.split()[0].lower()
    return (
        first in lex.clause_starts
        or first in lex.opening_adverbs
        or first.endswith(lex.opening_endings)
    )


def _parse_segments(text: str, segments: list[str]) -> Mention:
    """`parse_mention` once the phrase is cut into its comma-separated segments."""
    lex = current()
    if segments[0].split()[0].lower() in lex.plural_speakers:
        return Mention(text, "unnamed")  # "Observers from the regional bloc"
    # Apposition: a segment that is only a name (with a title written before it, or its
    # organisation after it).
    for i in range(len(segments) - 1, -1, -1):
        found = name_segment(segments[i])
        if found:
            lead, name, org = found
            before = segments[i - 1] if i > 0 and is_title_like(segments[i - 1]) else None
            after = (
                segments[i + 1]
                if i + 1 < len(segments) and is_title_like(segments[i + 1])
                else None
            )
            used = [s for s in (before, segments[i], after) if s]
            parts = [s for s in (before, lead, after) if s]
            return person(name, parts, used, organisation=org)
    # Title then name in one segment.
    for i in range(len(segments) - 1, -1, -1):
        split = trailing_name(segments[i])
        if split:
            title, name = split
            extra = [s for s in segments[i + 1 : i + 2] if is_title_like(s)]
            return person(name, [title, *extra], [segments[i], *extra])
    # A title and a surname: "Father Doyle", "Senator Okafor, who chairs the committee",
    # "Father Doyle, the parish priest".
    described = all(is_description(s) for s in segments[1:])
    titled = titled_surname(segments[0])
    if titled and described:
        return Mention(text, "surname", name=titled[1], title=titled[0])
    last = segments[0] if described else segments[-1]
    words = last.split()
    # A surname alone, with its particles: "Okafor", "van der Berg", "de Condé"; or described
    # after it: "Hale, the deputy mayor".
    core = [w for w in words if w.lower() not in lex.particles]
    if (
        (len(segments) == 1 or described)
        and len(core) == 1
        and words[-1] == core[0]
        and is_name_token(core[0], True)
    ):
        lower = core[0].lower()
        if lower not in lex.title_words and not lex.is_org_word(core[0]):
            return Mention(text, "surname", name=last)
    if body := named_body(segments[0]):
        return Mention(text, "org", organisation=body)  # "the Swedish government"
    first_words = segments[0].split()
    if first_words[0].lower() in lex.determiners and (
        len(first_words) == 1
        or not first_words[1][:1].isupper()
        or is_role(first_words[1:])  # "the Minister", "the High Commissioner"
        or _described_by_name(first_words)  # "The Florida fan", "a US official"
    ):
        # "one activist in Mozambique", "a spokesperson for the Home Office"
        _, org = split_title(", ".join(segments))
        spokesperson = lex.grammar("spokesperson_for")
        spokes = spokesperson.search(segments[0]) if spokesperson is not None else None
        if org is None and spokes and is_proper_phrase(spokes["org"]):
            org = spokes["org"]  # "a spokesperson for Ceres Foods": whatever its name says
        modifiers = first_words[1:-1]
        spoke = first_words[-1].lower() in lex.spokes
        if org is None and spoke and modifiers and all(w[:1].isupper() for w in modifiers):
            org = " ".join(modifiers)  # "a Google spokesperson": Google's
        return Mention(text, "unnamed", organisation=org)
    for segment in segments:
        if is_org_name(segment) or is_seat(segment):
            org = without_owner(without_article(segment))
            return Mention(text, "org", name=None, organisation=org)
    if _definite_name(segments):
        # "the Treasury", "the Pentagon": a capitalised name after the definite article, no
        # title nor role, is an institution.
        return Mention(text, "org", organisation=" ".join(first_words[1:]))
    return Mention(text, "unknown")


def _described_by_name(words: list[str]) -> bool:
    """A determiner, capitalised modifiers and a common noun as head: "The Florida fan", "a
    US official", "the Tory veteran" describe a person; "the Labour party" (an
    organisation word) does not."""
    head = words[-1].strip(".,")
    return (
        3 <= len(words) <= 4
        and words[0].lower() in current().articles
        and head.isalpha()
        and head.islower()
        and not current().is_org_word(head)
    )


def _definite_name(segments: list[str]) -> bool:
    """One segment of the definite article and one to three capitalised words that are no
    title ("the King" is a role) and no person's name."""
    lex = current()
    words = segments[0].split()
    return (
        len(segments) == 1
        and 2 <= len(words) <= 4
        and words[0].lower() in lex.definite_articles
        and all(w[:1].isupper() for w in words[1:])
        and not any(w.lower().strip(".,") in lex.title_words for w in words[1:])
        and not is_person_name(" ".join(words[1:]))
    )
