"""Speaker mentions: split the noun phrase next to a speech cue into name, title, organisation.

Patterns (each rule names the press-release convention it serves):

- apposition: "Natalya Zviagina, Amnesty International’s Moscow Office Director" and
  "Amnesty International’s Deputy Regional Director for Campaigns, Ming Yu Hah": comma-separated
  segments; the one that is only a name is the speaker, its neighbours are the title.
- title then name without a comma: "Deputy Director of Advocacy Sherine Tadros": the trailing
  run of capitalised words that are not title words is the name; a subject after "of"/"for"
  stays in the title ("Minister of Health Ana Silva").
- a title, honorific or description written before a name: "Vice-Chancellor Ingrid
  Sørensen", "Prince Ernest Fon", "Resident Janet Holroyd". It is taken off only when at least
  two name tokens remain, so a given name that is also a title ("Dean Mills") is kept.
- name then affiliation without a comma: "Lucía Ferrer of the Valdoria Neighbourhood
  Federation", "Tom Hale from Oxfam".
- relative clauses describe the speaker and are skipped: "Ben Carter, who uses a wheelchair,".
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
from dataclasses import dataclass, replace
from functools import lru_cache

# "yena": he or she in isiZulu and isiXhosa ("…” kusho yena.).
PRONOUNS = {"he", "she", "they", "it", "we", "i", "yena"}


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
    commissioner ambassador envoy rapporteur leader vice-chancellor chancellor provost dean
    rector lecturer mayor councillor councilor alderman governor senator""",
    lower=True,
)
# Words written before a personal name as a title, an honorific or a description: "Prince
# Ernest Fon", "Vice-Chancellor Ingrid Sørensen", "Resident Janet Holroyd". Kept apart from
# ROLE_TITLES, which decides whether a phrase is an organisation's name ("Queen Mary
# University", "Student Union" are organisations).
NAME_TITLES = ROLE_TITLES | _words(
    """
    prince princess king queen emir sheikh sheikha sultan chief elder sir dame lord lady baron
    baroness duke duchess earl countess viscount marquess rabbi imam mufti ayatollah pastor
    father sister brother reverend bishop archbishop cardinal deacon monsignor pope vicar
    chaplain provost rector lecturer tutor doctor judge justice magistrate mayor councillor
    councilor alderman governor senator congressman congresswoman assemblyman assemblywoman
    sheriff colonel major captain lieutenant sergeant corporal commander admiral brigadier
    marshal detective inspector superintendent constable resident villager farmer worker
    nurse midwife teacher headteacher headmaster headmistress pupil student activist
    campaigner survivor witness volunteer parent mother grandmother grandfather mum dad widow
    widower veteran refugee patient organiser organizer fisherman fisherwoman trader
    shopkeeper driver miner pensioner substitute striker midfielder defender goalkeeper keeper
    winger forward coach skipper referee umpire quarterback pitcher teammate rookie boss
    epidemiologist economist scientist researcher physician surgeon paramedic firefighter
    lawmaker legislator delegate negotiator diplomat chairman chairwoman historian
    journalist author writer novelist poet artist photographer architect engineer
    correspondent reporter columnist academic lawyer barrister solicitor chef owner designer
    consultant singer actor actress musician producer filmmaker comedian presenter
    broadcaster entrepreneur investor businessman businesswoman politician psychologist
    psychiatrist sociologist biologist chemist physicist ecologist climatologist
    meteorologist athlete cyclist frenchman frenchwoman englishman englishwoman irishman
    irishwoman scotsman scotswoman welshman welshwoman dutchman dutchwoman countryman
    countrywoman compatriot
    """,
    lower=True,
)
# Parts of a hyphenated title: "Vice-Chancellor", "Deputy-Mayor", "Co-Chair", "Ex-President".
_TITLE_PREFIXES = frozenset(
    ("vice", "deputy", "co", "pro", "sub", "under", "acting", "assistant", "associate", "ex",
     "joint", "lieutenant", "major", "attorney", "chief", "senior", "junior", "arch")
)  # fmt: skip
# Titles that are also given names: "Dean Mills", "Prince Adebayo", "Queen Okafor". With a
# single name token after them they are the given name, not a title.
_GIVEN_NAME_TITLES = frozenset(("dean", "prince", "princess", "king", "queen", "earl", "duke"))
# Particles that are also given names when they open a name: "Ben Carter", "Abu Ahmed".
_GIVEN_PARTICLES = frozenset(("ben", "abu"))
# Subjects of a portfolio or a chair that follow "of"/"for" in a title: "Minister of Health
# Ana Silva", "Professor of Law Jane Doe", "Secretary of State Antony Blinken".
_TITLE_SUBJECTS = _words(
    """
    health education justice interior finance defence defense foreign home state public law
    laws research science sciences labour labor trade energy environment climate agriculture
    transport transportation housing culture tourism economy economic economics social care
    welfare water mines mining information communication communications security development
    planning infrastructure works youth sport sports women gender children family families
    land lands fisheries industry commerce technology innovation medicine history
    engineering studies politics operations marketing treasury revenue immigration migration
    equality equalities integration digital business enterprise heritage arts music
    mathematics physics chemistry biology philosophy theology nursing surgery psychology
    sociology anthropology geography linguistics literature english
    """,
    lower=True,
)

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
    GmbH SA NGO AP Reuters AFP BBC Systems Technologies Solutions Industries Enterprises
    Pharmaceuticals Motors Healthcare Insurance Capital Ventures Consulting Logistics Petroleum
    Energy Utilities Networks Telecom Telecommunications Biosciences Therapeutics Plc LLC LLP
    Unit Squad Division Branch Command Taskforce Panel Magazine Journal
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
NGUNI_PREFIX = re.compile(r"\b(?:[uU]|ngu|ku)(?=[A-Z][a-z])")
_WHICH_NAME = re.compile(r"^(?P<name>(?:the\s+)?[A-Z][^,]{1,80}?),\s+which\b", re.IGNORECASE)
# The question and answer labels of an interview transcript: "Q: Harold Venn once called…".
INTERVIEW_LABEL = re.compile(r"^(?:Q|A)\s*[:.]\s+")
# Honorifics are part of how a name is written, not of the name: "Prof. Kwabena Asante-Mensah",
# "Cllr David Okonjo" and "Kwabena Asante-Mensah" are one speaker.
HONORIFIC = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Mx|Dr|Prof|Cllr|Rev|Revd|Sen|Rep|Gov|Hon|Fr|Sr|Sir|Dame|Lord|Lady|Sheikh"
    r"|Professor|Doctor|Reverend|M|Mme|Mlle|Me|Pr|Herr|Frau|Sra|Srta|Dott|Dra|[uU]?Mnu|[uU]?Nkk|[uU]?Nksz"
    # Abbreviated ranks: "Det. Sgt. Maria Olsen", "Lt Col Ana Ruiz", "Supt Jane Roe" (not the
    # two-letter ones, which also open names: "DC United", "PC World").
    r"|Det|Sgt|Insp|Supt|Cpl|Pte|Lt|Capt|Cpt|Col|Gen|Maj|Cmdr|Cdr|Adm|Brig|Const|DCI|DCS"
    # Hyphenated ranks: "Major-Gen Gopaul Govender", "Lt-Col", "Rear-Adm".
    r"|(?:Major|Maj|Lt|Lieut|Brig|Rear|Vice)-(?:Gen|General|Col|Colonel|Adm|Admiral|Cdr))\.?\s+)+"
)
_POSSESSIVE = re.compile(r"[’']s$")
_PARENTHESIS = re.compile(r"\s*\([^()]{0,80}\)")


