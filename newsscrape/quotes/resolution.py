"""Resolution: what a pronoun, a surname, "the company" or "the judge" stands for.

- A surname names someone already quoted, else the nearest full name written with it; a
  single word may be a given name ("Pete", "Grace told…") when one person has it.
- A pronoun is the last person (or, for "it"/"they", organisation) said to speak before it
  whose sex does not contradict it: "Ana Roe … “…,” he said." is not Ana Roe when the article
  named a man. Sex comes from the words around a name (Mr, Mrs, spokeswoman) or from the
  given name's entry in a first-name resource (gender.py); when neither tells, nothing is
  assumed, and when no candidate agrees the speaker stays unknown.
- A generic noun ("the network", "the union") is the organisation last named with it; a
  description ("the judge", "the 24-year-old") is the person introduced with it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from newsscrape.quotes.gender import gender_of, is_common_given_name
from newsscrape.quotes.lexicon import current
from newsscrape.quotes.names import (
    is_title_word,
    without_honorific,
)
from newsscrape.quotes.orgs import is_org_name, without_article, without_owner
from newsscrape.quotes.phrases import Mention
from newsscrape.quotes.roles import Roles
from newsscrape.quotes.runs import POSSESSIVE_S
from newsscrape.quotes.salience import Position, Speaker, copy
from newsscrape.quotes.wordtrie import trie


def _ends_in_another(name: str, names: set[str]) -> bool:
    """Whether `name` is a longer run ending in another of `names` ("Brave Marina Lacerda"
    and "Marina Lacerda"): read word by word, so many names cost no more than their words."""
    words = name.split()
    return any(" ".join(words[i:]) in names for i in range(1, len(words) - 1))


class Resolver(Roles):
    """Links mentions to the speakers they stand for, remembering each one it resolves."""

    def __init__(self, paragraphs: list[str], spans: tuple = ()) -> None:  # type: ignore[type-arg]
        super().__init__(paragraphs, spans)
        self._full_names: dict[tuple[str, int, bool], str | None] = {}
        self._with_word: dict[str, list[tuple[int, int, str]]] = {}
        self._places: dict[str, bool] = {}
        self._orgs: dict[str, list[tuple[Position, Position, str]]] = {}

    def person(
        self, name: str, mention: str | None, title: str | None, p: int,
        organisation: str | None = None,
    ) -> Speaker:  # fmt: skip
        """A named person, with the sex their title or given name tells (else None)."""
        gender = gender_of(name, " ".join(filter(None, (mention, title))))
        return Speaker(name, mention, title, organisation, True, gender)

    def resolve(self, mention: Mention, at: Position) -> Speaker:
        """The speaker a mention stands for at a position, remembered as having spoken there:
        a person as written, a surname or pronoun resolved, an organisation under its full
        name, an unnamed or described speaker resolved where the article names them."""
        if mention.kind == "person" and mention.name:
            speaker = self.person(
                mention.name, mention.text, mention.title, at[0], mention.organisation
            )
        elif mention.kind == "surname":
            speaker = self.surname(mention, at)
        elif mention.kind == "pronoun":
            found = self.pronoun_referent(mention.text, at)
            speaker = (
                copy(found, mention.text)
                if found
                else Speaker(None, mention.text, None, None, False)
            )
        elif mention.kind == "org":
            speaker = Speaker(mention.organisation, mention.text, None, mention.organisation, False)
        else:  # unnamed: "one activist", "the network", "a spokesperson for Oxfam"
            speaker = self._unnamed(mention, at)
        if speaker.name and not speaker.is_person:
            speaker = self._full_org(speaker, at)
        self.remember(speaker, at)
        return speaker

    def pronoun_referent(self, word: str, at: Position) -> Speaker | None:
        """The last person (he, she, I) or organisation (it, they, we) said to speak before
        `at` whose known sex does not contradict the pronoun; a person named last as a fallback
        for he and she; never an organisation for he or she."""
        kind = current().pronoun(word)
        found = None
        if kind in ("male", "female", "person"):
            sex = kind if kind != "person" else None
            found = self.latest(at, person=True, gender=sex)
            if found is None and sex is None:
                found = self.latest(at, person=None)
            if found is None and sex:
                found = self._named_before(at, sex)
        elif kind == "group":
            found = self.latest(at, person=False) or self.latest(at, person=None)
        if found is not None and found.name is None and found.mention:
            # "While the lawyer acknowledges…, he argues…": the person the description
            # stands for, when the article introduced one so.
            definite = found.mention.split()[0].lower() in current().definite_articles
            if definite and (described := self._described(found.mention, at)):
                return described
        return found

    def full_name(self, surname: str, p: int, *, later: bool = True) -> str | None:
        """The nearest full name ending in `surname`: earlier paragraphs first, then later.

        Failing that, a single word may be a given name, as features and witness accounts
        write people after the first mention ("Pete, 64, shakes his head", "Grace told…"):
        the full name starting with it, if only one person in the article has it.
        """
        key = (surname, p, later)
        if key not in self._full_names:
            self._full_names[key] = self._find_full_name(surname, p, later)
        return self._full_names[key]

    def _names_with(self, word: str) -> list[tuple[int, int, str]]:
        """The article's person names that have `word` as one of their words, in order:
        (paragraph, order in it, name). Only paragraphs where `word` is written are parsed
        for names (a name's words are all in its paragraph's text), so a surname looked up
        costs a substring search per paragraph, not a name parse of the whole article.
        """
        if word not in self._with_word:
            self._with_word[word] = [
                (q, i, name)
                for q, text in enumerate(self.paragraphs)
                if word in text
                for i, name in enumerate(self.names_in(q))
                if word in name.split()
            ]
        return self._with_word[word]

    def _find_full_name(self, surname: str, p: int, later: bool) -> str | None:
        """Look-up behind `full_name`: the article's first person with the surname up to p,
        else the nearest after it.

        The first, not the nearest: an article introduces its people before their relatives
        ("Advocate Mokitimi Tšosane" … "born to Mphutlane and ‘Matšosane Tšosane" … "Adv
        Tšosane says"), and writes a relative by the given name, not the shared surname.
        A longer run ending in a name ("Brave Marina Lacerda") is that name.
        """
        last = surname.split()[-1]
        entries = self._names_with(last)
        ending = [e for e in entries if e[2].split()[-1] == last and e[2] != surname]
        before = [e for e in ending if e[0] <= p]
        if before:
            names = {e[2] for e in before}
            plain = [e for e in before if not _ends_in_another(e[2], names)]
            return without_honorific(min(plain or before, key=lambda e: (e[0], e[1]))[2])
        after = [e for e in ending if e[0] > p] if later else []
        if after:
            first = min(e[0] for e in after)
            return without_honorific(
                max((e for e in after if e[0] == first), key=lambda e: e[1])[2]
            )
        if " " in surname:
            return None
        # "Abby" in "Marketing Manager at Ocean Florida Abby Dunn": the given name may sit
        # inside a longer run of capitals; the name starts there.
        given = {
            without_honorific(" ".join(tokens[tokens.index(surname) :]))
            for q, _, name in entries
            if (later or q <= p) and surname in (tokens := name.split())[:-1]
        }
        if len(given) != 1 or self._is_place(surname):
            return None
        return given.pop()

    def _is_place(self, word: str) -> bool:
        """Whether the article writes `word` as a place ("in Israel", "against Israel"):
        then "Israel said" is the state speaking, not Israel Katz by his given name."""
        if word not in self._places:
            prepositions = current().place_prepositions
            found = False
            if prepositions:
                place = rf"\b(?:{trie(prepositions)})\s+{re.escape(word)}\b"
                pattern = re.compile(place)
                found = any(pattern.search(text) for text in self.paragraphs)
            self._places[word] = found
        return self._places[word]

    def _named_before(self, at: Position, sex: str | None = None) -> Speaker | None:
        """The person named last before `at`, speaking or not: a feature opens on "Jean
        Mowbray’s garden" and goes on "‘I never thought,’ she says"."""
        for p in range(at[0], -1, -1):
            text = self.text_before(p, at)
            for name in reversed([n for n in self.names_in(p) if n in text]):
                bare = without_honorific(name)
                who = self.person(bare, bare, None, p)
                if sex is None or who.gender is None or who.gender == sex:
                    return who
        return None

    def _full_org(self, speaker: Speaker, at: Position) -> Speaker:
        """An organisation under its full name: "Harmon Health said" after "owned by Harmon
        Health Systems"; "Chad’s National Commission for…" is the National Commission."""
        name = without_owner(speaker.name or "")
        if name.lower() in current().org_references:
            # "The College urged…" after "The Royal College of GPs (RCGP) highlighted…"
            found = self._org_named(name.lower(), at, longer=True)
            if found and found.name:
                name = found.name
        if name == speaker.name:
            fuller = self._fuller_names(name)
            name = _last_before(fuller, at) or _first_after(fuller, at) or name
        if name == speaker.name:
            return speaker
        return Speaker(name, speaker.mention, speaker.title, name, False)

    def _fuller_names(self, name: str) -> list[tuple[Position, Position, str]]:
        """Every longer name of organisation `name` the article writes, before or after:
        "Police Federation" is the "Police Federation of England and Wales"."""
        key = f"full:{name}"
        if key not in self._orgs:
            lex = current()
            word = r"[A-Z][\w&.’'-]*+"
            links, joins = trie(lex.org_name_links), trie(lex.org_name_joins)
            covers = rf"(?:\s+(?:{links})\s+{word}(?:\s+(?:{joins})\s+{word})?)?"
            longer = re.compile(
                rf"\b{re.escape(name)}(?:(?:\s+{word}){{1,3}}{covers}|{covers[:-1]})"
            )

            # "UNHCR Assistant High Commissioner" is a person's title, not UNHCR's name.
            # "Amnesty International UK’s director": an owner, not the name.
            def keep(org: str) -> bool:
                return (
                    org != name
                    and not any(is_title_word(w) for w in org[len(name) :].split())
                    and not POSSESSIVE_S.search(org)
                )

            self._orgs[key] = self._find_orgs(longer, keep)
        return self._orgs[key]

    def _unnamed(self, mention: Mention, at: Position) -> Speaker:
        """A speaker phrase naming no one: a generic organisation noun ("the union"), a
        spokesperson's organisation, a role or description introduced earlier, else nobody."""
        lex = current()
        words = [w.strip(".,’'").lower() for w in mention.text.split()]
        heads = [w for w in words if w in lex.org_references]
        # "The association’s submission added:": the grammar's `owned_statement`.
        owned_statement = lex.grammar("owned_statement")
        owned = owned_statement.match(mention.text) if owned_statement is not None else None
        if owned and owned["owner"].lower() in lex.org_references:
            heads = [owned["owner"].lower()]  # "The association’s submission added:"
        if (
            words[0] in lex.definite_articles
            and words[-1] in lex.spokes
            and (found := self._described(mention.text.rsplit(None, 1)[-1], at))
        ):
            # "the government spokesman" is the person introduced as its spokesman.
            return copy(found, mention.text)
        definite = words[0] in lex.definite_articles or words[0] in lex.demonstratives
        if heads and (definite or set(words) & lex.spokes):
            # "the council", "this coalition"; "a league spokesperson": the league's.
            found = (
                self.latest(at, person=False, noun=heads[0])
                or self._org_named(heads[0], at)
                # "the union" alone is the organisation last named; "the operators’
                # association" is one of its own, unnamed. (Not "a company spokesperson":
                # some company, not the last one named.)
                or (self.latest(at, person=False, named=len(words) == 2) if definite else None)
            )
            if found:
                return copy(found, mention.text)
            if name := self._subject_as_org(at):
                return Speaker(name, mention.text, None, name, False)
        if mention.organisation and set(words) & lex.spokes:
            org = mention.organisation
            return Speaker(org, mention.text, None, org, False)
        if words[0] in lex.definite_articles and (found := self._described(mention.text, at)):
            return copy(found, mention.text)
        return Speaker(None, mention.text, None, mention.organisation, False)

    def _subject_as_org(self, at: Position) -> str | None:
        """ "Goldman Sachs estimates that…" ¶ "“…,” the bank said.": with no organisation
        named, the subject of the narration just before (this paragraph or the one before)
        is the organisation, when nothing marks it as a person: no title, no common given
        name ("Goldman" is a rare one)."""
        for p in (at[0], at[0] - 1):
            events = [e for e in self.reported_speech(p) if e[0] < at] if p >= 0 else []
            if events:
                who = events[-1][1]
                if (
                    who.name
                    and not current().pronoun(who.mention or "")  # "it will…": read back
                    and who.title is None
                    and not is_common_given_name(who.name.split()[0])
                ):
                    return who.name
                return None
        return None

    def _org_named(self, noun: str, at: Position, *, longer: bool = False) -> Speaker | None:
        """ "the coalition" after "a bloc calling itself the “Coalition for Practical
        Solutions”": the nearest organisation written before with that noun in its name,
        spoken or not."""
        key = f"named:{noun}:{longer}"
        if key not in self._orgs:
            # names.toml's org_name_inner_words: "Coalition for Practical Solutions".
            inner = trie(current().org_name_inner_words)
            pattern = re.compile(
                rf"(?:[A-Z][\w’'&.-]*+\s+(?:(?:{inner})\s+)*+){{0,6}}"
                rf"{re.escape(noun.capitalize())}"
                rf"(?:\s+(?:(?:{inner})\s+)*+[A-Z][\w’'&.-]*+){{0,6}}"
            )
            self._orgs[key] = self._find_orgs(
                pattern, lambda org: not (longer and without_article(org).lower() == noun)
            )
        found = _last_before(self._orgs[key], at)
        if found is None:
            return None
        org = without_article(found)
        return Speaker(org, org, None, org, False)

    def _find_orgs(
        self, pattern: re.Pattern[str], keep: Callable[[str], bool]
    ) -> list[tuple[Position, Position, str]]:
        """Every organisation name `pattern` finds in the article that `keep` accepts, in
        order, as (start, end, name): read once per article and name, so an article of many
        quotations by one organisation stays linear."""
        return [
            ((p, m.start()), (p, m.end()), m.group(0))
            for p, text in enumerate(self.paragraphs)
            for m in pattern.finditer(text)
            if is_org_name(m.group(0)) and keep(m.group(0))
        ]

    def surname(self, mention: Mention, at: Position) -> Speaker:  # type: ignore[override]
        """The person a surname stands for: someone quoted with it, else the nearest full
        name written with it, else the surname as written."""
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
            return copy(max(quoted, key=lambda e: e[0])[1], mention.text)
        full = self.full_name(surname, at[0])
        if full:
            return self.person(full, mention.text, None, at[0])
        # Nobody in the article has that surname: the person as written ("Father Doyle"),
        # without a courtesy title ("Mr Assange" is "Assange").
        written = f"{mention.title} {surname}" if mention.title else surname
        return self.person(written, mention.text, mention.title, at[0])


def _last_before(found: list[tuple[Position, Position, str]], at: Position) -> str | None:
    """The last name of `found` (in order) that ends before `at`."""
    i = bisect_right(found, at, key=lambda entry: entry[1])
    return found[i - 1][2] if i else None


def _first_after(found: list[tuple[Position, Position, str]], at: Position) -> str | None:
    """The first name of `found` (in order) that starts at or after `at`."""
    i = bisect_left(found, at, key=lambda entry: entry[0])
    return found[i][2] if i < len(found) else None
