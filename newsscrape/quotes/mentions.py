"""Speaker mentions: split the noun phrase next to a speech cue into name, title, organisation.

Patterns (each rule names the press-release convention it serves):

- apposition: "Natalya Zviagina, Amnesty International’s Moscow Office Director" and
  "Amnesty International’s Deputy Regional Director for Campaigns, Ming Yu Hah": comma-separated
  segments; the one that is only a name is the speaker, its neighbours are the title.
- title then name without a comma: "Deputy Director of Advocacy Sherine Tadros": the trailing
  run of capitalised words that are not title words is the name.
- possessive organisation: "X’s Deputy Director" gives the organisation X; so does
  "Adviser at X" and "Director of X’s Programme".
- organisations as speakers: a phrase with an organisation word ("Amnesty International",
  "the Ministry of Justice").
- unnamed speakers: a determiner and a common noun ("one activist in Mozambique", "a
  spokesperson"): the mention is kept, the speaker stays unknown.
- pronouns and surnames are returned as such; the resolver links them to a full name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PRONOUNS = {"he", "she", "they", "it", "we", "i"}


def _words(text: str, *, lower: bool) -> frozenset[str]:
    return frozenset(w.lower() if lower else w for w in text.split())


TITLE_WORDS = _words(
    """
    Director Deputy Regional Secretary General Secretary-General President Vice Minister
    Prime Chair Chairman Chairwoman Chairperson Spokesperson Spokesman Spokeswoman Advocacy
    Campaigns Campaign Campaigner Senior Adviser Advisor Researcher Research Officer
    Executive Head Chief Manager Coordinator Office Programme Program Lead Counsel
    Professor Dr Mr Ms Mrs Miss Sir Dame Lord Judge Justice Senator Representative Governor
    Mayor CEO Founder Co-founder Co-Founder Editor Analyst Expert Global Issues Principal
    Associate Assistant Acting Interim Country Section National Policy Legal Communications
    Media Relations Affairs Crisis Response Rights Human Middle East North South West
    Africa Americas Asia Pacific Europe Central Commissioner Ambassador Envoy Rapporteur
    Special Attorney Lawyer Member MP Councillor Councilor Officer Superintendent Inspector
    Sergeant Captain Colonel General Lieutenant Commander Dean Board Team Leader
""",
    lower=True,
)
# Words that make a phrase a job title rather than part of an organisation's name.
ROLE_TITLES = _words(
    """director deputy secretary president minister chair chairman chairwoman chairperson
    spokesperson spokesman spokeswoman head chief officer manager adviser advisor researcher
    campaigner lead counsel professor coordinator executive founder editor analyst
    commissioner ambassador envoy rapporteur leader""",
    lower=True,
)


def _words(text: str, *, lower: bool) -> frozenset[str]:
    return frozenset(w.lower() if lower else w for w in text.split())


ORG_WORDS = _words(
    """
    International Organization Organisation Ministry Council Court Commission Committee
    Association Network Union Party Government Police Agency Foundation Institute
    Department Group Watch Federation Society Centre Center Coalition Alliance Forum
    Tribunal Service Authority Bank Fund University College Company Corporation Inc Ltd
    Amnesty UN UNHCR UNICEF NATO EU WHO Nations Assembly Parliament Senate Congress Army
    Military Navy Church Trust Secretariat Embassy Administration Cabinet Initiative
    Project Movement Front Board Bureau Office Chamber Federation League Collective
    Campaign Kremlin Prosecutor's Prosecutors Ombudsman Network Guard Force Forces Services
    Hospital Clinic School Academy Museum Laboratory Laboratories Labs Holdings Partners
    Airlines Airways Railways Press Times News Post Herald Gazette Tribune Broadcasting
    Commissioner's Registry Observatory Mission Programme Program Directorate Inspectorate
    Regulator Exchange Corps Brigade Cooperative Co-operative Consortium Federation Club
    Mieterverein Fondation Ministère Ministerio Stiftung Verband Verein Gesellschaft AB AG
    GmbH SA NGO AP Reuters AFP BBC