@dataclass(slots=True)
class Mention:
    """What a speaker phrase says: as written, and split into its parts."""

    text: str
    kind: str  # "person" | "org" | "pronoun" | "surname" | "unnamed" | "unknown"
    name: str | None = None
    title: str | None = None
    organisation: str | None = None


@lru_cache(maxsize=8192)
def is_title_word(token: str) -> bool:
    """A word of a title: "Director", "Prince", "Resident", and hyphenated titles made of
    them ("Vice-Chancellor", "Deputy-Mayor", "Co-Chair"), not a hyphenated name."""
    bare = token.strip(".,;:()[]’'").lower()
    if bare in TITLE_WORDS or bare in NAME_TITLES:
        return True
    parts = _HYPHENS.split(bare)
    return (
        len(parts) > 1
        and all(p in TITLE_WORDS or p in NAME_TITLES or p in _TITLE_PREFIXES for p in parts)
        and (parts[-1] in TITLE_WORDS or parts[-1] in NAME_TITLES)
    )


_HYPHENS = re.compile(r"[-‐‑]")
# Capitalised at a sentence's start, never a name: "For Jean, that conversation…" is Jean,
# "Here I’ve got the sea" is nobody.
_NOT_NAME_WORDS = _words(
    """
    a an the and but or nor for so yet of to in on at by with from into onto about after
    before since while when whenever where wherever why how what who whom whose which that
    this these those there here now then later today tonight yesterday tomorrow meanwhile
    however still also even only just both each every some many most other another such
    all any no not yes if unless until because although though once instead perhaps maybe
    indeed asked speaking according under over outside inside during despite without within
    across along among between through throughout towards toward upon i me my we us our you
    your he him his she her it its they them their last next first finally overall monday
    tuesday wednesday thursday friday saturday sunday
    """,
    lower=True,
)
# "I’ve", "It’s", "We’re", "don’t": a contraction, not a name ("O’Neill" keeps its capital).
_CONTRACTION = re.compile(r"[’'](?:ve|d|ll|re|m|t|s)$", re.IGNORECASE)


