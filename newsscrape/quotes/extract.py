"""Direct quotes and who said them, from an article's paragraphs.

Each quotation found by `marks.find_spans` is attributed by the first rule that applies
(the `pattern` field of the result names it, so errors can be counted per rule):

- `after-cue`: `…,” said Name, Title.` / `…,” Name said.` / `…,” says Name.` / `…,” she said.`
- `colon-intro`: a clause ending in a colon introduces the quotation, in the same paragraph
  (`As one activist said: “…”`) or as the paragraph before, possibly with its title cut by
  a paragraph break or a short subheading in between.
- `before-cue`: `Name said that “…”`, `According to Name, “…”`, a cue earlier in the
  sentence (`Tuilau added that the Alliance would…: “…”`).
- `embedded`: a phrase the speaker used: `Name called the ruling “regrettable”` (the verb
  needs an object, which tells it from naming: `a group called “…”`).
- `cataphora`: a standalone quotation whose speaker the next paragraph names ("With these
  words, the Minister of Health opened…"); a role is resolved to the person the article
  names in it.
- `same-paragraph`: a second quoted sentence right after an attributed one.
- `continuation`: a quotation opening the paragraph after a quoted paragraph inherits its
  speaker.
- `inherited`: an unattributed quotation later in the text takes the last speaker (lower
  confidence).

Pronouns, surnames and generic references ("the network said") are resolved by salience: the
person or organisation most recently said to speak before the mention, as a quote's speaker or
as the subject of reported speech. A short quotation right after an attributed one in the same
paragraph continues it, however short. Sentence boundaries skip abbreviations ("Prof.", "J.").
Quoted titles, scare quotes and names of charges are returned with kind "term", not as quotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from itertools import islice
from typing import Any

from newsscrape.quotes.marks import Span, find_spans
from newsscrape.quotes.mentions import (
    HONORIFIC,
    NGUNI_PREFIX,
    PRONOUNS,
    Mention,
    is_description_noun,
    is_org_name,
    is_person_name,
    is_title_word,
    parse_mention,
    split_leading_title,
    titled_person,
    without_article,
    without_owner,
    without_postnominals,
)

CUES = (
    "said", "says", "say", "added", "adds", "told", "tells", "wrote", "writes", "stated",
    "states", "explained", "explains", "noted", "notes", "warned", "warns", "argued", "argues",
    "insisted", "insists", "urged", "urges", "declared", "declares", "stressed", "stresses",
    "continued", "continues", "concluded", "concludes", "commented", "comments", "remarked",
    "asked", "asks", "replied", "replies", "responded", "responds", "acknowledged",
    "admitted", "announced", "claimed", "confirmed", "emphasised", "emphasized", "observed",
    "recalled", "revealed", "suggested", "tweeted", "posted", "maintained", "testified",
    # Present tense (features and interviews: "she recalls") and further verbs of speech.
    "acknowledges", "admits", "announces", "claims", "confirms", "emphasises", "emphasizes",
    "observes", "recalls", "reveals", "suggests", "tweets", "maintains", "testifies",
    "snapped", "snaps", "quipped", "quips", "joked", "jokes", "conceded", "concedes",
    "cautioned", "cautions", "vowed", "vows", "pledged", "pledges", "promised", "promises",
    "predicted", "predicts", "recounted", "recounts", "reiterated", "reiterates", "retorted",
    "retorts", "countered", "counters", "exclaimed", "shouted", "whispered", "alleged",
    "alleges", "complained", "complains", "lamented", "laments", "boasted", "boasts", "mused",
    "muses", "pleaded", "demanded", "demands", "pointed out", "points out", "wondered",
    "wonders", "elaborated", "interjected", "advised", "advises",
    "a déclaré", "a dit", "a affirmé", "a ajouté", "a-t-il dit", "a-t-elle dit", "sagte",
    "erklärte", "dijo", "afirmó", "señaló",
    # isiZulu and isiXhosa: "…” kusho uZungu." / "…” utshilo uMamothame."
    "kusho", "utshilo", "watsho",
)  # fmt: skip


def _trie(words: list[str]) -> str:
    """One regex alternation for many words, as a prefix tree: 4x faster than a flat list."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(tree)