""",
    lower=True,
)
ROLE_NOUNS = _words(
    """
    director spokesperson spokesman spokeswoman minister president campaigner researcher
    adviser advisor officer head chief secretary coordinator founder co-founder activist
    lawyer member chair manager analyst expert representative official ambassador editor
    professor survivor witness mother father resident worker leader organizer organiser
""",
    lower=False,
)
DETERMINERS = {
    "a", "an", "one", "another", "the", "some", "several", "many", "two", "three", "a few",
    "other", "this", "that", "these", "those",
}  # fmt: skip
LEADING_CONJUNCTIONS = re.compile(
    r"^(?:as|and|but|while|when|then|so|also|meanwhile|however|in response|responding)\b[, ]*",
    re.IGNORECASE,
)
_PARTICLES = {
    "al", "el", "bin", "bint", "ibn", "de", "da", "di", "del", "della", "van", "von", "der",
    "den", "la", "le", "du", "dos", "das", "do", "y", "ben", "abu", "ter", "st", "st.",
    "ní", "nic", "ó", "uí", "mac", "mc",
}  # fmt: skip
_TOKEN = re.compile(r"[^\s,]+")
_AGE = re.compile(r"^\d{1,3}$")  # "Margaret Ellison, 71, said"
_RELATIVES = frozenset(("who", "which", "whose", "whom", "where"))
# Groups quoted without names: "Observers said", "Residents told reporters".
PLURAL_SPEAKERS = frozenset((
    "activists", "residents", "officials", "witnesses", "observers", "critics", "analysts",
    "experts", "lawyers", "protesters", "protestors", "campaigners", "doctors", "teachers",
    "parents", "villagers", "farmers", "workers", "sources", "authorities", "organisers",
    "organizers", "researchers", "scientists", "diplomats", "neighbours", "neighbors",
    "supporters", "opponents", "survivors", "families", "relatives", "students", "staff",
    "employees", "locals", "officers", "prosecutors", "investigators", "economists",
))  # fmt: skip
# A news dateline opening a paragraph: "NAIROBI (Reuters) – ", "KUMASI — ".
DATELINE = re.compile(r"^[A-Z][A-Z.,'’ -]{1,40}(?:\([^)]{1,30}\))?\s*[–—-]\s+")
# Honorifics are part of how a name is written, not of the name: "Prof. Kwabena Asante-Mensah",
# "Cllr David Okonjo" and "Kwabena Asante-Mensah" are one speaker.
HONORIFIC = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Mx|Dr|Prof|Cllr|Rev|Revd|Sen|Rep|Gov|Hon|Fr|Sr|Sir|Dame|Lord|Lady|Sheikh"
    r"|Professor|Doctor|Reverend|M|Mme|Mlle|Me|Pr|Herr|Frau|Sra|Srta|Dott|Dra)\.?\s+)+"
)
_POSSESSIVE = re.compile(r"[’']s$")


@dataclass(slots=True)
class Mention:
    """What a speaker phrase says: as written, and split into its parts."""

    text: str
    kind: str  # "person" | "org" | "pronoun" | "surname" | "unnamed" | "unknown"
    name: str | None = None
    title: str | None = None
    organisation: str | None = None


def _is_name_token(token: str, first: bool) -> bool:
    bare = token.strip(".;:()[]")
    if not bare:
        return False
    lower = bare.lower()
    if lower in _PARTICLES and not first:
        return True
    if "-" in bare:  # al-Hathloul, Jean-Pierre
        head, _, tail = bare.partition("-")
        if head.lower() in _PARTICLES and tail[:1].isupper():
            return True
    return (bare[0].isupper() and not bare.isupper()) or (bare.isupper() and len(bare) <= 3)


def is_person_name(text: str) -> bool:
    """Two to six name-like tokens, none a title or organisation word: "Ming Yu Hah"."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 6:
        return False
    if sum(1 for t in tokens if t.lower() not in _PARTICLES) < 2:
        return False  # "de Vries", "Ní Shúilleabháin": a surname with its particle
    for i, token in enumerate(tokens):
        lower = token.strip(".").lower()
        if lower in TITLE_WORDS or lower in ORG_WORDS or _POSSESSIVE.search(token):
            return False
        if not _is_name_token(token, i == 0):
            return False
    return tokens[-1][0].isupper()