def _is_particle(token: str, first: bool) -> bool:
    """ "de", "van", "bin"; but "Ben" opening a name is a given name ("Ben Carter")."""
    lower = token.lower()
    if lower not in _PARTICLES:
        return False
    return not (first and token[:1].isupper() and lower in _GIVEN_PARTICLES)


def _is_name_token(token: str, first: bool) -> bool:
    bare = token.strip(".;:()[]")
    if not bare:
        return False
    lower = bare.lower()
    if lower in _PARTICLES and not first:
        return True
    if lower in _NOT_NAME_WORDS and not (len(bare) == 1 and token.endswith(".")):
        return False  # but an initial stays one: "Jane I. Smith"
    if _CONTRACTION.search(bare) and len(bare) <= 8:
        return False
    if "-" in bare:  # al-Hathloul, Jean-Pierre
        head, _, tail = bare.partition("-")
        if head.lower() in _PARTICLES and tail[:1].isupper():
            return True
    return (bare[0].isupper() and not bare.isupper()) or (bare.isupper() and len(bare) <= 3)


@lru_cache(maxsize=8192)
def is_person_name(text: str) -> bool:
    """Two to six name-like tokens, none a title or organisation word: "Ming Yu Hah"."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 6:
        return False
    if sum(1 for i, t in enumerate(tokens) if not _is_particle(t, i == 0)) < 2:
        return False  # "de Vries", "Ní Shúilleabháin": a surname with its particle
    for i, token in enumerate(tokens):
        lower = token.strip(".").lower()
        if i == 0 and lower in _GIVEN_NAME_TITLES:
            pass  # "Dean Mills", "Prince Adebayo": a given name
        elif lower in TITLE_WORDS or lower in ORG_WORDS or _POSSESSIVE.search(token):
            return False
        elif i == 0 and is_title_word(token):
            return False  # "Resident Janet Holroyd", "Vice-Chancellor Ingrid Sørensen"
        if not _is_name_token(token, i == 0):
            return False
    if tokens[-1].strip(".,").lower() in _STREET_WORDS:
        return False  # "Delancey Avenue", "Mercer Street": an address
    return tokens[-1][0].isupper()


# The last word of a street's or a building's name, never of a person's ("Hall" and "Park"
# are surnames too, so they are not here).
_STREET_WORDS = _words(
    """avenue street road lane boulevard drive square terrace crescent parkway highway
    motorway embankment quay wharf plaza esplanade gardens bridge station airport palace
    castle mansion cathedral stadium arena house""",
    lower=True,
)


def split_leading_title(text: str) -> tuple[str | None, str]:
    """ "Vice-Chancellor Ingrid Sørensen" → ("Vice-Chancellor", "Ingrid Sørensen").

    Title words are taken off the front only while at least two name tokens remain, so a
    given name that is also a title stays: "Dean Mills", "Prince Adebayo". Without a title,
    or when what follows is not a name, the text is returned whole with no title.
    """
    tokens = text.split()
    lead = 0
    while lead < len(tokens) and is_title_word(tokens[lead]):
        lead += 1
    for i in range(lead, 0, -1):
        rest = tokens[i:]
        if len(rest) >= 2 and is_person_name(" ".join(rest)):
            return " ".join(tokens[:i]), " ".join(rest)
    return None, text


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
    words = without_article(text.strip()).split()
    if not words or len(words) > 12 or not is_org(text):
        return False
    if not all(
        w[:1].isupper() or w.lower() in _NAME_FUNCTION_WORDS or not w[:1].isalpha() for w in words
    ):
        return False
    return titled_person(" ".join(words)) is None


def titled_person(text: str) -> tuple[str, str] | None:
    """(title, name) when capitalised words are a person after a title that may hold
    organisation words: "Chief of Army Staff General Asim Munir", "WHO Director-General
    Tedros Adhanom Ghebreyesus". Without the title word right before the name it is no
    person: "Bill and Melinda Gates Foundation", "Goldman Sachs"."""
    titled = _trailing_name(text)
    if titled and is_title_word(titled[0].split()[-1]):
        return titled
    return None


# Words after which a run of capitals is a place or an organisation, not a person's name.
_BEFORE_NO_NAME = _NAME_FUNCTION_WORDS | frozenset(("from", "with", "by", "near", "in"))


def _trailing_name(segment: str) -> tuple[str, str] | None:
    """ "Deputy Director of Advocacy Sherine Tadros" → ("Deputy Director of Advocacy", name)."""
    tokens = segment.split()
    end = len(tokens)
    start = end
    while start > 0:
        token = tokens[start - 1]
        lower = token.strip(".").lower()
        if lower in ORG_WORDS or _POSSESSIVE.search(token):
            break
        # A title ends the name, unless it is the given name of a lone surname: "Minister
        # Dean Mills".
        # A title word ending a run after a given name is a surname: "Tamara Bishop".
        surname = start == end and start >= 2 and _is_name_token(tokens[start - 2], False)
        surname = surname and not is_title_word(tokens[start - 2])
        if (
            is_title_word(token)
            and not (end - start == 1 and lower in _GIVEN_NAME_TITLES)
            and not surname
        ):
            break
        if not _is_name_token(token, start - 1 == 0):
            break
        start -= 1
    while start < end and _is_particle(tokens[start], True):
        start += 1
    # "Minister of Health Ana Silva": the subject after "of" belongs to the title.
    if start > 0 and tokens[start - 1].lower() in ("of", "for", "and", "&"):
        while end - start > 2 and tokens[start].lower() in _TITLE_SUBJECTS:
            start += 1
        if end - start > 2 and start >= 2 and is_title_word(tokens[start - 2]):
            # "Vice President of Manufacturing Partnerships Aiko Brandt-Hollis": the
            # department belongs to the title; the name is its last two words.
            start = end - 2
    if start > 0 and tokens[start - 1].lower() in _BEFORE_NO_NAME:
        return None  # "…at the Norwegian Institute of Public Health": an organisation's end
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


# People described by what they do, after their name: "Hale, the parish priest".
_DESCRIPTION_NOUNS = (
    NAME_TITLES
    | ROLE_NOUNS
    | _words("priest author co-author scientist economist engineer owner official", lower=True)
)


_ORIGIN = re.compile(r"^(?:from|of)\s+(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}$")


def _is_description(segment: str) -> bool:
    """A title, or a description of a person: "the deputy mayor", "a nurse at the clinic"."""
    if _is_title_like(segment):
        return True
    if _ORIGIN.match(segment):
        return True  # "Rosalie, 29, from the Philippines"
    words = [w.strip(".,’'").lower() for w in segment.split()]
    return (
        len(words) <= 12
        and words[0] in ("the", "a", "an")
        and any(w in _DESCRIPTION_NOUNS for w in words[1:4])
    )


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


# Honours and degrees written after a name: "Afrasiab Anwar MBE", "Jane Roe KC".
_POSTNOMINAL = re.compile(
    r"(?:,?\s+(?:MBE|OBE|CBE|KBE|DBE|CH|KC|QC|SC|MP|MSP|MS|MLA|MEP|TD|PhD|MD|FRS|FRSE|FBA"
    r"|FRCP|FRCS|FREng|FMedSci)\.?)+$"
)


def without_postnominals(name: str) -> str:
    """The name without the honours written after it."""
    bare = _POSTNOMINAL.sub("", name)
    return bare if len(bare.split()) >= 2 else name


def parse_mention(phrase: str) -> Mention:
    """Analyse the phrase naming who spoke (without the cue verb)."""
    found = _parse_mention(phrase)
    if found.kind == "person" and found.name:
        found = replace(found, name=without_postnominals(found.name))
    if (
        found.kind == "person"
        and found.name
        and len(found.name.split()) > 2
        and re.search(rf"\bthe\s+{re.escape(found.name)}\b", phrase)
    ):
        # "Speaking to the Daily Mail Lacerda": a publication, then a surname.
        return Mention(found.text, "surname", name=found.name.split()[-1])
    return found


def _parse_mention(phrase: str) -> Mention:
    text = phrase.strip(" ,.:;")
    if re.search(r"\s[A-Z]$", text) and phrase.rstrip(" ,:;").endswith("."):
        text += "."  # "Grace K.": the initial keeps its point
    text = INTERVIEW_LABEL.sub("", DATELINE.sub("", text))
    # isiZulu and isiXhosa write names with a noun-class prefix: "kusho uZungu".
    text = NGUNI_PREFIX.sub("", text)
    # "Amina (not her real name), 34", "the Commission (CNAR)": an aside, not the name.
    text = _PARENTHESIS.sub("", text).strip(" ,.:;")
    unled = LEADING_CONJUNCTIONS.sub("", text).strip(" ,")
    # "When officers went to the home, former police lieutenant James Hansen": the first
    # segment is a clause of its own, not the subject.
    clause_first = unled != text and "," in unled
    text = unled
    if not text:
        return Mention(phrase.strip(), "unknown")
    if text.lower() in PRONOUNS:
        return Mention(text, "pronoun")
    # "Ohio Nurses United, which represents 1,100 nurses": "which" is never said of a person.
    which = _WHICH_NAME.match(text)
    if which and _is_proper_phrase(which["name"]):
        org = without_owner(without_article(which["name"]))
        return Mention(text, "org", organisation=org)
    bare = HONORIFIC.sub("", text)
    if bare != text and len(bare.split()) == 1 and _is_name_token(bare, True):
        return Mention(text, "surname", name=bare)  # "Mr Assange", "M. Robert"
    segments = _segments(text)
    if not segments:
        return Mention(text, "unknown")
    found = _parse_segments(text, segments)
    if len(segments) > 1 and (
        (found.kind == "unknown" and _is_adverbial(segments[0]))
        or (clause_first and found.kind in ("unknown", "unnamed"))
    ):
        # "At the end of the visit, the High Commissioner", "Asked about the stopbank, Tane"
        rest = parse_mention(", ".join(segments[1:]))
        if rest.kind != "unknown" and (found.kind == "unknown" or rest.kind != "unnamed"):
            return rest
    if found.kind == "unknown" and len(segments) == 1 and _is_adverbial(text):
        return _after_lead_phrase(text) or found
    return found


def _after_lead_phrase(text: str) -> Mention | None:
    """The subject after an opening phrase written without its comma: "On social media the
    Metropolitan Police", "In a statement the ministry"."""
    words = text.split()
    if words[-1].lower() in PRONOUNS:
        return Mention(words[-1], "pronoun")  # "During the meeting he"
    for i in range(2, min(len(words) - 1, 10)):
        if words[i].lower() in ("the", "a", "an") or words[i][:1].isupper():
            rest = parse_mention(" ".join(words[i:]))
            if rest.kind in ("person", "org", "unnamed", "surname"):
                return rest
    return None