_CUE = _trie([c.lower() for c in CUES])
_AFTER_CUE_FIRST = re.compile(rf"^(?P<cue>{_CUE})\b\s*(?P<np>.*)$", re.IGNORECASE)
_AFTER_NP_FIRST = re.compile(
    rf"^(?P<np>[^“”\"«»]{{1,150}}?)\s+(?P<cue>{_CUE})\b(?P<rest>.*)$", re.IGNORECASE
)
# `[\w ]++` is possessive: with a backtracking `+` the run of words after "the" could be split
# between it and the repeated group in exponentially many ways, and a sentence like "Jane said
# the Abc the Abc … the Abc;" took minutes (24 repeats: 20 s). The possessive form matches the
# same sentences, since nothing after the run can start with a word character.
_BEFORE_CUE = re.compile(
    rf"^(?P<np>.*?)\s*\b(?P<cue>{_CUE})\b(?:\s+(?:that|on \w+day|today|yesterday|in a statement"
    r"|in a tweet|reporters|journalists|the [A-Z][\w ]++"
    # whom it was told to: "told Philadelphia Magazine:" (atomic: no backtracking into it)
    r"|(?>[A-Z][\w’'&.-]*+(?:\s+[A-Z][\w’'&.-]*+){0,4})))*+\s*[,:]?\s*$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"according to\s+(?P<np>.+?)\s*,?\s*$", re.IGNORECASE)
_NP_TAIL = re.compile(
    r"(?:,\s*(?:who|which|in a|on \w+day"
    # A participle after the name ("…,” says Fedchin, referencing the war"), not a title
    # adjective ("Jane Roe, founding director of…").
    r"|(?!(?:founding|managing|acting|leading|visiting|outgoing|incoming|presiding|governing"
    r"|ranking|serving|consulting|supervising|reporting|practising|practicing)\b)[a-z]+ing)\b.*"
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
    r"|headline|article|operation|law|act|bill|policy|doctrine|motion|resolution"
    # the same naming contexts in French, Spanish and German
    r"|rapport|campagne|intitulée?s?|baptisée?s?|appelée?s?|nommée?s?|dénommée?s?|slogan"
    r"|informe|campaña|titulad[oa]s?|llamad[oa]s?|Bericht|Kampagne|genannt|mit dem Titel)\W*$",
    re.IGNORECASE,
)
# Contexts where quotation marks set off a name: the naming verb or noun right before them.
_NAMING = re.compile(
    r"\b(?:(?:call(?:s|ed|ing)|dub(?:s|bed)|label(?:s|led)|brand(?:s|ed)|name[sd]"
    r"|term(?:s|ed)|titled|entitled)(?:\s+(?:it|them|this|the|a|an|its|their|his|her))*"
    r"|(?:banners?|placards?|signs?|posters?|t-shirts?|slogans?)\s+(?:reading|saying|that read)"
    r"|reading|emblazoned with|inscribed with|known as|so-called"
    r"|(?:report|briefing|study|survey|campaign|website|petition|book|film|documentary|hashtag"
    r"|programme|program|initiative|operation)s?,?)[\s,]*$",
    re.IGNORECASE,
)
# "The network said": a generic noun standing for an organisation named earlier.
_ORG_REFERENCES = frozenset((
    "organization", "organisation", "group", "ngo", "charity", "movement", "network",
    "alliance", "coalition", "company", "firm", "ministry", "agency", "council", "union",
    "committee", "commission", "foundation", "institute", "association", "federation",
    "party", "government", "department", "club", "hospital", "university", "trust", "board",
    "authority", "campaign", "society", "centre", "center", "bank", "fund", "service",
    "league", "court", "tribunal", "regulator", "police", "force", "army", "military",
    "office", "bureau", "municipality", "city", "county", "state", "school", "college",
    "airline", "operator", "utility", "insurer", "lender",
))  # fmt: skip
# "A spokesperson for Oxfam said": the organisation speaks.
_SPOKES = frozenset(("spokesperson", "spokesman", "spokeswoman", "representative"))

CONFIDENCE = {
    "after-cue": 0.95,
    "colon-intro": 0.95,
    "before-cue": 0.9,
    "embedded": 0.85,
    "cataphora": 0.8,
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
        # Every field is a scalar: a flat dict, without asdict's deep copy (6x slower).
        return {name: getattr(self, name) for name in _QUOTE_FIELDS}


_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))


@dataclass(slots=True)
class _Speaker:
    name: str | None
    mention: str | None
    title: str | None
    organisation: str | None
    is_person: bool


_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "st", "sen", "rep", "gov", "gen", "lt", "col", "capt",
    "sgt", "rev", "hon", "jr", "sr", "no", "inc", "ltd", "co", "corp", "mt", "ft", "cllr",
    "fr", "messrs", "vs", "approx", "dept", "univ", "est", "fig", "vol", "det", "insp",
    "supt", "cpl", "pte", "maj", "cmdr", "cdr", "adm", "brig", "const", "atty", "amb", "sec",
    "pres", "cpt", "mme", "mlle", "dott", "dra", "revd", "ch",
))  # fmt: skip


def _word_before(text: str, end: int) -> str:
    """The run of word characters and dots that ends at `end` ("U.S" before "U.S.").

    Walked back from `end` rather than found by a regular expression anchored at the end,
    which rescans the text from its start for every period: quadratic, 20 s for a paragraph
    of 5,000 "Mr. ".
    """
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._"):
        start -= 1  # str.isalnum() and "_": what a regex \w matches
    return text[start:end]


def _is_abbreviation(text: str, dot: int) -> bool:
    """A period that ends "Prof.", an initial ("J.") or "U.S.", not a sentence."""
    word = _word_before(text, dot)
    if not word:
        return False
    return (
        word.lower() in _ABBREVIATIONS
        or (len(word) == 1 and word.isupper())
        or ("." in word and len(word.replace(".", "")) <= 3)
    )


# How far from a quotation its sentence is read, back and forward. Real sentences are far
# shorter (the gold set's longest: 347 characters); unbounded, every quotation re-read its
# paragraph from the start, and a 20 kB paragraph of short quotations took half a minute.
_SENTENCE_WINDOW = 1000


def _sentence_before(text: str, at: int) -> str:
    """The part of the sentence that precedes position `at` (at most _SENTENCE_WINDOW)."""
    head = text[max(0, at - _SENTENCE_WINDOW) : at]
    start = 0
    for match in _SENTENCE_END.finditer(head):
        if head[match.start()] == "." and _is_abbreviation(head, match.start()):
            continue
        start = match.end()
    return head[start:].strip()


def _sentence_after(text: str, at: int) -> str:
    """The rest of the sentence after position `at`, up to the next quotation mark."""
    tail = text[at : at + _SENTENCE_WINDOW]
    cut = len(tail)
    for ch in '“"«„‘':
        pos = tail.find(ch)
        if pos != -1:
            cut = min(cut, pos)
    for match in re.finditer(r"[.!?](?:\s|$)", tail[:cut]):
        if tail[match.start()] == "." and _is_abbreviation(tail, match.start()):
            continue
        cut = match.start()
        break
    return tail[:cut].strip()


_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|whose|whom|which)\b.*$", re.IGNORECASE | re.DOTALL)


def _np_length(np: str) -> int:
    """Words in a speaker phrase, not counting a relative clause before the cue: "Ben Carter,
    who has cycled to work every day for eleven years, said" is two words long."""
    return len(_RELATIVE_CLAUSE.sub("", np).split())