_NAME_FUNCTION_WORDS = frozenset(
    ("of", "the", "for", "and", "on", "in", "de", "des", "du", "la", "le", "&", "at", "to")
)


def is_org(text: str) -> bool:
    """A phrase with an organisation word and a capital: "Amnesty International’s"."""
    tokens = [t.strip(".,’'").lower() for t in text.split()]
    capitalised = sum(1 for t in text.split() if t[:1].isupper())
    return bool(tokens) and any(t in ORG_WORDS for t in tokens) and capitalised >= 1


def is_org_name(text: str) -> bool:
    """An organisation's name on its own: capitalised words around an organisation word.

    Stricter than `is_org`, for a whole speaker phrase: "Tuilau added that the Alliance
    would…" contains an organisation word but is a clause, not a name.
    """
    words = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE).split()
    if not words or len(words) > 12 or not is_org(text):
        return False
    return all(
        w[:1].isupper() or w.lower() in _NAME_FUNCTION_WORDS or not w[:1].isalpha() for w in words
    )


def _trailing_name(segment: str) -> tuple[str, str] | None:
    """ "Deputy Director of Advocacy Sherine Tadros" → ("Deputy Director of Advocacy", name)."""
    tokens = segment.split()
    end = len(tokens)
    start = end
    while start > 0:
        token = tokens[start - 1]
        lower = token.strip(".").lower()
        if lower in TITLE_WORDS or lower in ORG_WORDS or _POSSESSIVE.search(token):
            break
        if not _is_name_token(token, start - 1 == 0):
            break
        start -= 1
    while start < end and tokens[start].lower() in _PARTICLES:
        start += 1
    if end - start >= 2 and start > 0:
        return " ".join(tokens[:start]), " ".join(tokens[start:])
    return None


_CLAUSE_STARTS = {
    "to", "after", "before", "following", "ahead", "as", "while", "when", "in", "on", "at",
    "during", "despite", "amid", "with", "since", "because", "if", "that", "which", "who",
}  # fmt: skip


def _is_title_like(segment: str) -> bool:
    """A role next to a name, not a clause that happens to precede it."""
    words = [w.strip(".,’'").lower() for w in segment.split()]
    if not words or len(words) > 16:
        return False
    if words[0] in _CLAUSE_STARTS or (words[0].endswith("ing") and len(words[0]) > 5):
        return False  # "Following the publication...", "Responding to..."
    if any(w in ROLE_NOUNS for w in words):
        return True
    return (any(w in TITLE_WORDS for w in words) or is_org(segment)) and segment[:1].isupper()


def _trailing_org(text: str) -> str | None:
    """The run of capitalised words ending `text`: "Deputy Director of Amnesty International"."""
    tokens = text.split()
    start = len(tokens)
    while start > 0 and tokens[start - 1][:1].isupper():
        start -= 1
    candidate = " ".join(tokens[start:])
    while candidate and candidate.split()[0].lower() in ROLE_TITLES | {"of", "for"}:
        candidate = " ".join(candidate.split()[1:])
    return candidate if candidate and is_org(candidate) else None