def _is_adverbial(segment: str) -> bool:
    """A phrase opening a sentence before its subject: "In a statement", "Asked whether…"."""
    first = segment.split()[0].lower()
    return first in _CLAUSE_STARTS or first in _ADVERBS or first.endswith(("ed", "ing"))


_ADVERBS = frozenset(("later", "earlier", "afterwards", "then", "now", "today", "asked", "last"))


def _parse_segments(text: str, segments: list[str]) -> Mention:
    """`parse_mention` once the phrase is cut into its comma-separated segments."""
    if segments[0].split()[0].lower() in PLURAL_SPEAKERS:
        return Mention(text, "unnamed")  # "Observers from the regional bloc"
    # Apposition: a segment that is only a name (with a title written before it, or its
    # organisation after it).
    for i in range(len(segments) - 1, -1, -1):
        found = _name_segment(segments[i])
        if found:
            lead, name, org = found
            before = segments[i - 1] if i > 0 and _is_title_like(segments[i - 1]) else None
            after = (
                segments[i + 1]
                if i + 1 < len(segments) and _is_title_like(segments[i + 1])
                else None
            )
            used = [s for s in (before, segments[i], after) if s]
            parts = [s for s in (before, lead, after) if s]
            return _person(name, parts, used, organisation=org)
    # Title then name in one segment.
    for i in range(len(segments) - 1, -1, -1):
        split = _trailing_name(segments[i])
        if split:
            title, name = split
            extra = [s for s in segments[i + 1 : i + 2] if _is_title_like(s)]
            return _person(name, [title, *extra], [segments[i], *extra])
    # A title and a surname: "Father Doyle", "Senator Okafor, who chairs the committee",
    # "Father Doyle, the parish priest".
    described = all(_is_description(s) for s in segments[1:])
    titled = _titled_surname(segments[0])
    if titled and described:
        return Mention(text, "surname", name=titled[1], title=titled[0])
    last = segments[0] if described else segments[-1]
    words = last.split()
    # A surname alone, with its particles: "Okafor", "van der Berg", "de Condé"; or described
    # after it: "Hale, the deputy mayor".
    core = [w for w in words if w.lower() not in _PARTICLES]
    if (
        (len(segments) == 1 or described)
        and len(core) == 1
        and words[-1] == core[0]
        and _is_name_token(core[0], True)
    ):
        lower = core[0].lower()
        if lower not in TITLE_WORDS and lower not in ORG_WORDS:
            return Mention(text, "surname", name=last)
    first_words = segments[0].split()
    if first_words[0].lower() in DETERMINERS and (
        len(first_words) == 1
        or not first_words[1][:1].isupper()
        or _is_role(first_words[1:])  # "the Minister", "the High Commissioner"
    ):
        # "one activist in Mozambique", "a spokesperson for the Home Office"
        _, org = split_title(", ".join(segments))
        spokes = _SPOKESPERSON_FOR.search(segments[0])
        if org is None and spokes and _is_proper_phrase(spokes["org"]):
            org = spokes["org"]  # "a spokesperson for Ceres Foods": whatever its name says
        return Mention(text, "unnamed", organisation=org)
    for segment in segments:
        if is_org_name(segment) or _is_seat(segment):
            org = without_owner(without_article(segment))
            return Mention(text, "org", name=None, organisation=org)
    return Mention(text, "unknown")