def _clean_np(np: str) -> str:
    """The speaker phrase after a cue, without what follows it ("…, adding", "today")."""
    return _NP_TAIL.sub("", np).strip(" ,.;:")


# A document's own words: "…,” it reads." / "…,” the amendment reads."
_READS = re.compile(r"^[,\s]*(?:it|the\s+[\w-]+(?:\s+[\w-]+)?)\s+(?:reads|read|states)\b")
# Words that carry a sentence on past a quotation set inside it.
_RUN_ON = re.compile(
    r"^\s*(?:in|while|when|between|to|for|on|at|of|and|but|because|after|before|from|with"
    r"|by|into|over|than|that|which|where|if|since|so|or|amid|despite|during|against|across"
    r"|is|was|are|were|has|had|have|will|would)\b"
)


def _runs_on(quoted: str, after: str) -> bool:
    """A quotation inside a sentence that goes on with no comma after it ("Hijazi told the
    court that “death looms large” in Gaza, as Israel continues to…"): a cue before it is
    its attribution, not a later "Name said" in another clause."""
    return not quoted.rstrip().endswith((",", ".", "!", "?", "…")) and bool(_RUN_ON.match(after))


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
    if match and _np_length(match["np"]) <= 14:
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
    if mention.kind == "surname" and "," in mention.text and len(clause.split()) <= 25:
        return mention, ":"  # a witness by first name, described: "Rosalie, 29, from Manila:"
    return _subject_of_cue(clause)


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
        # "According to Phiri-Banda, the turnout reflected “…”": the name, then the claim.
        for np in (match["np"], match["np"].split(",")[0]):
            mention = parse_mention(_clean_np(np))
            if mention.kind != "unknown":
                return mention, "according to", "before-cue"
    # "She said the decision was “a disgrace”": a cue earlier in the sentence.
    found = _subject_of_cue(before)
    if found:
        return (*found, "before-cue")
    # "Mwaura called the ruling “regrettable”": a phrase the speaker used. The verb needs an
    # object, which tells it from naming ("a group called ‘Bridge Street Together’").
    match = _EMBEDDED.match(before)
    if match:
        mention = parse_mention(_AUXILIARIES.sub("", match["np"]))
        if mention.kind in ("person", "org", "pronoun", "surname"):
            return mention, match["verb"].lower(), "embedded"
    # "…estimates, which Adeyemi-Lowe described as “notoriously optimistic.”": the object is
    # the relative pronoun before the speaker.
    match = _RELATIVE_EMBEDDED.search(before)
    if match:
        mention = parse_mention(_AUXILIARIES.sub("", match["np"]))
        if mention.kind in ("person", "org", "surname"):
            return mention, match["verb"].lower(), "embedded"
    return None


_RELATIVE_EMBEDDED = re.compile(
    r"\b(?:which|whom|that|what)\s+(?P<np>[^,;:“”\"«»]{1,80}?)\s+(?P<verb>called|calls"
    r"|described|describes|termed|terms|dubbed|dubs|labelled|labeled|branded|brands)"
    r"(?:\s+as)?\s*$",
    re.IGNORECASE,
)


def _calls_it(before: str) -> bool:
    """ "Ortega-Bell called it “the most ambitious plan…”": a named speaker's verdict on
    something already mentioned, not a name given to it ("a group called ‘…’")."""
    match = _EMBEDDED.match(before)
    if not match or match["obj"].lower() not in ("it", "them", "this", "that"):
        return False
    return parse_mention(match["np"]).kind in ("person", "org", "surname")


_EMBEDDED = re.compile(
    r"^(?P<np>.+?)\s+(?P<verb>called|calls|described|describes|branded|brands|labelled"
    r"|labeled|termed|dismissed|dismisses|hailed|hails|condemned|condemns|accused|accuses)"
    r"\s+(?P<obj>[^\s“”\"«»‘].{0,80}?)(?:\s+(?:as|of))?\s*$",
    re.IGNORECASE,
)


_CUE_WORD = re.compile(rf"\b(?:{_CUE})\b", re.IGNORECASE)


# Cue words tried per clause (as the verb of its subject) and per paragraph (for reported
# speech). Each try re-reads the text up to the cue, so trying every one is quadratic: 4,000
# "said" in a paragraph took 9 s. Prose has a handful (the gold set: at most 5 a paragraph).
_MAX_CUES_PER_CLAUSE = 10
_MAX_CUES_PER_PARAGRAPH = 50


def _subject_of_cue(clause: str) -> tuple[Mention, str] | None:
    """The speaker of a cue inside a clause: "Tuilau added that the Alliance would…"."""
    for cue in islice(_CUE_WORD.finditer(clause), _MAX_CUES_PER_CLAUSE):
        np = _AUXILIARIES.sub("", clause[: cue.start()].strip())
        if not np:
            continue
        if _np_length(np) <= 12:
            mention = parse_mention(np)
            if mention.kind != "unknown":
                return mention, cue.group(0).lower()
        # "In past statements it has said that…": the subject is the pronoun before the cue.
        last = np.split()[-1]
        if last.lower() in PRONOUNS:
            return parse_mention(last), cue.group(0).lower()
    # "…, ReliefBridge and eleven other aid agencies said the blockade was “…”": several
    # speakers together, none of them the speaker; never the speaker of an earlier quotation.
    if group := _GROUP_SUBJECT.search(clause):
        return Mention(group["np"], "unnamed"), group["cue"].lower()
    return None


_GROUP_SUBJECT = re.compile(
    rf"(?:^|,\s*)(?P<np>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s+and\s+(?:\w+\s+)?other"
    rf"(?:\s+[\w-]+){{1,3}})\s+(?:have\s+|had\s+|also\s+)?(?P<cue>{_CUE})\b"
)


