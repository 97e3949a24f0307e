"""Speech cues next to a quotation, and the speaker phrase each one points at.

- after the quotation: `…,” said Name, Title.` / `…,” Name said.` (`after`);
- before it, in its sentence: `Name said that “…”`, `According to Name, “…”`, a cue
  earlier in the sentence (`before`), or a clause ending in a colon (`intro`);
- an embedded phrase: `Name called the ruling “regrettable”` (the verb needs an object,
  which tells it from naming: `a group called “…”`).

The speech verbs are the lexicon's, compiled once per language into prefix-tree regular
expressions; the phrase patterns (according to, "on Tuesday", "in a statement") are the
rules of the lexicon's `[grammar]` table, and a rule the language does not provide does not
fire. Every pattern is linear: possessive or atomic where a run could be split between two
quantifiers, and the auxiliaries before a cue are stripped by a scanner, not a repeated
group.
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
from newsscrape.quotes.verbs import reads_as_noun, takes_infinitive

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
    # Whom it was said to, or when, between the cue and the quotation: "told reporters".
    trailer = lex.grammar_text("cue_trailer") or ""
    group = lex.grammar_text("group_subject", cue=cue)
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
        group_subject=re.compile(group) if group is not None else None,
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


def without_auxiliaries(np: str) -> str:
    """ "Jo Roe has repeatedly" → "Jo Roe": the auxiliaries and adverbs before a cue go (the
    lexicon's `auxiliaries`, and its `auxiliary_phrases` such as "has long").

    A scanner from the end, word by word: the regular expression it replaces (a repeated
    group of alternatives such as "had" and "had earlier") backtracked exponentially on a
    300-character paragraph of repeated "had earlier". The first word always stays.
    """
    lex = current()
    auxiliaries = lex.auxiliaries
    if not auxiliaries:
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
        for head, tail in lex.auxiliary_phrases:
            if word == tail and np[:gap].lower().endswith(" " + head):
                gap -= len(head) + 1  # "has long"
                while gap > 0 and np[gap - 1].isspace():
                    gap -= 1
                break
        else:
            if word not in auxiliaries:
                break
        keep = pos = gap
    return np if keep is None else np[:keep]


def np_length(np: str) -> int:
    """Words in a speaker phrase, not counting a relative clause before the cue: "Ben Carter,
    who has cycled to work every day for eleven years, said" is two words long."""
    if "," in np and (relative := current().grammar("relative_clause")) is not None:
        np = relative.sub("", np)
    return len(np.split())


def clean_np(np: str) -> str:
    """The speaker phrase after a cue, without what follows it ("…, adding", "today")."""
    if (tail := current().grammar("np_tail")) is not None:
        np = tail.sub("", np)
    return np.strip(" ,.;:")


def runs_on(quoted: str, after: str) -> bool:
    """A quotation inside a sentence that goes on with no comma after it ("Hijazi told the
    court that “death looms large” in Gaza, as Israel continues to…"): a cue before it is
    its attribution, not a later "Name said" in another clause."""
    run_on = current().grammar("run_on")
    return (
        run_on is not None
        and not quoted.rstrip().endswith((",", ".", "!", "?", "…"))
        and bool(run_on.match(after))
    )


def reads(after: str) -> bool:
    """ "…,” it reads.": a text quoted, no speaker."""
    document = current().grammar("document_reads")
    return document is not None and document.match(after) is not None


def after(text_after: str) -> tuple[Mention, str] | None:
    """`,” said Name, Title.` and `,” Name said.`"""
    text = text_after.lstrip(" ,—–-").strip()
    if (adding := current().grammar("adding")) is not None:
        # "…,” Ibrahim says, adding: “…”": the attribution of this quotation, then the next.
        text = adding.sub("", text)
    if not text or text.endswith(":"):
        return None  # "…”, Name said:" introduces the next quotation, not this one
    found = _after(text)
    word, comma, rest = text.partition(", ")
    if found is None and comma and word.isalpha() and word.islower() and len(word) <= 12:
        found = _after(rest)  # "…”, too, says Rhoads.": an adverb before the attribution
    return found


def _after(text: str) -> tuple[Mention, str] | None:
    """`after` on the text once cleaned: the cue first, or the speaker first."""
    cues = patterns()
    match = cues.after_cue_first.match(text)
    if match and match["np"].strip():
        mention = parse_mention(clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, match["cue"].lower()
    according = current().grammar("according_after")
    if according is not None and (match := according.match(text)):
        mention = parse_mention(clean_np(match["np"]))
        if mention.kind != "unknown":
            return mention, "according to"
    match = cues.after_np_first.match(text)
    if match and np_length(match["np"]) <= 14:
        # "…,” the Treasury has said.": the auxiliaries before the cue are no part of it.
        mention = parse_mention(without_auxiliaries(clean_np(match["np"])))
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
        mention = subject_mention(match["np"])
        if mention.kind != "unknown":
            return mention, match["cue"].lower()
    according = current().grammar("according_to")
    match = according.search(clause) if according is not None else None
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
        mention = subject_mention(match["np"])
        if mention.kind != "unknown":
            return mention, match["cue"].lower(), "before-cue"
    lex = current()
    according = lex.grammar("according_to")
    match = according.search(text_before) if according is not None else None
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
    # "Mwaura called the ruling “regrettable”": a phrase the speaker used. The verb needs an
    # object, which tells it from naming ("a group called ‘Bridge Street Together’").
    embedded = lex.grammar("embedded")
    match = embedded.match(text_before) if embedded is not None else None
    if match:
        mention = parse_mention(without_auxiliaries(match["np"]))
        if mention.kind in ("person", "org", "pronoun", "surname"):
            return mention, match["verb"].lower(), "embedded"
    # "…estimates, which Adeyemi-Lowe described as “notoriously optimistic.”": the object is
    # the relative pronoun before the speaker.
    relative = lex.grammar("relative_embedded")
    match = relative.search(text_before) if relative is not None else None
    if match:
        mention = parse_mention(without_auxiliaries(match["np"]))
        if mention.kind in ("person", "org", "surname"):
            return mention, match["verb"].lower(), "embedded"
    return None


def calls_it(text_before: str) -> bool:
    """ "Ortega-Bell called it “the most ambitious plan…”": a named speaker's verdict on
    something already mentioned, not a name given to it ("a group called ‘…’")."""
    embedded = current().grammar("embedded")
    match = embedded.match(text_before) if embedded is not None else None
    if not match or match["obj"].lower() not in ("it", "them", "this", "that"):
        return False
    return parse_mention(match["np"]).kind in ("person", "org", "surname")


def subject_of_cue(clause: str) -> tuple[Mention, str] | None:
    """The speaker of a cue inside a clause: "Tuilau added that the Alliance would…"."""
    cues = patterns()
    lex = current()
    found = list(islice(cue_words(clause), MAX_CUES_PER_CLAUSE))
    passive, passive_to = lex.grammar("passive"), lex.grammar("passive_to")
    for cue in found:
        np = without_auxiliaries(clause[: cue.start()].strip())
        if takes_infinitive(clause, cue) or reads_as_noun(clause, cue.start()):
            continue
        if passive and passive_to and passive_to.match(clause, cue.end()):
            np = passive.sub("", np)  # "Harry is said to have responded…"
        elif passive and passive.search(np):
            continue  # "the charity was declared an “…”": its subject did not speak
        if not np:
            continue
        if np.split()[0].lower() in lex.subordinators and _clause_ended(clause, cue.end()):
            # "While the Conservatives have said…, Rachel Reeves has pledged…": the cue's
            # clause ended; the quotation is the main clause's.
            continue
        if np_length(np) <= 12:
            mention = subject_mention(np)
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


def _clause_ended(clause: str, at: int) -> bool:
    """Whether a comma after `at` is followed by a clause of its own (two words or more),
    not by the quotation itself ("As Roe said, “…”")."""
    comma = clause.rfind(",", at)
    return comma >= 0 and len(clause[comma + 1 :].split()) >= 2


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


def subject_mention(np: str) -> Mention:
    """The speaker phrase before a cue, read whole; a long phrase that reads as nobody in
    particular gives way to the name closing it ("The move was criticised by … and Jo Roe Jr
    who wrote:", "…, the best month is January, which Tessa says:") or to a description
    after narration ("…, a bit higher than gas, the economist replies")."""
    mention = parse_mention(np)
    if mention.kind == "unnamed" and np_length(np) > 5 and (named := _tail_name(np)):
        return named
    head, _, last = (mention.text or np).rpartition(",")
    words = last.split()
    if (
        mention.kind in ("unknown", "unnamed")
        and head.strip()[:1].islower()
        and words
        and words[0].lower() in current().definite_articles
    ):
        # "Asked why…, a bit higher than gas, the economist replies": narration, then the
        # subject next to the cue.
        return parse_mention(last.strip())
    return mention


def _tail_name(np: str) -> Mention | None:
    """A name closing a long phrase before a cue, after a comma, "which" or "and"."""
    lex = current()
    clause_tail = lex.grammar("clause_tail")
    if clause_tail is None:
        return None
    tail = clause_tail.sub("", np.rsplit(",", 1)[-1].strip(' ”"’'))
    if (relative_end := lex.grammar("relative_end")) is not None:
        tail = relative_end.sub("", tail)  # "…and Donald Trump Jr who wrote on X:"
    if tail and np_length(tail) <= 4 and tail[:1].isupper():
        mention = parse_mention(tail)
        if mention.kind in ("person", "surname", "org"):
            return mention
    return None


def _innermost(
    clause: str, cues: list[re.Match[str]], first: re.Match[str]
) -> tuple[Mention, str] | None:
    """Speech reported inside reported speech: "Lacerda said Epstein told her: “…”" is
    Epstein's; the last cue whose subject, written right after the cue before it, is a
    name or a pronoun (the language's `reported_that` rule: English word order)."""
    that = current().grammar("reported_that")
    if that is None:
        return None
    best = None
    previous = first
    for cue in cues[cues.index(first) + 1 :]:
        between = without_auxiliaries(that.sub("", clause[previous.end() : cue.start()].strip()))
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