def _is_seat(segment: str) -> bool:
    """An address standing for who sits there, as the subject of speech: "Downing Street
    said", "Wall Street"."""
    words = segment.split()
    return (
        len(words) == 2
        and words[0][:1].isupper()
        and words[1][:1].isupper()
        and words[1].lower() in _STREET_WORDS
    )


_SPOKESPERSON_FOR = re.compile(
    r"\b(?:spokesperson|spokesman|spokeswoman|spokespeople|representative|press office)"
    r"\s+(?:for|of|from|at)\s+(?:the\s+)?(?P<org>[A-Z][^,]*?)\s*$"
)


_OWNER = re.compile(r"^[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}[’']s\s+")


_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)


def without_article(name: str) -> str:
    """ "the Royal College of GPs" → "Royal College of GPs": names are stored bare."""
    return _ARTICLE.sub("", name)


def without_owner(org: str) -> str:
    """ "Chad’s National Commission for Refugee Reception" is the National Commission: the
    country or city owning an organisation is not part of its name ("Amnesty International’s
    Secretariat" keeps its owner, an organisation itself)."""
    owner = _OWNER.match(org)
    if (
        owner
        and is_org_name(org[owner.end() :])
        and not is_org(owner.group(0))
        # "U.S. Attorney’s Office", "Children’s Hospital": the possessive names the office.
        and _POSSESSIVE.sub("", owner.group(0).split()[-1]).lower() not in _NAMING_POSSESSORS
    ):
        return org[owner.end() :]
    return org


