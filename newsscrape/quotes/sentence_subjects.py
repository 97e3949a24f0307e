"""Whom a sentence is about: its subject when it names someone, read from the words that
open it ("The Hellenic Coast Guard did not respond…", "Raghavan rejected…", "She has
already sold her field.", "When contacted, Mr Pin denied…", "Godongwana’s budget documents
show…"). The salience stage (salience.py) asks for it at every sentence start.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsscrape.quotes.lexicon import Lexicon, current
from newsscrape.quotes.mentions import Mention, parse_mention
from newsscrape.quotes.names import (
    has_honorific,
    is_person_name,
    split_leading_title,
    titled_person,
    without_honorific,
)
from newsscrape.quotes.orgs import is_org_name, without_article
from newsscrape.quotes.runs import name_run
from newsscrape.quotes.salience import Salience, Speaker, copy
from newsscrape.quotes.sentences import OPENING_MARK

_POSSESSIVE_END = re.compile(r"[’']s?$")  # "Jean’s", "the workers’"
# A character of an opening phrase: no punctuation nor quotation mark, but an apostrophe
# inside a word ("today’s").
_PHRASE_CHAR = r"(?:[^,“”\"‘’.;:]|(?<=\w)’(?=\w))"
_LEAD = re.compile(rf"{_PHRASE_CHAR}{{2,60}}?,\s++(?=[a-z]{{2,4}}\s)")
# An opening phrase before a capitalised subject: "When contacted, Mr Pin denied…",
# "During today’s press conference, Fahmi also clarified…" (bounded: no backtracking).
_OPENING = re.compile(rf"{_PHRASE_CHAR}{{2,60}}?,\s++(?=[A-Z])")
_LOWER_WORD = re.compile(r"([a-z]{2,4})\b")
_PHRASE = re.compile(rf"{_PHRASE_CHAR}{{2,60}}?,\s++")  # any opening phrase and its comma


@lru_cache(maxsize=16)
def _first_word(lex: Lexicon) -> re.Pattern[str]:
    """The short capitalised word opening a sentence, a pronoun subject if the lexicon reads it
    as one ("She", "He"), after a connective of the grammar's `subject_connective` ("But")."""
    connective = lex.grammar_text("subject_connective")
    opening = f"(?:{connective})?" if connective is not None else ""
    return re.compile(rf"{opening}([A-Z][a-z]{{1,3}})\b")


def _names_an_org(subject: str) -> bool:
    """A sentence's capitalised subject that names an organisation: not "A Nato official"
    (an unnamed person of it) nor a lone organisation word ("International humanitarian
    law"), but "The UN" or "The Hellenic Coast Guard"."""
    lex = current()
    first = subject.split()[0]
    if first == first.capitalize() and first.lower() in lex.indefinite_articles:
        return False  # "A", "An", "One" as written at a sentence's start
    bare = without_article(subject).split()
    return len(bare) > 1 or bare[0].isupper() or not lex.is_org_word(bare[0])


def _embedded_after_copula(head: str, start: int, end: int, lex: Lexicon) -> bool:
    """Whether the name from `start` to `end` is the subject of a clause inside the
    predicate: a form of "to be" came before it in the same stretch of the sentence, and the
    name has a verb of its own ("it’s the fact his old press secretary Alastair Campbell is
    now…"). Not so right after the copula (a cleft, "it was Katie Boulter who…"), nor when the
    name ends the predicate ("The first witness was Hawks head Maj-Gen Gopaul Govender, who…"),
    nor past a clause closed by a comma ("While Aisha is waiting, Mariam Malibiche has…")."""
    following = head[end:].split(None, 1)
    if not following or not following[0][:1].islower():
        return False
    if following[0].lower() in lex.relative_pronouns:
        return False
    words = head[:start].rpartition(",")[2].split()[:-1]
    return any(word.lower() in lex.copulas for word in words)


def _appositive_title(phrase: str, name: str) -> str | None:
    """The title a description set before the name gives it ("The Minister for Emergency
    Management, Hon. Rachel Tane"), read as a speaker phrase is: so "the Minister" later
    finds her by it."""
    found = parse_mention(phrase)
    return found.title if found.kind == "person" and found.name == name else None


