"""Speech cues next to a quotation, and the speaker phrase each one points at.

- after the quotation: `…,” said Name, Title.` / `…,” Name said.` (`after`);
- before it, in its sentence: `Name said that “…”`, `According to Name, “…”`, a cue
  earlier in the sentence (`before`), or a clause ending in a colon (`intro`);
- an embedded phrase: `Name called the ruling “regrettable”` (the verb needs an object,
  which tells it from naming: `a group called “…”`).

The speech verbs are the lexicon's, compiled once per language into prefix-tree regular
expressions; the English phrase patterns (according to, "on Tuesday", "in a statement")
run on English text only. Every pattern here is linear: possessive or atomic where a run
could be split between two quantifiers, and the auxiliaries before a cue are stripped by a
scanner, not a repeated group.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from newsscrape.quotes.lexicon import Lexicon, current
from newsscrape.quotes.mentions import Mention, parse_mention
from newsscrape.quotes.sentences import TERMINAL, sentence_before

# Cue words tried per clause (as the verb of its subject) and per paragraph (for reported
# speech). Each try re-reads the text up to the cue, so trying every one is quadratic: 4,000
# "said" in a paragraph took 9 s. Prose has a handful (the gold set: at most 5 a paragraph).
MAX_CUES_PER_CLAUSE = 10
MAX_CUES_PER_PARAGRAPH = 50


@dataclass(frozen=True, slots=True)
class CuePatterns:
    """The regular expressions of one language's speech verbs."""

    after_cue_first: re.Pattern[str]
    after_np_first: re.Pattern[str]
    before_cue: re.Pattern[str]
    cue_word: re.Pattern[str]
    cue_word_lower: re.Pattern[str]  # the same, case-sensitive, for text already lower-cased
    group_subject: re.Pattern[str] | None


@lru_cache(maxsize=64)
def _compile(lex: Lexicon) -> CuePatterns:
    """The cue patterns of a lexicon, compiled once (lexicons are compared by identity)."""
    cue = lex.cue_pattern
    after = lex.after_cue_pattern
    if lex.english:
        # Whom it was said to, or when: "said on Tuesday", "told reporters", "told
        # Philadelphia Magazine:" (its capitals case-sensitive: "told her" is no recipient).
        # `[\w ]++` is possessive and the recipient group atomic: a backtracking run of
        # words could be split between them in exponentially many ways ("Jane said the Abc
        # the Abc … the Abc;" took minutes).
        trailer = (
            r"(?:\s+(?:that|on \w+day|today|yesterday|in a statement|in a tweet|reporters"
            r"|journalists|the (?-i:[A-Z])[\w ]++"
            r"|(?>(?-i:[A-Z])[\w’'&.-]*+(?:\s+(?-i:[A-Z])[\w’'&.-]*+){0,4})))*+"
        )
        group = re.compile(
            rf"(?:^|,\s*)(?P<np>[A-Z][\w’'-]*+(?:\s+[A-Z][\w’'-]*+)*+\s+and\s+(?:\w+\s+)?other"
            rf"(?:\s+[\w-]+){{1,3}})\s+(?:have\s+|had\s+|also\s+)?(?P<cue>{cue})\b"
        )
    else:
        trailer = ""
        group = None
    return CuePatterns(
        after_cue_first=re.compile(rf"^(?P<cue>{after})\b\s*+(?P<np>.*)$", re.IGNORECASE),
        after_np_first=re.compile(
            rf"^(?P<np>[^“”\"«»]{{1,150}}?)\s+(?P<cue>{after})\b(?P<rest>.*)$", re.IGNORECASE
        ),
        before_cue=re.compile(
            rf"^(?P<np>.*?)\s*\b(?P<cue>{cue})\b{trailer}\s*+[,:]?\s*+$", re.IGNORECASE
        ),
        cue_word=re.compile(rf"\b(?:{cue})\b", re.IGNORECASE),
        cue_word_lower=re.compile(rf"\b(?:{cue})\b"),
        group_subject=group,
    )


def patterns() -> CuePatterns:
    """The cue patterns of the text being read."""
    return _compile(current())


def cue_words(text: str) -> Iterator[re.Match[str]]:
    """The speech verbs of a text, in order. Matched on the lower-cased text when lower-casing
    keeps every offset (it does but for a few letters such as "İ"): twice as fast as matching
    case-insensitively."""
    lower = text.lower()
    if len(lower) == len(text):
        return patterns().cue_word_lower.finditer(lower)
    return patterns().cue_word.finditer(text)