_NAMING_POSSESSORS = (
    TITLE_WORDS
    | NAME_TITLES
    | frozenset(
        ("children", "women", "people", "men", "veterans", "workers", "citizens", "farmers")
    )
)


def is_description_noun(word: str) -> bool:
    """A noun describing a person by role or trade: "judge", "striker", "author"."""
    return word.lower() in _DESCRIPTION_NOUNS or is_title_word(word)


def _is_role(words: list[str]) -> bool:
    """A title standing alone after "the": "Prime Minister", "High Commissioner"."""
    return (
        0 < len(words) <= 4
        and is_title_word(words[-1])
        and not any(w.strip(".,’'").lower() in ORG_WORDS for w in words)
        and all(w[:1].isupper() or w.lower() in ("of", "for") for w in words)
    )


def _titled_surname(text: str) -> tuple[str | None, str] | None:
    """ "Father Doyle", "Senator Okafor", "Vice-Chancellor Sørensen" → (title, surname): a
    person's title and a single name, which the resolver completes from the article. A
    given name that is also a title ("Dean Mills", "Prince Adebayo") is a name instead, and
    a courtesy title is no title ("Prof. Mills, the lead author" → (None, "Mills"))."""
    tokens = text.split()
    if len(tokens) < 2 or is_person_name(HONORIFIC.sub("", text)):
        return None
    last = tokens[-1]
    lower = last.strip(".").lower()
    if (
        lower in ORG_WORDS
        or is_title_word(last)
        or _POSSESSIVE.search(last)
        or not _is_name_token(last, True)
        or last.isupper()
    ):
        return None
    for token in tokens[:-1]:
        bare = token.strip(".").lower()
        if HONORIFIC.match(token + " "):
            continue  # "Prof.", "Cllr"
        if not is_title_word(token) or not (bare in NAME_TITLES or "-" in bare):
            return None  # "North Korea", "Middle East Eye": not a person's title
    title = HONORIFIC.sub("", " ".join(tokens[:-1]) + " ").strip()
    return title or None, last