class SentenceSubjects(Salience):
    """The sentence-subject half of salience: who opens each sentence."""

    def _subject_at(self, p: int, text: str, start: int) -> Speaker | None:
        """The subject opening the sentence at `start`, when it names someone."""
        # "The Hellenic Coast Guard did…": the grammar's `org_subject`.
        org_subject = current().grammar("org_subject")
        subject = org_subject.match(text, start) if org_subject is not None else None
        titled = subject and titled_person(subject.group(1))
        if titled:
            title, name = titled
            return self.person(name, subject.group(1), title, p)
        if subject and is_org_name(subject.group(1)) and _names_an_org(subject.group(1)):
            org = without_article(subject.group(1))
            return Speaker(org, subject.group(1), None, org, False)
        first = _first_word(current()).match(text, start)
        if not (first and current().pronoun(first[1])) and (lead := _LEAD.match(text, start)):
            # "In 2022, she withdrew her allegations…": the subject after an opening phrase.
            first = _LOWER_WORD.match(text, lead.end()) if lead[0][:1].isupper() else None
        if first and current().pronoun(first[1]) in ("male", "female"):
            # "She has already been forced to sell her field.": the person she stands for.
            found = self._chained(first[1], (p, start))
            return copy(found, first[1]) if found else None
        return self.subject_person(p, text, start)

    def subject_person(self, p: int, text: str, start: int) -> Speaker | None:
        """A person named near the start of a sentence, as its subject: "The paper’s lead
        author, Prof. Sunita Raghavan of the Institute, defended…", "Raghavan rejected…"."""
        lex = current()
        head = text[start : start + 160]
        if mark := OPENING_MARK.search(head):
            head = head[: mark.start()]
        words = head.split(" ", 4)
        first = words[0].strip(",.;:")
        at = 0
        if first.lower() in lex.connectives and len(words) > 1:
            at = 1  # "But Murray struck…", "However, Murray had…"
        word = words[at].lower()
        if at + 1 < len(words) and (word in lex.description_nouns or word in lex.person_nouns):
            at += 1  # "But neighbour Zibulka picks up the story:"
        first = words[at].strip(",.;:")
        if (owner := self._document_owner(words[at:], p)) is not None:
            return owner  # "Godongwana’s latest budget documents show…": his
        if (
            first[:1].isupper()
            and first.lower() not in lex.common_starts
            and not _POSSESSIVE_END.search(first)  # "Jean’s neighbour, Pete Lazenby, …"
            and (name := self.full_name(first, p, later=False))
        ):
            return self.person(name, first, None, p)
        opening = _OPENING.match(head)
        if opening and (who := self._subject_after(head, opening.end(), p, start)):
            return who
        if (
            any(opener.startswith(words[0].lower()) for opener in lex.topic_openers)
            and (lead := _PHRASE.match(head))
            and (topic := self._topic(lead[0], p))
        ):
            return topic
        for match in name_run().finditer(head):
            if match.start() > 100:
                break
            words_before = head[: match.start()].split()
            if _embedded_after_copula(head, match.start(), match.end(), lex):
                break  # the subject came before the verb: a name after it is no subject
            if words_before and (
                words_before[-1].lower() in lex.prepositions
                or words_before[-1].lower() in lex.determiners
                or words_before[-1].endswith("-")
            ):
                # "against Jane Roe"; "kwe- Echo Eyethu", a prefixed noun; "the Computer
                # Crimes and Cyber Security Bill", a name of something
                continue
            title, name = split_leading_title(without_honorific(match.group(0)))
            if is_person_name(name):
                _, comma, between = head[: match.start()].rpartition(",")
                if title is None and comma and len(between.split()) <= 1:
                    # Right after a comma, an honorific at most: an apposition.
                    title = _appositive_title(head[: match.end()], name)
                return self.person(name, match.group(0), title, p)
        return None

    def _document_owner(self, words: list[str], p: int) -> Speaker | None:
        """The owner of a document opening a sentence ("Godongwana’s latest budget documents
        show…", "Oxfam’s report says…"): a document speaks for whoever issued it."""
        lex = current()
        owner = _POSSESSIVE_END.sub("", words[0]) if words else ""
        if owner == words[0] or not owner[:1].isupper() or owner.lower() in lex.common_starts:
            return None
        nouns = [w.strip(",.;:").lower() for w in words[1:4]]
        if not any(n in lex.documents or n.rstrip("s") in lex.documents for n in nouns):
            return None
        if name := self.full_name(owner, p):
            return self.person(name, words[0], None, p)
        if is_org_name(owner) or owner.isupper():
            return Speaker(owner, words[0], None, owner, False)
        return None

    def _topic(self, opening: str, p: int) -> Speaker | None:
        """The person an opening phrase makes the sentence's topic when its subject names
        nobody ("For Jean, that conversation has mostly been with herself."): who a "she"
        after it stands for. The lexicon's `topic_openers` ("for", "as for")."""
        words = opening.rstrip(", ").split()
        lex = current()
        for size in (1, 2):
            if " ".join(words[:size]).lower() not in lex.topic_openers:
                continue
            rest = words[size:]
            if len(rest) == 1 and rest[0][:1].isupper() and (name := self.full_name(rest[0], p)):
                return self.person(name, rest[0], None, p)
            if len(rest) > 1 and is_person_name(" ".join(rest)):
                bare = without_honorific(" ".join(rest))
                return self.person(bare, " ".join(rest), None, p)
        return None

    def _subject_after(self, head: str, at: int, p: int, start: int) -> Speaker | None:
        """The person a sentence's subject names when an opening phrase comes first: the
        capitalised words at `at`, followed by a lower-case word (the verb). Names further
        on are objects or asides ("…, Fahmi also clarified Anwar’s daughter, Nurul Izzah,
        joined…" is about Fahmi)."""
        lex = current()
        run = name_run().match(head, at)
        if run is not None:
            if not head[run.end() :].lstrip()[:1].islower():
                return None
            title, name = split_leading_title(without_honorific(run.group(0)))
            if is_person_name(name):
                return self.person(name, run.group(0), title, p)
            if has_honorific(run.group(0)) and len(name.split()) == 1:
                # "Mr Pin": a courtesy title and a surname.
                mention = Mention(run.group(0), "surname", name=name)
                return self.surname(mention, (p, start + at))
            if len(name.split()) == 1 and (whole := self.full_name(name, p)):
                return self.person(whole, run.group(0), title, p)  # "…, Fahmi also clarified"
            return None
        word, _, rest = head[at:].partition(" ")
        word = word.strip(",.;:")
        if (
            word[:1].isupper()
            and rest[:1].islower()
            and word.lower() not in lex.common_starts
            and not _POSSESSIVE_END.search(word)
            and (name := self.full_name(word, p, later=False))
        ):
            return self.person(name, word, None, p)
        return None
