"""Speech cues next to a quotation, and the speaker phrase each one points at.

- after the quotation: `…,” said Name, Title.` / `…,” Name said.` (`after`);
- before it, in its sentence: `Name said that “…”`, `According to Name, “…”`, a cue
  earlier in the sentence (`before`), or a clause ending in a colon (`intro`);
- an embedded phrase: `Name called the ruling “regrettable”` (the verb needs an object,
  which tells it from naming: `a group called “…”`).

The speech verbs are compiled in cuewords.py; the subject of a cue inside a clause is read
by subjects.py. The phrase patterns (according to, "on Tuesday", "in a statement") are the
rules of the lexicon's `[grammar]` table, and a rule the language does not provide does not
fire.
"""

from __future__ import annotations

from functools import lru_cache

from newsscrape.quotes.cuewords import (
    clean_np,
    cue_before_end,
    np_length,
    patterns,
    without_auxiliaries,
)
from newsscrape.quotes.lexicon import Lexicon, current
from newsscrape.quotes.mentions import Mention, document_author, parse_mention
from newsscrape.quotes.sentences import TERMINAL, sentence_before
from newsscrape.quotes.subjects import subject_mention, subject_of_cue


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
    if text.split(None, 1)[0].lower() in current().contrasts:
        return None  # "…,” while Mayor Roe said…": another clause, another speaker's words
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
    """A clause introducing a quotation: "…, Name said:" or just "Title, Name:".

    Kept for the last few clauses: a quotation running over paragraphs reads its
    introduction twice, to split it (neighbours.py) and to attribute it.
    """
    return _intro(clause, current())


@lru_cache(maxsize=16)
def _intro(clause: str, lex: Lexicon) -> tuple[Mention, str] | None:
    clause = clause.strip().rstrip(":").strip()
    if not clause:
        return None
    head, comma, last = clause.rpartition(",")
    if comma and last.strip().lower() in current().participle_cues:
        # "Khan alleged that Munir was behind the crackdown on his party, PTI, stating:":
        # the participle speaks for the subject of the clause before it.
        found = subject_of_cue(head)
        if found and found[0].kind in ("person", "surname", "org", "pronoun"):
            return found[0], last.strip().lower()
    ending = cue_before_end(clause)
    if ending is not None and ending[0].strip():
        mention = subject_mention(ending[0])
        if mention.kind != "unknown":
            return mention, ending[1].lower()
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
    if mention.kind in ("unnamed", "unknown") and (document := _document_subject(clause)):
        return document, ":"  # "The book focuses on his own leadership …:": its author's
    if mention.kind in ("person", "org", "unnamed") and len(clause.split()) <= 25:
        return mention, ":"
    if mention.kind == "surname" and "," in mention.text and len(clause.split()) <= 25:
        return mention, ":"  # a witness by first name, described: "Rosalie, 29, from Manila:"
    return subject_of_cue(clause)


def _document_subject(clause: str) -> Mention | None:
    """A clause opening on a document as its subject ("The book focuses…", "Her letter
    goes on…"): the document, which resolution reads as its author's."""
    lex = current()
    words = clause.split()[:3]
    if len(words) < 2 or not (
        words[0].lower() in lex.articles or words[0].lower() in lex.possessives
    ):
        return None
    for i in (1, 2):
        if i < len(words) and words[i].lower().strip(",") in lex.documents:
            found = parse_mention(" ".join(words[: i + 1]))  # "Her letter": hers
            return found if found.kind != "unknown" else None
    return None


def before(text_before: str) -> tuple[Mention, str, str] | None:
    """Attribution standing before the quotation in the same sentence."""
    if not text_before:
        return None
    if text_before.endswith(":"):
        found = intro(text_before)
        return (found[0], found[1], "colon-intro") if found else None
    ending = cue_before_end(text_before)
    if ending is not None and ending[0].strip():
        mention = subject_mention(ending[0])
        if mention.kind != "unknown":
            return mention, ending[1].lower(), "before-cue"
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
    if (author := document_author(text_before)) is not None:
        # "His remarks that “…”", "the group’s statement on Monday that “…”": the words of
        # whoever made them.
        return author, "said", "before-cue"
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
    lex = current()
    embedded = lex.grammar("embedded")
    match = embedded.match(text_before) if embedded is not None else None
    words = match["obj"].lower().split() if match else []
    if not words or words[0] not in lex.verdict_objects:
        return False
    if any(word not in lex.articles for word in words[1:]):
        return False  # "calls it a “…”", not "calls it home “…”"
    np = match["np"]
    if (lead := lex.grammar("participle_subject")) is not None and match["verb"].endswith("ing"):
        # "Trump has questioned the organisation, calling it a “…”": the participle's
        # subject is the sentence's.
        found = lead.match(np)
        np = found["np"] if found else ""
    return bool(np) and parse_mention(np).kind in ("person", "org", "surname")


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