def _segments(text: str) -> list[str]:
    """The comma-separated parts of a speaker phrase, without ages and relative clauses.

    Relative clauses describe the speaker, they do not name them: "Mwale, who is contesting
    his third election," is Mwale; "Ben Carter, whose train was cancelled," is Ben Carter.
    """
    parts = (part.strip() for part in re.split(r",\s*", text))
    return [
        part
        for part in parts
        if part and part.split()[0].lower() not in _RELATIVES and not _AGE.match(part)
    ]


# "Lucía Ferrer of the Valdoria Neighbourhood Federation", "Tom Hale from Oxfam".
# "of the Federation", "from Oxfam", "of the service’s Major Crime Unit".
_AFFILIATION = re.compile(r"\s+(?:of|from|at|with)\s+(?:the\s+)?(?:[a-z][\w-]*[’']s\s+)?(?=[A-Z])")
# Places that read like names before "of": "the Democratic Republic of the Congo".
_PLACE_WORDS = _words(
    """republic republics states kingdom emirates islands isles territories territory province
    region city county district state federation gulf bay sea lake river mount""",
    lower=True,
)


def _is_proper_phrase(text: str) -> bool:
    """Capitalised words and the function words of names: "Valdoria Neighbourhood Federation",
    "Oxfam", "Bank of Ghana"."""
    words = text.split()
    return 0 < len(words) <= 10 and all(
        w[:1].isupper() or w.lower() in _NAME_FUNCTION_WORDS or not w[:1].isalpha() for w in words
    )