def split_title(title: str) -> tuple[str, str | None]:
    """Take the organisation out of a title.

    "X’s Moscow Office Director" → ("Moscow Office Director", X); "Adviser at X" and
    "Director of X’s Programme" keep their title and give X.
    """
    title = title.strip(" ,")
    possessive = re.match(r"^(.+?)[’']s\s+(.+)$", title)
    if possessive:
        owner = possessive.group(1)
        if is_org(owner) and not any(w.lower() in ROLE_TITLES for w in owner.split()):
            return possessive.group(2), owner
        org = _trailing_org(owner)
        if org:
            return title, org
    match = re.search(r"\b(?:at|of|with|from|for)\s+(?:the\s+)?([A-Z][^,]*)$", title)
    if match:
        candidate = re.split(r"[’']s\b", match.group(1))[0].strip()
        if is_org(candidate):
            return title, candidate
    return title, None


def parse_mention(phrase: str) -> Mention:
    """Analyse the phrase naming who spoke (without the cue verb)."""
    text = phrase.strip(" ,.:;")
    text = DATELINE.sub("", text)
    text = LEADING_CONJUNCTIONS.sub("", text).strip(" ,")
    if not text:
        return Mention(phrase.strip(), "unknown")
    if text.lower() in PRONOUNS:
        return Mention(text, "pronoun")
    bare = HONORIFIC.sub("", text)
    if bare != text and len(bare.split()) == 1 and _is_name_token(bare, True):
        return Mention(text, "surname", name=bare)  # "Mr Assange", "M. Robert"
    # Relative clauses describe the speaker, they do not name them:
    # "Mwale, who is contesting his third election," is Mwale.
    segments = [
        s.strip()
        for s in re.split(r",\s*", text)
        if s.strip() and s.split()[0].lower() not in _RELATIVES and not _AGE.match(s.strip())
    ]
    if not segments:
        return Mention(text, "unknown")
    if segments[0].split()[0].lower() in PLURAL_SPEAKERS:
        return Mention(text, "unnamed")  # "Observers from the regional bloc"
    # Apposition: a segment that is only a name.
    for i in range(len(segments) - 1, -1, -1):
        segment = HONORIFIC.sub("", segments[i])
        if is_person_name(segment):
            before = segments[i - 1] if i > 0 and _is_title_like(segments[i - 1]) else None
            after = (
                segments[i + 1]
                if i + 1 < len(segments) and _is_title_like(segments[i + 1])
                else None
            )
            used = [s for s in (before, segments[i], after) if s]
            return _person(segment, [s for s in (before, after) if s], used)
    # Title then name in one segment.
    for i in range(len(segments) - 1, -1, -1):
        split = _trailing_name(segments[i])
        if split:
            title, name = split
            extra = [s for s in segments[i + 1 : i + 2] if _is_title_like(s)]
            return _person(name, [title, *extra], [segments[i], *extra])
    last = segments[-1]
    words = last.split()
    # A surname alone, with its particles: "Okafor", "van der Berg", "de Condé".
    core = [w for w in words if w.lower() not in _PARTICLES]
    if (
        len(segments) == 1
        and len(core) == 1
        and words[-1] == core[0]
        and _is_name_token(core[0], True)
    ):
        lower = core[0].lower()
        if lower not in TITLE_WORDS and lower not in ORG_WORDS:
            return Mention(text, "surname", name=last)
    first_words = segments[0].split()
    if first_words[0].lower() in DETERMINERS and (
        len(first_words) == 1 or first_words[1][:1].islower()
    ):
        # "one activist in Mozambique", "a spokesperson for the Home Office"
        _, org = split_title(", ".join(segments))
        return Mention(text, "unnamed", organisation=org)
    for segment in segments:
        if is_org_name(segment):
            org = re.sub(r"^the\s+", "", segment, flags=re.IGNORECASE)
            return Mention(text, "org", name=None, organisation=org)
    return Mention(text, "unknown")


def _person(name: str, title_parts: list[str], used: list[str]) -> Mention:
    name = HONORIFIC.sub("", name)
    title = ", ".join(p for p in title_parts if p) or None
    org = None
    if title:
        title, org = split_title(title)
        title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.IGNORECASE) or None
    return Mention(", ".join(used), "person", name=name, title=title, organisation=org)