# Auxiliaries and adverbs between a subject and its cue: "it has repeatedly said".
_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|will|would|also|previously|repeatedly|later|then|once|again"
    r"|already|often|has\s+long|had\s+earlier|earlier))+\s*$",
    re.IGNORECASE,
)


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


Position = tuple[int, int]  # (paragraph, character offset)
# A name's capitalised words, with middle initials ("John F. Kennedy") and a final initial
# that stands for a withheld surname ("Grace K.").
_NAME_RUN = re.compile(
    r"\b[A-Z][\w’'\-]+(?:(?:\s+(?:(?:al|el|bin|ibn|de|van|von|der|den|da|di|du|la|le|dos"
    r"|das|del|ter)\s+)*(?:al-|el-)?(?:[A-Z][\w’'\-]+|[A-Z]\.(?=\s+[A-Z][\w’'\-]+))){1,5}"
    r"(?:\s+[A-Z]\.(?!\w|\s+[A-Z]))?"
    r"|\s+[A-Z]\.(?!\w|\s+[A-Z]))"
)
# A capitalised name opening a sentence, up to its verb: "The Hellenic Coast Guard did…".
_ORG_SUBJECT = re.compile(
    r"((?:[Tt]he\s+)?(?:[A-Z][\w’'&.-]*\s+(?:(?:of|for|and|on|the)\s+)*){0,8}"
    r"[A-Z][\w’'&.-]*)\s+[a-z]"
)
# Capitalised words that open sentences without being anyone's surname.
_COMMON_STARTS = frozenset((
    "the", "a", "an", "in", "on", "at", "but", "and", "it", "he", "she", "they", "we", "this",
    "that", "these", "those", "there", "his", "her", "their", "its", "after", "before",
    "since", "when", "while", "as", "if", "for", "of", "to", "by", "with", "from", "so",
))  # fmt: skip
# Words that open a sentence before its subject.
_CONNECTIVES = frozenset((
    "but", "and", "however", "yet", "still", "meanwhile", "instead", "later", "then", "now",
    "so", "also", "indeed", "earlier",
))  # fmt: skip
_PREPOSITIONS = frozenset((
    "of", "to", "with", "against", "for", "by", "from", "about", "on", "at", "in", "and",
    "accused", "charged", "sentenced", "arrested", "detained", "released", "against",
))  # fmt: skip
_PERSON_NOUNS = frozenset((
    "man", "woman", "boy", "girl", "mother", "father", "resident", "activist", "witness",
    "survivor", "worker", "student", "doctor", "nurse", "teacher", "farmer", "official",
    "lawyer", "spokesperson", "spokesman", "spokeswoman", "officer", "source", "neighbour",
    "neighbor", "victim", "refugee", "migrant", "villager", "protester", "relative", "son",
    "daughter", "wife", "husband", "brother", "sister", "parent", "employee", "member",
))  # fmt: skip


def _names_a_person(text: str) -> bool:
    """ "One man from Aleppo" (a person: he/she) rather than "the group" (it/they)."""
    return any(w.strip(".,").lower() in _PERSON_NOUNS for w in text.split()[:4])


def _sentence_starts(text: str) -> list[int]:
    starts = [0]
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == "." and _is_abbreviation(text, match.start()):
            continue
        starts.append(match.end())
    return starts


_POSSESSIVE_END = re.compile(r"[’']s?$")  # "Jean’s", "the workers’"
_POSSESSIVE_S = re.compile(r"[’']s$")  # "Jean Mowbray’s garden" names Jean Mowbray
# What a speaker issued, standing for them: "The statement added:".
_DOCUMENTS = frozenset(("statement", "letter", "release", "filing", "post", "tweet", "email"))
# An organisation's own words in writing: "the association’s submission", "the board's letter".
_OWNED_STATEMENT = re.compile(
    r"^(?:the|this)\s+(?P<owner>\w+)[’']s?\s+(?:written\s+|latest\s+|own\s+)?"
    r"(?:statement|letter|release|submission|filing|report|response|post|tweet|email|notice)\b",
    re.IGNORECASE,
)
_YEAR_OLD = re.compile(r"\d{1,3}-year-old")


_PLACE_PREPOSITIONS = r"(?:in|from|into|against|across|inside|throughout|within|towards?)"


