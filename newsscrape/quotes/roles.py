"""Speakers given by a description: "the judge", "the veteran goalkeeper", "the
24-year-old", "the woman who is in her late 20s" is the person the article introduced so, or
wrote next to those words; a description nobody was introduced with is the person quoted last.
"""

from __future__ import annotations

import re

from newsscrape.quotes.gender import gender_of
from newsscrape.quotes.lexicon import current
from newsscrape.quotes.names import (
    has_honorific,
    is_name_token,
    is_person_name,
    is_title_word,
    split_leading_title,
    titled_person,
    without_honorific,
)
from newsscrape.quotes.orgs import without_article
from newsscrape.quotes.phrases import is_description_noun
from newsscrape.quotes.runs import POSSESSIVE_S, name_run
from newsscrape.quotes.salience import Position, Speaker
from newsscrape.quotes.sentence_subjects import SentenceSubjects
from newsscrape.quotes.sentences import SENTENCE_END, is_abbreviation

_YEAR_OLD = re.compile(r"\d{1,3}-year-old")
_STOPS = re.compile(r"[!?]\s")


class Roles(SentenceSubjects):
    """The description half of the resolver (resolution.py): who holds a role in the article."""

    def _described(self, text: str, at: Position) -> Speaker | None:
        """ "the judge", "the High Commissioner", "the spokesperson", "the 24-year-old": the
        speaker introduced earlier with that role, or the person written next to it.

        A wire story names "U.S. District Judge Harriet Lindqvist" once and then writes "the
        judge wrote"; a speaker given the same description before (even one with no name,
        "a senior official who declined to be named") is that speaker again.
        """
        lex = current()
        # "the woman who is in her late 20s", "the mother of four who vends food": the role
        # is the noun phrase before the relative clause, its head the noun before "of".
        # "The 80-year-old, a member of Tamworth Soroptimists": the description before the
        # apposition.
        role = without_article(text.strip()).split(",")[0]
        if (relative := lex.grammar("relative_tail")) is not None:
            role = relative.sub("", role)
        role = role.strip(" ,")
        head = role
        for link in lex.noun_complements:  # "the mother of four": the noun before "of"
            head = head.split(f" {link} ")[0]
        head = head.split()[-1].lower() if role else ""
        if not head or len(role.split()) > 4:
            return None
        if head in lex.documents:  # "The statement added:": whoever issued it
            return self.latest(at, person=None, named=True)
        if _YEAR_OLD.fullmatch(head):
            return self.latest(at, person=True)
        described = is_description_noun(head) or head in lex.person_nouns
        sex = gender_of(None, head)
        generic = sex and head in lex.person_nouns and not is_description_noun(head)
        if generic and (found := self.latest(at, person=True, gender=sex)):
            # "says the woman who is in her late 20s": like "she", the woman the narration
            # was last about.
            return found
        found = self._introduced_as(role, at) if described else None
        complemented = head != role.split()[-1].lower()  # "mother of four"
        if found is None and complemented and sex:
            # "According to Amina Salum, 34, … “…,” says the mother of four": with no one
            # introduced so, the woman this paragraph's narration names (not one introduced
            # before as a "mother of two").
            found = self._named_here(at, sex)
        if found is None and described and " " in role and not complemented:
            # "the veteran goalkeeper" after "Goalkeeper Sam Okoro": the head noun alone
            # (not "the mother of four" for the "mother of two" introduced before).
            found = self._introduced_as(head, at)
        if found is None and head.isalpha() and head not in lex.org_references:
            # "the expert explains", "The Florida fan explained:" with no one introduced so:
            # the person quoted last, when a person was.
            found = self._last_quoted_person(at)
        return found

    def _named_here(self, at: Position, sex: str) -> Speaker | None:
        """The last person of that sex (or unknown sex) the narration of `at`'s paragraph
        names before it."""
        named = [
            who
            for pos, who in self.reported_speech(at[0])
            if pos < at and who.is_person and who.name and who.gender in (None, sex)
        ]
        return named[-1] if named else None

    def _last_quoted_person(self, at: Position) -> Speaker | None:
        """The named person who spoke in the last quotation before `at`, if it was a person."""
        before = [e for entries in self.spoken.values() for e in entries if e[0] < at]
        if not before:
            return None
        last = max(before, key=lambda e: e[0])[1]
        return last if last.is_person and last.name else None

    def _introduced_as(self, role: str, at: Position) -> Speaker | None:
        """The speaker given `role` before `at`, or the person written next to it."""
        needle = re.compile(rf"\b{re.escape(role)}\b", re.IGNORECASE)
        for p in range(at[0], -1, -1):
            entries = sorted(
                (e for e in self.reported_speech(p) + self.spoken.get(p, []) if e[0] < at),
                key=lambda e: e[0],
                reverse=True,
            )
            for _, who in entries:
                if who.name is None and (who.mention or "").lower().startswith("the "):
                    continue  # the same description again, not who it refers to
                if needle.search(who.mention or "") or needle.search(who.title or ""):
                    return who
            text_p = self.text_before(p, at)
            for match in reversed(list(needle.finditer(text_p))):
                if who := self._named_next_to(text_p, match.start(), match.end(), p):
                    return who
        return None

    def _titled_surname(self, run: str, p: int) -> str | None:
        """ "Adv Tšosane", "Dr Okafor": a title and a surname, written whole elsewhere in the
        article ("Advocate Mokitimi Tšosane")."""
        words = POSSESSIVE_S.sub("", run).split()
        if len(words) != 2 or not is_name_token(words[1], False):
            return None
        if not (is_title_word(words[0]) or has_honorific(run)):
            return None
        return self.full_name(words[1], p)

    def _named_next_to(self, text: str, start: int, end: int, p: int) -> Speaker | None:
        """The person named right after a role ("Judge Harriet Lindqvist") or in apposition
        before it ("Lorenzo Bellardi, UN High Commissioner for Refugees")."""
        lex = current()
        best: tuple[int, str] | None = None
        for match in name_run().finditer(text, max(0, start - 80), min(len(text), end + 60)):
            _, name = split_leading_title(without_honorific(match.group(0)))
            name = POSSESSIVE_S.sub("", name)
            if not is_person_name(name) and (titled := titled_person(name)):
                name = titled[1]  # "US President Donald Trump"
            if not is_person_name(name) and (whole := self._titled_surname(match.group(0), p)):
                name = whole  # "As a young lawyer, Adv Tšosane…": the article's full name
            before = "".join(text[: match.start()].split()[-1:]).lower()
            blocked = before in lex.prepositions or before in lex.determiners
            inside = match.start() <= start and match.end() >= end  # "by US President X"
            if not is_person_name(name) or (blocked and not inside):
                # "Minister for Emergency Management": a portfolio, not a name; "the need
                # for the Computer Crimes and … Bill": a name of something
                continue
            between = (
                text[match.end() : start] if match.end() <= start else text[end : match.start()]
            )
            if match.start() < end and match.end() > start:
                between = ""  # the role is written inside the run: "Judge Harriet Lindqvist"
            if (
                len(between) > 60
                or any(
                    not is_abbreviation(between, stop.start())  # "Hon. Rachel Tane" is one
                    for stop in SENTENCE_END.finditer(between)
                    if between[stop.start()] == "."
                )
                or _STOPS.search(between)
            ):
                continue
            distance = len(between)
            if best is None or distance < best[0]:
                best = (distance, name)
        return self.person(best[1], best[1], None, p) if best else None