# An abbreviated title inside a longer one: "State Rep. Alan Price", "U.S. Sen. Jane Roe".
_INNER_TITLE = re.compile(
    r"^(?P<title>(?:[A-Z][\w.’'-]*\s+){1,4}?(?:Rep|Sen|Gov|Lt|Gen|Col|Sgt|Capt|Cmdr|Adm|Det"
    r"|Insp|Supt|Cllr|Dr|Prof|Atty|Amb|Sec)\.?)\s+(?P<name>[A-Z].*)$"
)


def _name_segment(segment: str) -> tuple[str | None, str, str | None] | None:
    """(title, name, organisation) if `segment` names a person: "Ingrid Sørensen",
    "Vice-Chancellor Ingrid Sørensen", "Lucía Ferrer of the Valdoria Neighbourhood
    Federation", "Director Tom Hale from Oxfam"."""
    segment = HONORIFIC.sub("", segment)
    inner = _INNER_TITLE.match(segment)
    if inner and is_person_name(inner["name"]):
        return inner["title"], inner["name"], None
    lead, name = split_leading_title(segment)
    if lead or is_person_name(segment):
        return lead, HONORIFIC.sub("", name), None
    for match in _AFFILIATION.finditer(segment):
        who, org = segment[: match.start()].strip(), segment[match.end() :].strip()
        if not _is_proper_phrase(org):
            continue  # "of the royal families": not a name
        who_words = [w.lower() for w in who.split()]
        if not who_words or who_words[0] in DETERMINERS or set(who_words) & _PLACE_WORDS:
            continue
        affiliation = org if is_org(org) else None
        lead, name = split_leading_title(HONORIFIC.sub("", who))
        if lead or is_person_name(name):
            return lead, HONORIFIC.sub("", name), affiliation
        split = _trailing_name(who)
        if split:
            return split[0], split[1], affiliation
    return None


_TRAILING_HONORIFIC = re.compile(r"\s*\b(?:Mr|Ms|Mrs|Dr|Prof|Professor|Sir|Dame)\.?$")


def _person(
    name: str, title_parts: list[str], used: list[str], *, organisation: str | None = None
) -> Mention:
    """A named person; `organisation` when the phrase names it ("X of the Federation")."""
    name = HONORIFIC.sub("", name)
    title = ", ".join(p for p in title_parts if p) or None
    org = None
    if title:
        title, org = split_title(title)
        title = re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.IGNORECASE)
        title = _TRAILING_HONORIFIC.sub("", title) or None  # "lead author Dr."
    return Mention(
        ", ".join(used), "person", name=name, title=title, organisation=organisation or org
    )