class _Resolver:
    """Links pronouns, surnames and "the network" to the speaker they stand for.

    Salience by position: a pronoun refers to the person most recently *said to speak*
    before it, whether as the speaker of a quotation or as the subject of reported speech
    ("Dr. Fatoumata Traoré, who led the trial site, said families had walked…" makes her
    the referent of a later "she said"). Names merely mentioned (objects, places) are not
    candidates.
    """

    def __init__(self, paragraphs: list[str], spans: Sequence[Span] = ()) -> None:
        self.paragraphs = paragraphs
        # What is inside quotation marks, by paragraph: a cue in there ("A mother asked me,
        # …" inside a quotation) is the quoted speaker's story, not the article's.
        self._quoted: dict[int, list[tuple[int, int]]] = {}
        for span in spans:
            for piece in span.pieces:
                self._quoted.setdefault(piece.paragraph, []).append((piece.start, piece.end))
        self._names: dict[int, list[str]] = {}
        self._full_names: dict[tuple[str, int, bool], str | None] = {}
        self._places: dict[str, bool] = {}
        # Speakers of quotations so far, and reported speech, by paragraph. Reported speech
        # is parsed on demand, paragraph by paragraph, walking back from the mention.
        self.spoken: dict[int, list[tuple[Position, _Speaker]]] = {}
        self._reported: dict[int, list[tuple[Position, _Speaker]]] = {}

    def _names_in(self, p: int) -> list[str]:
        """The person names written in paragraph `p`, in order (cached)."""
        if p not in self._names:
            names = []
            # "uSipho Mthembu" names Sipho Mthembu; the mark keeps "Ethintwa uSokhela" apart.
            text = NGUNI_PREFIX.sub("|", self.paragraphs[p])
            for match in _NAME_RUN.finditer(text):
                lead = text[max(0, match.start() - 4) : match.start()]
                if lead in ("the ", "The ") and not HONORIFIC.match(match.group(0)):
                    continue  # "the Evening Courier Okoye": a publication, then a surname
                if re.search(r"\w-\s?$", lead):
                    continue  # "i-Echo Eyethu", "anti-Kremlin": a prefixed noun
                if text.startswith((", which", " which"), match.end()):
                    continue  # "Ohio Nurses United, which represents…": no person
                # "Jean Mowbray’s garden" names Jean Mowbray.
                words = _POSSESSIVE_S.sub("", match.group(0)).split()
                if words[0].lower() in _COMMON_STARTS:
                    words = words[1:]  # "When Nadia Farrokhzad opened…"
                if len(words) < 2:
                    continue
                # "Councillor Dermot Keane", "Vice-Chancellor Ingrid Sørensen"; a given name
                # that is also a title stays ("Dean Mills").
                _, name = split_leading_title(HONORIFIC.sub("", " ".join(words)))
                while not is_person_name(name) and words and is_title_word(words[0]):
                    words = words[1:]
                    name = HONORIFIC.sub("", " ".join(words))
                if not is_person_name(name) and (titled := titled_person(" ".join(words))):
                    name = titled[1]  # "Army Staff General Asim Munir"
                name = without_postnominals(name)
                if is_person_name(name):
                    names.append(name)
            self._names[p] = names
        return self._names[p]

    def _full_name(self, surname: str, p: int, *, later: bool = True) -> str | None:
        """The nearest full name ending in `surname`: earlier paragraphs first, then later.

        Failing that, a single word may be a given name, as features and witness accounts
        write people after the first mention ("Pete, 64, shakes his head", "Grace told…"):
        the full name starting with it, if only one person in the article has it.
        """
        key = (surname, p, later)
        if key not in self._full_names:
            self._full_names[key] = self._find_full_name(surname, p, later)
        return self._full_names[key]

    def _find_full_name(self, surname: str, p: int, later: bool) -> str | None:
        last = surname.split()[-1]
        order = [*range(p, -1, -1)]
        if later:
            order += range(p + 1, len(self.paragraphs))
        for q in order:
            for name in reversed(self._names_in(q)):
                if name.split()[-1] == last and name != surname:
                    return HONORIFIC.sub("", name)
        if " " in surname:
            return None
        given = {
            HONORIFIC.sub("", name)
            for q in order
            for name in self._names_in(q)
            if name.split()[0] == surname and name != surname
        }
        if len(given) != 1 or self._is_place(surname):
            return None
        return given.pop()

    def _is_place(self, word: str) -> bool:
        """Whether the article writes `word` as a place ("in Israel", "against Israel"):
        then "Israel said" is the state speaking, not Israel Katz by his given name."""
        if word not in self._places:
            pattern = re.compile(rf"\b{_PLACE_PREPOSITIONS}\s+{re.escape(word)}\b")
            self._places[word] = any(pattern.search(text) for text in self.paragraphs)
        return self._places[word]

    def _reported_speech(self, p: int) -> list[tuple[Position, _Speaker]]:
        """Subjects of speech in paragraph `p` outside quotations: "X said the court…", and
        sentence subjects ("The Hellenic Coast Guard did not respond…", "Raghavan
        rejected…"), which a later pronoun may stand for. Unnamed people ("One man from
        Aleppo told…") are kept too, with no name, so a "he" after them is not given to
        someone else."""
        if p in self._reported:
            return self._reported[p]
        text = self.paragraphs[p]
        events: list[tuple[Position, _Speaker]] = []
        quoted = self._quoted.get(p, [])

        def inside(at: int) -> bool:
            return any(a <= at < b for a, b in quoted)

        for start in _sentence_starts(text):
            if inside(start):
                continue
            subject = _ORG_SUBJECT.match(text, start)
            titled = subject and titled_person(subject.group(1))
            if titled:
                title, name = titled
                events.append(((p, start), _Speaker(name, subject.group(1), title, None, True)))
            elif subject and is_org_name(subject.group(1)):
                org = without_article(subject.group(1))
                events.append(((p, start), _Speaker(org, subject.group(1), None, org, False)))
            elif person := self._subject_person(p, text, start):
                events.append(((p, start), person))
        for cue in islice(_CUE_WORD.finditer(text), _MAX_CUES_PER_PARAGRAPH):
            if inside(cue.start()):
                continue
            np = _sentence_before(text, cue.start())
            if _np_length(np) > 16 and "," in np:
                # "Police have made 378 arrests…, the National Police Chiefs’ Council said"
                np = np.rsplit(",", 1)[1]
            if not np or _np_length(np) > 16 or any(ch in np for ch in '“”"«»‘'):
                continue
            mention = parse_mention(np)
            if mention.kind == "person" and mention.name:
                who = _Speaker(
                    mention.name, mention.text, mention.title, mention.organisation, True
                )
            elif mention.kind == "surname":
                who = self._surname(mention, (p, cue.start()))
            elif mention.kind == "org" and mention.organisation:
                org = mention.organisation
                who = _Speaker(org, mention.text, None, org, False)
            elif (
                mention.kind == "unnamed"
                and mention.organisation
                and _SPOKES & set(mention.text.lower().split())
            ):  # "A spokesperson for the Global Polymer Alliance said…"
                org = mention.organisation
                who = _Speaker(org, mention.text, None, org, False)
            elif mention.kind == "unnamed":
                who = _Speaker(None, mention.text, None, None, _names_a_person(mention.text))
            else:
                continue
            events.append(((p, cue.start()), who))
        self._reported[p] = events
        return events

    def _subject_person(self, p: int, text: str, start: int) -> _Speaker | None:
        """A person named near the start of a sentence, as its subject: "The paper’s lead
        author, Prof. Sunita Raghavan of the Institute, defended…", "Raghavan rejected…"."""
        head = text[start : start + 160]
        cut = min((i for i in (head.find(c) for c in '“"«„‘') if i >= 0), default=len(head))
        head = head[:cut]
        words = head.split(" ", 3)
        first = words[0].strip(",.;:")
        if first.lower() in _CONNECTIVES and len(words) > 1:
            first = words[1].strip(",.;:")  # "But Murray struck…", "However, Murray had…"
        if (
            first[:1].isupper()
            and first.lower() not in _COMMON_STARTS
            and not _POSSESSIVE_END.search(first)  # "Jean’s neighbour, Pete Lazenby, …"
            and (name := self._full_name(first, p, later=False))
        ):
            return _Speaker(name, first, None, None, True)
        for match in _NAME_RUN.finditer(head):
            if match.start() > 100:
                break
            words_before = head[: match.start()].split()
            if words_before and (
                words_before[-1].lower() in _PREPOSITIONS or words_before[-1].endswith("-")
            ):
                continue  # "against Jane Roe"; "kwe- Echo Eyethu", a prefixed noun
            title, name = split_leading_title(HONORIFIC.sub("", match.group(0)))
            if is_person_name(name):
                return _Speaker(name, match.group(0), title, None, True)
        return None

    def _latest(
        self, at: Position, *, person: bool | None, noun: str | None = None,
        surname: str | None = None, partial: list[tuple[Position, _Speaker]] | None = None,
        named: bool = False,
    ) -> _Speaker | None:  # fmt: skip
        """The last speaker before `at` of that kind (whose name has `noun` or `surname`).

        Walks back a paragraph at a time and stops at the first paragraph with a candidate,
        so most mentions never parse more than the paragraph they are in.
        """
        for p in range(at[0], -1, -1):
            here = partial if partial is not None and p == at[0] else self._reported_speech(p)
            best: tuple[Position, _Speaker] | None = None
            for pos, who in here + self.spoken.get(p, []):
                if pos >= at or (person is not None and who.is_person != person):
                    continue
                name = who.name or ""
                if (noun or surname or named) and not name:
                    continue
                if (noun and noun not in name.lower()) or (
                    surname and name.split()[-1] != surname.split()[-1]
                ):
                    continue
                if best is None or pos >= best[0]:
                    best = (pos, who)
            if best:
                return best[1]
        return None

    def _text_before(self, p: int, at: Position) -> str:
        """Paragraph `p` as far as a mention at `at` can look back into it."""
        return self.paragraphs[p][: at[1]] if p == at[0] else self.paragraphs[p]

    def _named_before(self, at: Position) -> _Speaker | None:
        """The person named last before `at`, speaking or not: a feature opens on "Jean
        Mowbray’s garden" and goes on "‘I never thought,’ she says"."""
        for p in range(at[0], -1, -1):
            text = self._text_before(p, at)
            names = [n for n in self._names_in(p) if n in text]
            if names:
                name = HONORIFIC.sub("", names[-1])
                return _Speaker(name, name, None, None, True)
        return None

    def resolve(self, mention: Mention, at: Position) -> _Speaker:
        if mention.kind == "person":
            speaker = _Speaker(
                mention.name, mention.text, mention.title, mention.organisation, True
            )
        elif mention.kind == "surname":
            speaker = self._surname(mention, at)
        elif mention.kind == "pronoun":
            word = mention.text.lower()
            found = None
            if word in ("he", "she", "i", "yena"):
                found = self._latest(at, person=True)
            elif word in ("they", "it", "we"):
                found = self._latest(at, person=False) or self._latest(at, person=None)
            found = found or self._latest(at, person=None)
            if found is None and word in ("he", "she"):
                found = self._named_before(at)
            speaker = (
                _copy(found, mention.text)
                if found
                else _Speaker(None, mention.text, None, None, False)
            )
        elif mention.kind == "org":
            speaker = _Speaker(
                mention.organisation, mention.text, None, mention.organisation, False
            )
        else:  # unnamed: "one activist", "the network", "a spokesperson for Oxfam"
            speaker = self._unnamed(mention, at)
        if speaker.name and not speaker.is_person:
            speaker = self._full_org(speaker, at)
        self.remember(speaker, at)
        return speaker

    def _full_org(self, speaker: _Speaker, at: Position) -> _Speaker:
        """An organisation under its full name: "Harmon Health said" after "owned by Harmon
        Health Systems"; "Chad’s National Commission for…" is the National Commission."""
        name = without_owner(speaker.name or "")
        longer = re.compile(rf"\b{re.escape(name)}(?:\s+[A-Z][\w&.’'-]*){{1,3}}")
        # "UNHCR Assistant High Commissioner" is a person's title, not UNHCR's name.
        name = (
            self._last_org(
                longer, at, lambda org: not any(is_title_word(w) for w in org[len(name) :].split())
            )
            or name
        )
        if name == speaker.name and name.lower() in _ORG_REFERENCES:
            # "The College urged…" after "The Royal College of GPs (RCGP) highlighted…"
            found = self._org_named(name.lower(), at, longer=True)
            if found and found.name:
                name = found.name
        if name == speaker.name:
            return speaker
        return _Speaker(name, speaker.mention, speaker.title, name, False)

    def _unnamed(self, mention: Mention, at: Position) -> _Speaker:
        words = [w.strip(".,’'").lower() for w in mention.text.split()]
        heads = [w for w in words if w in _ORG_REFERENCES]
        owned = _OWNED_STATEMENT.match(mention.text)
        if owned and owned["owner"].lower() in _ORG_REFERENCES:
            heads = [owned["owner"].lower()]  # "The association’s submission added:"
        if (
            heads
            # "the council", "this coalition"; "a league spokesperson": the league's.
            and (words[0] in ("the", "this") or set(words) & _SPOKES)
            and (
                found := self._latest(at, person=False, noun=heads[0])
                or self._org_named(heads[0], at)
                # "the union" alone is the organisation last named; "the operators’
                # association" is one of its own, unnamed.
                or self._latest(at, person=False, named=len(words) == 2)
            )
        ):
            return _copy(found, mention.text)
        if mention.organisation and set(words) & _SPOKES:
            org = mention.organisation
            return _Speaker(org, mention.text, None, org, False)
        if words[0] == "the" and (found := self._described(mention.text, at)):
            return _copy(found, mention.text)
        return _Speaker(None, mention.text, None, mention.organisation, False)

    def _org_named(self, noun: str, at: Position, *, longer: bool = False) -> _Speaker | None:
        """ "the coalition" after "a bloc calling itself the “Coalition for Practical
        Solutions”": the nearest organisation written before with that noun in its name,
        spoken or not."""
        pattern = re.compile(
            rf"(?:[A-Z][\w’'&.-]*\s+(?:(?:of|for|and|on|the)\s+)*){{0,6}}{noun.capitalize()}"
            rf"(?:\s+(?:(?:of|for|and|on|the)\s+)*[A-Z][\w’'&.-]*){{0,6}}"
        )
        found = self._last_org(
            pattern, at, lambda org: not (longer and without_article(org).lower() == noun)
        )
        if found is None:
            return None
        org = without_article(found)
        return _Speaker(org, org, None, org, False)

    def _last_org(
        self, pattern: re.Pattern[str], at: Position, keep: Callable[[str], bool]
    ) -> str | None:
        """The last organisation name `pattern` finds before `at` that `keep` accepts,
        walking back from the nearest paragraph."""
        for p in range(at[0], -1, -1):
            text = self._text_before(p, at)
            names = [
                m.group(0)
                for m in pattern.finditer(text)
                if is_org_name(m.group(0)) and keep(m.group(0))
            ]
            if names:
                return names[-1]
        return None

    def _described(self, text: str, at: Position) -> _Speaker | None:
        """ "the judge", "the High Commissioner", "the spokesperson", "the 24-year-old": the
        speaker introduced earlier with that role, or the person written next to it.

        A wire story names "U.S. District Judge Harriet Lindqvist" once and then writes "the
        judge wrote"; a speaker given the same description before (even one with no name,
        "a senior official who declined to be named") is that speaker again.
        """
        role = without_article(text.strip()).strip(" ,")
        head = role.split()[-1].lower() if role else ""
        if not head or len(role.split()) > 4:
            return None
        if head in _DOCUMENTS:  # "The statement added:": whoever issued it
            return self._latest(at, person=None, named=True)
        if _YEAR_OLD.fullmatch(head):
            return self._latest(at, person=True)
        if not (is_description_noun(head) or head in _PERSON_NOUNS):
            return None
        needle = re.compile(rf"\b{re.escape(role)}\b", re.IGNORECASE)
        for p in range(at[0], -1, -1):
            entries = sorted(
                (e for e in self._reported_speech(p) + self.spoken.get(p, []) if e[0] < at),
                key=lambda e: e[0],
                reverse=True,
            )
            for _, who in entries:
                if who.name is None and (who.mention or "").lower().startswith("the "):
                    continue  # the same description again, not who it refers to
                if needle.search(who.mention or "") or needle.search(who.title or ""):
                    return who
            text_p = self._text_before(p, at)
            for match in reversed(list(needle.finditer(text_p))):
                if who := self._named_next_to(text_p, match.start(), match.end()):
                    return who
        return None

    @staticmethod
    def _named_next_to(text: str, start: int, end: int) -> _Speaker | None:
        """The person named right after a role ("Judge Harriet Lindqvist") or in apposition
        before it ("Lorenzo Bellardi, UN High Commissioner for Refugees")."""
        best: tuple[int, str] | None = None
        for match in _NAME_RUN.finditer(text, max(0, start - 80), min(len(text), end + 60)):
            _, name = split_leading_title(HONORIFIC.sub("", match.group(0)))
            name = _POSSESSIVE_S.sub("", name)
            word_before = text[: match.start()].split()[-1:]
            if not is_person_name(name) or (word_before and word_before[0] in _PREPOSITIONS):
                continue  # "Minister for Emergency Management": a portfolio, not a name
            between = (
                text[match.end() : start] if match.end() <= start else text[end : match.start()]
            )
            if match.start() < end and match.end() > start:
                between = ""  # the role is written inside the run: "Judge Harriet Lindqvist"
            if (
                len(between) > 60
                or any(
                    not _is_abbreviation(between, stop.start())  # "Hon. Rachel Tane" is one
                    for stop in _SENTENCE_END.finditer(between)
                    if between[stop.start()] == "."
                )
                or re.search(r"[!?]\s", between)
            ):
                continue
            distance = len(between)
            if best is None or distance < best[0]:
                best = (distance, name)
        return _Speaker(best[1], best[1], None, None, True) if best else None

    def _surname(self, mention: Mention, at: Position) -> _Speaker:
        surname = mention.name or mention.text
        last = surname.split()[-1]
        # A surname names someone already quoted (cheap: no parsing), else the nearest full
        # name written with it; reported speech is not needed to tell who "Okafor" is.
        quoted = [
            (pos, who)
            for entries in self.spoken.values()
            for pos, who in entries
            if pos < at and who.is_person and who.name and who.name.split()[-1] == last
        ]
        if quoted:
            return _copy(max(quoted, key=lambda e: e[0])[1], mention.text)
        full = self._full_name(surname, at[0])
        if full:
            return _Speaker(full, mention.text, None, None, True)
        # Nobody in the article has that surname: the person as written ("Father Doyle"),
        # without a courtesy title ("Mr Assange" is "Assange").
        written = f"{mention.title} {surname}" if mention.title else surname
        return _Speaker(written, mention.text, mention.title, None, True)

    def remember(self, speaker: _Speaker, at: Position) -> None:
        if speaker.name is not None:
            self.spoken.setdefault(at[0], []).append((at, speaker))