_ACCORDING = re.compile(r"according to\s+(?P<np>.+?)\s*+,?\s*+$", re.IGNORECASE)
_NP_TAIL = re.compile(
    r"(?:,\s*+(?:who|which|in a|on \w+day"
    # A participle after the name ("…,” says Fedchin, referencing the war"), not a title
    # adjective ("Jane Roe, founding director of…").
    r"|(?!(?:founding|managing|acting|leading|visiting|outgoing|incoming|presiding|governing"
    r"|ranking|serving|consulting|supervising|reporting|practising|practicing)\b)[a-z]+ing)\b.*"
    r"|(?<!\s)\s++(?:in a statement|in a tweet|in an interview|on \w+day|today|yesterday"
    r"|last week|this week|at a press conference|to reporters|to journalists)\b.*)$",
    re.IGNORECASE,
)
_RELATIVE_CLAUSE = re.compile(r",\s*+(?:who|whose|whom|which)\b.*$", re.IGNORECASE | re.DOTALL)
# A document's own words: "…,” it reads." / "…,” the amendment reads."
READS = re.compile(r"^[,\s]*+(?:it|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:reads|read|states)\b")
# Words that carry a sentence on past a quotation set inside it.
_RUN_ON = re.compile(
    r"^\s*+(?:in|while|when|between|to|for|on|at|of|and|but|because|after|before|from|with"
    r"|by|into|over|than|that|which|where|if|since|so|or|amid|despite|during|against|across"
    r"|is|was|are|were|has|had|have|will|would)\b"
)
_EMBEDDED = re.compile(
    r"^(?P<np>.+?)\s+(?P<verb>called|calls|described|describes|branded|brands|labelled"
    r"|labeled|termed|dismissed|dismisses|hailed|hails|condemned|condemns|accused|accuses)"
    r"\s+(?P<obj>[^\s“”\"«»‘].{0,80}?)(?:\s+(?:as|of))?\s*$",
    re.IGNORECASE,
)
_RELATIVE_EMBEDDED = re.compile(
    r"\b(?:which|whom|that|what)\s+(?P<np>[^,;:“”\"«»]{1,80}?)\s+(?P<verb>called|calls"
    r"|described|describes|termed|terms|dubbed|dubs|labelled|labeled|branded|brands)"
    r"(?:\s+as)?\s*+$",
    re.IGNORECASE,
)
# Auxiliaries and adverbs between a subject and its cue: "it has repeatedly said".
_AUXILIARIES = frozenset((
    "has", "have", "had", "will", "would", "also", "previously", "repeatedly", "later", "then",
    "once", "again", "already", "often", "earlier",
))  # fmt: skip
# The passive of reported speech: "Harry is said to have responded…" (not "was declared an
# “undesirable” organisation", where the subject is not the speaker).
_PASSIVE = re.compile(r"\s+(?:is|was|are|were)$", re.IGNORECASE)
_TO = re.compile(r"\s*+to\s")
_ADDING = re.compile(r",\s*+(?:before\s+)?(?:adding|continuing|concluding)\s*+:$", re.IGNORECASE)


def without_auxiliaries(np: str) -> str:
    """ "Jo Roe has repeatedly" → "Jo Roe": the auxiliaries and adverbs before a cue go.

    A scanner from the end, word by word: the regular expression it replaces (a repeated
    group of alternatives such as "had" and "had earlier") backtracked exponentially on a
    300-character paragraph of repeated "had earlier". The first word always stays.
    """
    if not current().english:
        return np
    end = len(np.rstrip())
    keep = None
    pos = end
    while True:
        start = pos
        while start > 0 and not np[start - 1].isspace():
            start -= 1
        if start == 0:
            break
        word = np[start:pos].lower()
        gap = start
        while gap > 0 and np[gap - 1].isspace():
            gap -= 1
        if word == "long" and np[:gap].lower().endswith(" has"):
            gap -= 4  # "has long"
            while gap > 0 and np[gap - 1].isspace():
                gap -= 1
        elif word not in _AUXILIARIES:
            break
        keep = pos = gap
    return np if keep is None else np[:keep]


def np_length(np: str) -> int:
    """Words in a speaker phrase, not counting a relative clause before the cue: "Ben Carter,
    who has cycled to work every day for eleven years, said" is two words long."""
    if "," in np and current().english:
        np = _RELATIVE_CLAUSE.sub("", np)
    return len(np.split())


def clean_np(np: str) -> str:
    """The speaker phrase after a cue, without what follows it ("…, adding", "today")."""
    if current().english:
        np = _NP_TAIL.sub("", np)
    return np.strip(" ,.;:")


def runs_on(quoted: str, after: str) -> bool:
    """A quotation inside a sentence that goes on with no comma after it ("Hijazi told the
    court that “death looms large” in Gaza, as Israel continues to…"): a cue before it is
    its attribution, not a later "Name said" in another clause."""
    return (
        current().english
        and not quoted.rstrip().endswith((",", ".", "!", "?", "…"))
        and bool(_RUN_ON.match(after))
    )


