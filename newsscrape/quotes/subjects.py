"""Who a speech verb inside a clause reports: its subject, the name closing a long phrase
before it, the inner speaker of reported speech ("Lacerda said Epstein told her:"), or, in
verb-second languages, the name right after it ("sagte Bennett:").
"""

from __future__ import annotations

import re
from itertools import islice

from newsscrape.quotes.cuewords import (
    MAX_CUES_PER_CLAUSE,
    cue_words,
    np_length,
    patterns,
    without_auxiliaries,
)
from newsscrape.quotes.lexicon import current
from newsscrape.quotes.mentions import Mention, parse_mention
from newsscrape.quotes.verbs import reads_as_noun, takes_infinitive


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
    np = without_auxiliaries(np)  # "The letter also said", "Roe has repeatedly said"
    if (joined := _joined_subject(np)) is not None:
        return joined
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


def _joined_subject(np: str) -> Mention | None:
    """ "Bennett criticised Sa’ar, the leader of New Hope, and said:": a verb joined to an
    earlier one shares its subject, the name opening the clause."""
    lex = current()
    words = np.split()
    lead = lex.grammar("participle_subject")
    if len(words) < 3 or words[-1].lower() not in lex.coordinators or lead is None:
        return None
    found = lead.match(np)
    mention = parse_mention(found["np"]) if found else None
    if mention is not None and mention.kind in ("person", "surname", "org", "pronoun"):
        return mention
    return None


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
    lex = current()
    that = lex.grammar("reported_that")
    if that is None:
        return None
    best = None
    previous = first
    for cue in cues[cues.index(first) + 1 :]:
        between = without_auxiliaries(that.sub("", clause[previous.end() : cue.start()].strip()))
        previous = cue
        words = between.split()
        cut = max((i for i, w in enumerate(words) if w.lower() in lex.subordinators), default=-1)
        if cut >= 0:
            # "Mbumba said he was present when doctors told those…:": the subordinate
            # clause's own subject.
            between, kinds = " ".join(words[cut + 1 :]), (*_INNER_KINDS, "unnamed")
        else:
            kinds = _INNER_KINDS
        if not between or np_length(between) > 4 or takes_infinitive(clause, cue):
            continue  # "…said Israel continued to act with “impunity”": no inner speech
        mention = parse_mention(between)
        if mention.kind in kinds:
            best = (mention, cue.group(0).lower())
    return best


# Who may speak inside reported speech: a name or a pronoun right after the outer cue; after
# a subordinating word, nobody named ("when doctors told those…") too.
_INNER_KINDS: tuple[str, ...] = ("person", "surname", "pronoun", "org")