def _copy(speaker: _Speaker, mention: str) -> _Speaker:
    return _Speaker(speaker.name, mention, speaker.title, speaker.organisation, speaker.is_person)


_MINOR_WORDS = frozenset((
    "a", "an", "the", "and", "or", "but", "nor", "of", "for", "to", "in", "on", "at", "by",
    "with", "from", "into", "as", "vs", "v", "per", "via", "&", "=", "-", "–", "—",
))  # fmt: skip


def _is_title_cased(text: str) -> bool:
    """Every word capitalised but the small ones, as names of plans, schemes, reports and
    slogans are ("Chad Refugee Response Plan 2025", "Safe Staffing Saves Lives"); nobody's
    speech is written so. Two capitalised words at least, no sentence inside, no "I"."""
    if not text[:1].isupper() or text.count(" ") > 12:
        return False
    words = re.findall(r"[^\s“”\"«»‘’()]+", text.rstrip(".!?,;: "))
    if not 2 <= len(words) <= 12 or re.search(r"[.!?]\s", text) or "I" in words:
        return False
    capitalised = 0
    for i, word in enumerate(words):
        if word[:1].isupper():
            capitalised += 1
        elif (word.lower() in _MINOR_WORDS and i > 0) or word[:1].isdigit():
            continue
        else:
            return False
    return capitalised >= 2


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
    resolver = _Resolver(paragraphs, spans)
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
    raw = span.text(paragraphs)
    text = raw.rstrip(",").strip()
    first = paragraphs[span.first]
    before = _sentence_before(first, span.open_at)
    after = _sentence_after(paragraphs[span.last], span.close_at) if span.closed else ""

    found: tuple[Mention, str, str] | None = None
    if (_NAMING.search(before) and not _calls_it(before)) or _is_title_cased(text):
        # A name, not speech, whoever is the subject: "which it calls the “transparency
        # law”", "banners reading “No to the Russian law”", "its report “Bitter Harvest”",
        # "its ‘Coastal Homes Move’ relocation scheme".
        return _quote(span, text, None, None, "term", "term", 0.85), None
    # "Name said: “…” Then, she said." The colon introduces this quotation; what follows
    # it is another sentence.
    colon = _before(before) if before.endswith(":") else None
    if colon is not None:
        found = colon
    elif _READS.match(after):
        # "“All persons born…,” it reads.": a text quoted, no speaker.
        found = (Mention(after, "unnamed"), "reads", "after-cue")
    elif _runs_on(raw, after) and (hit2 := _before(before)) is not None:
        found = hit2
    elif (hit := _after(after)) is not None:
        found = (hit[0], hit[1], "after-cue")
    elif (hit2 := _before(before)) is not None:
        found = hit2
    elif (
        not before
        and (intro := _colon_paragraph(paragraphs, span.first)) is not None
        and (hit := _intro(intro)) is not None
    ):
        found = (hit[0], hit[1], "colon-intro")
    elif not before and not after and (hit := _cataphora(paragraphs, span.last)) is not None:
        found = (hit, "words", "cataphora")

    speaker: _Speaker | None = None
    cue: str | None = None
    if found is not None:
        mention, cue, pattern = found
        at = (span.last, span.close_at) if pattern == "after-cue" else (span.first, span.open_at)
        speaker = resolver.resolve(mention, at)
        if pattern == "cataphora" and speaker.name is None:
            speaker = _role_holder(paragraphs, mention) or speaker
        kind = "quote"
    elif previous is not None and previous.paragraph_end == span.first and not before:
        # However short, a quotation opening the sentence right after an attributed one in
        # the same paragraph continues it ("…,” Njeri said. “Tonight I will.”).
        pattern, speaker, kind = "same-paragraph", previous_speaker, "quote"
    elif _is_term(text, before):
        return _quote(span, text, None, None, "term", "term", 0.8), None
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