def reads(after: str) -> bool:
    """ "…,” it reads.": a text quoted, no speaker."""
    return current().english and READS.match(after) is not None


def after(text_after: str) -> tuple[Mention, str] | None:
    """`,” said Name, Title.` and `,” Name said.`"""
    text = text_after.lstrip(" ,—–-").strip()
    if current().english:
        # "…,” Ibrahim says, adding: “…”": the attribution of this quotation, then the next.
        text = _ADDING.sub("", text)
    if not text or text.endswith(":"):
        return None  # "…”, Name said:" introduces the next quotation, not this one
    cues = patterns()
    match = cues.after_cue_first.match(text)
    if match and match["np"].strip():
        mention = parse_mention(clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, match["cue"].lower()
    match = cues.after_np_first.match(text)
    if match and np_length(match["np"]) <= 14:
        mention = parse_mention(clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, match["cue"].lower()
    return None


def intro(clause: str) -> tuple[Mention, str] | None:
    """A clause introducing a quotation: "…, Name said:" or just "Title, Name:"."""
    clause = clause.strip().rstrip(":").strip()
    if not clause:
        return None
    match = patterns().before_cue.match(clause)
    if match and match["np"].strip():
        mention = parse_mention(match["np"])
        if mention.kind != "unknown":
            return mention, match["cue"].lower()
    match = _ACCORDING.search(clause) if current().english else None
    if match:
        mention = parse_mention(clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, "according to"
    mention = parse_mention(clause)
    named = subject_of_cue(clause) if mention.kind in ("unnamed", "unknown") else None
    if named and named[0].kind in ("person", "surname", "org", "pronoun"):
        return named  # "The move was criticised by … Jo Roe Jr who wrote online:"
    if mention.kind in ("person", "org", "unnamed") and len(clause.split()) <= 25:
        return mention, ":"
    if mention.kind == "surname" and "," in mention.text and len(clause.split()) <= 25:
        return mention, ":"  # a witness by first name, described: "Rosalie, 29, from Manila:"
    return subject_of_cue(clause)


def before(text_before: str) -> tuple[Mention, str, str] | None:
    """Attribution standing before the quotation in the same sentence."""
    if not text_before:
        return None
    if text_before.endswith(":"):
        found = intro(text_before)
        return (found[0], found[1], "colon-intro") if found else None
    match = patterns().before_cue.match(text_before)
    if match and match["np"].strip():
        mention = parse_mention(match["np"])
        if mention.kind != "unknown":
            return mention, match["cue"].lower(), "before-cue"
    english = current().english
    match = _ACCORDING.search(text_before) if english else None
    if match:
        # "According to Phiri-Banda, the turnout reflected “…”": the name, then the claim.
        for np in (match["np"], match["np"].split(",")[0]):
            mention = parse_mention(clean_np(np))
            if mention.kind != "unknown":
                return mention, "according to", "before-cue"
    # "She said the decision was “a disgrace”": a cue earlier in the sentence.
    found = subject_of_cue(text_before)
    if found:
        return (*found, "before-cue")
    if not english:
        return None
    # "Mwaura called the ruling “regrettable”": a phrase the speaker used. The verb needs an
    # object, which tells it from naming ("a group called ‘Bridge Street Together’").
    match = _EMBEDDED.match(text_before)
    if match:
        mention = parse_mention(without_auxiliaries(match["np"]))
        if mention.kind in ("person", "org", "pronoun", "surname"):
            return mention, match["verb"].lower(), "embedded"
    # "…estimates, which Adeyemi-Lowe described as “notoriously optimistic.”": the object is
    # the relative pronoun before the speaker.
    match = _RELATIVE_EMBEDDED.search(text_before)
    if match:
        mention = parse_mention(without_auxiliaries(match["np"]))
        if mention.kind in ("person", "org", "surname"):
            return mention, match["verb"].lower(), "embedded"
    return None


def calls_it(text_before: str) -> bool:
    """ "Ortega-Bell called it “the most ambitious plan…”": a named speaker's verdict on
    something already mentioned, not a name given to it ("a group called ‘…’")."""
    match = _EMBEDDED.match(text_before) if current().english else None
    if not match or match["obj"].lower() not in ("it", "them", "this", "that"):
        return False
    return parse_mention(match["np"]).kind in ("person", "org", "surname")


def subject_of_cue(clause: str) -> tuple[Mention, str] | None:
    """The speaker of a cue inside a clause: "Tuilau added that the Alliance would…"."""
    cues = patterns()
    lex = current()
    found = list(islice(cue_words(clause), MAX_CUES_PER_CLAUSE))
    for cue in found:
        np = without_auxiliaries(clause[: cue.start()].strip())
        if lex.english and _TO.match(clause, cue.end()):
            np = _PASSIVE.sub("", np)  # "Harry is said to have responded…"
        if not np:
            continue
        if np_length(np) <= 12:
            mention = parse_mention(np)
            if mention.kind == "unnamed" and np_length(np) > 5 and (named := _tail_name(np)):
                mention = named  # "The move was criticised by … and Jo Roe Jr who wrote:"
            if mention.kind != "unknown":
                return _innermost(clause, found, cue) or (mention, cue.group(0).lower())
        # "In past statements it has said that…": the subject is the pronoun before the cue.
        last = np.split()[-1]
        if lex.pronoun(last):
            return parse_mention(last), cue.group(0).lower()
        # "…, which Tessa says:": a name closing a long clause, after a comma or "which".
        if named := _tail_name(np):
            return named, cue.group(0).lower()
    if lex.verb_second and (inverted := _subject_after(clause, found)):
        return inverted
    # "…, ReliefBridge and eleven other aid agencies said the blockade was “…”": several
    # speakers together, none of them the speaker; never the speaker of an earlier quotation.
    if cues.group_subject and (group := cues.group_subject.search(clause)):
        return Mention(group["np"], "unnamed"), group["cue"].lower()
    return None


_AFTER_VERB = re.compile(r"\s*+(?P<np>[A-ZÀ-ÖØ-Þ][\w’'-]*+(?:\s+[A-ZÀ-ÖØ-Þ][\w’'-]*+){0,3}|\w+)")


def _subject_after(clause: str, cues: list[re.Match[str]]) -> tuple[Mention, str] | None:
    """Verb-second languages: "In einem Interview sagte Bennett:" — the subject right after
    the speech verb, a name or a pronoun."""
    for cue in cues:
        match = _AFTER_VERB.match(clause, cue.end())
        if match:
            mention = parse_mention(match["np"])
            if mention.kind in ("person", "surname", "pronoun", "org"):
                return mention, cue.group(0).lower()
    return None


def _tail_name(np: str) -> Mention | None:
    """A name closing a long phrase before a cue, after a comma, "which" or "and" (English)."""
    if not current().english:
        return None
    tail = _CLAUSE_TAIL.sub("", np.rsplit(",", 1)[-1].strip(' ”"’'))
    tail = _RELATIVE_END.sub("", tail)  # "…and Donald Trump Jr who wrote on X:"
    if tail and np_length(tail) <= 4 and tail[:1].isupper():
        mention = parse_mention(tail)
        if mention.kind in ("person", "surname", "org"):
            return mention
    return None


_RELATIVE_END = re.compile(r"\s+(?:who|which|that)$", re.IGNORECASE)
_CLAUSE_TAIL = re.compile(r"^.*?\b(?:which|who|whom|as|and|but|while)\s+", re.IGNORECASE)
_THAT = re.compile(r"^(?:that|then)\s+", re.IGNORECASE)


def _innermost(
    clause: str, cues: list[re.Match[str]], first: re.Match[str]
) -> tuple[Mention, str] | None:
    """Speech reported inside reported speech: "Lacerda said Epstein told her: “…”" is
    Epstein's; the last cue whose subject, written right after the cue before it, is a
    name or a pronoun (English word order)."""
    if not current().english:
        return None
    best = None
    previous = first
    for cue in cues[cues.index(first) + 1 :]:
        between = without_auxiliaries(_THAT.sub("", clause[previous.end() : cue.start()].strip()))
        previous = cue
        if not between or np_length(between) > 4:
            continue
        mention = parse_mention(between)
        if mention.kind in ("person", "surname", "pronoun", "org"):
            best = (mention, cue.group(0).lower())
    return best


def colon_paragraph(paragraphs: list[str], index: int) -> str | None:
    """The paragraph(s) introducing a quotation that opens paragraph `index`."""
    j = index - 1
    if j < 0:
        return None
    candidate = paragraphs[j].strip()
    if (
        j > 0
        and not candidate.endswith(":")
        and len(candidate.split()) <= 8
        and not candidate.endswith(TERMINAL)
        and paragraphs[j - 1].strip().endswith(":")
    ):
        j -= 1  # a short subheading between "Title, Name:" and the quotation
        candidate = paragraphs[j].strip()
    if not candidate.endswith(":"):
        return None
    text = candidate
    if j > 0:
        previous = paragraphs[j - 1].strip()
        if previous and not previous.endswith(TERMINAL):
            text = previous + " " + text  # a title cut by a paragraph break
    return sentence_before(text, len(text))