# "“…” With these words, the Minister of Health opened…": the speaker comes after.
_CATAPHORA = re.compile(
    r"^(?:With (?:these|those|this) (?:words?|remarks?)|(?:These|Those) were the words of"
    r"|So (?:said|says)|That was the message (?:of|from))\s*,?\s*(?P<np>[^.;]{2,120}?)"
    r"(?=\s+(?:[a-z]+ed|opened|began|told|said|says|spoke|addressed|welcomed)\b|[.;,]|$)"
)


def _cataphora(paragraphs: list[str], last: int) -> Mention | None:
    """The paragraph after a standalone quotation names who said it ("With these words…")."""
    if last + 1 >= len(paragraphs):
        return None
    match = _CATAPHORA.match(paragraphs[last + 1].strip())
    if not match:
        return None
    mention = parse_mention(match["np"])
    # "the Minister of Health": a role, resolved to its holder by `_role_holder`.
    return mention if mention.kind != "unknown" else Mention(match["np"], "unnamed")


def _role_holder(paragraphs: list[str], mention: Mention) -> _Speaker | None:
    """The person the article names in a role ("the Minister of Health" → the name written
    next to "Minister of Health"), for a speaker first referred to by role only."""
    role = re.sub(r"^(?:the|a|an|our|its)\s+", "", mention.text.strip(), flags=re.IGNORECASE)
    if len(role.split()) < 2:
        return None
    for text in paragraphs:
        at = text.find(role)
        if at < 0:
            continue
        found = parse_mention(text[at:].split(":")[0][:160])
        if found.kind == "person" and found.name:
            return _Speaker(found.name, mention.text, found.title, found.organisation, True)
    return None


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
