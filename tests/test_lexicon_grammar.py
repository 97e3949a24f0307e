"""Phrase structure is language data: a rule of en.toml's `[grammar]` table fires on English
text, and not on text of a language whose data file does not provide it."""

from __future__ import annotations

import re

import pytest

from newsscrape.quotes.extract import extract_quotes
from newsscrape.quotes.lexicon import load, using
from newsscrape.quotes.phrases import is_relative, segments_of

ACCORDING = ["According to Jo Roe, “the plan will fail because nobody has paid for it.”"]
EMBEDDED = ["Jo Roe called the ruling “a regrettable and dangerous mistake for everyone”."]
IN_A_STATEMENT = ["“We will appeal against this decision,” said Jo Roe in a statement on Monday."]


def _speakers(paragraphs: list[str], language: str) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.pattern) for q in extract_quotes(paragraphs, language)]


def test_english_reads_according_to() -> None:
    assert _speakers(ACCORDING, "en") == [("Jo Roe", "before-cue")]


def test_english_reads_a_phrase_the_speaker_used() -> None:
    assert _speakers(EMBEDDED, "en") == [("Jo Roe", "embedded")]


def test_english_cuts_what_follows_the_speaker() -> None:
    assert _speakers(IN_A_STATEMENT, "en") == [("Jo Roe", "after-cue")]


@pytest.mark.parametrize("language", ["fr", "de", "zu"])
@pytest.mark.parametrize("paragraphs", [ACCORDING, EMBEDDED])
def test_a_language_without_the_rule_does_not_apply_it(
    language: str, paragraphs: list[str]
) -> None:
    # French, German and isiZulu provide no "according to" or "called …" rule: the English
    # words in their text name nobody.
    assert all(speaker is None for speaker, _ in _speakers(paragraphs, language))


def test_rules_come_from_the_data_file() -> None:
    english, french = load("en"), load("fr")
    according = english.grammar("according_to")
    assert according is not None and according.flags & re.IGNORECASE
    assert according.search("According to Jo Roe,")["np"] == "Jo Roe"
    assert english.grammar("according_to") is according  # compiled once
    assert french.grammar("according_to") is None
    assert english.grammar("no such rule") is None
    assert "has" in english.auxiliaries and not french.auxiliaries


def test_every_english_rule_compiles() -> None:
    english = load("en")
    for name in english.rules:
        text = english.grammar_text(name, cue="said", documents="statement", possessives="her")
        assert text is not None
        re.compile(text.replace("{document_tail}", ""))


# Rules and word lists moved out of the stages' code (narration, attribution, resolution,
# salience, roles, phrases) into en.toml: English has them, a language whose data file lacks
# them (French, or a code with no data file) gets none, and the rule does not fire there.
MOVED_RULES = [
    "opening_phrase", "cataphora", "role_article", "owned_statement", "org_subject",
    "subject_connective", "relative_tail",
]  # fmt: skip
MOVED_LISTS = [
    "demonstratives", "indefinite_articles", "place_prepositions", "clause_starts",
    "relative_pronouns", "noun_complements",
]  # fmt: skip
# Words of names and titles moved out of code into names.toml (orgs, names, phrases,
# resolution): they belong to the names, whatever the article's language, so every language
# has them, a code with no data file too.
MOVED_NAME_LISTS = ["title_links", "title_joins", "org_name_inner_words"]
CATAPHORA = [
    "“We will rebuild every school that the floods destroyed this year.”",
    "With these words, Minister of Health Jo Roe opened the conference.",
]


@pytest.mark.parametrize("name", MOVED_RULES)
def test_a_moved_rule_is_english_data(name: str) -> None:
    assert load("en").grammar(name) is not None
    assert load("fr").grammar(name) is None
    assert load("qq").grammar(name) is None


@pytest.mark.parametrize("name", MOVED_LISTS)
def test_a_moved_word_list_is_english_data(name: str) -> None:
    assert getattr(load("en"), name)
    assert not getattr(load("fr"), name)
    assert not getattr(load("qq"), name)


@pytest.mark.parametrize("name", MOVED_NAME_LISTS)
def test_a_moved_name_list_is_names_data(name: str) -> None:
    words = getattr(load("en"), name)
    assert words
    assert getattr(load("fr"), name) == words
    assert getattr(load("qq"), name) == words


def test_moved_lists_hold_what_the_code_did() -> None:
    english = load("en")
    assert english.relative_pronouns == {"who", "which", "whose", "whom", "where"}
    assert english.noun_complements == {"of"}
    assert english.title_links == {"of", "for"}
    assert english.title_joins == {"and", "&"}
    assert english.org_name_inner_words == {"of", "for", "and", "on", "the"}


def test_relative_pronouns_are_english_data() -> None:
    with using("en"):
        assert is_relative("who") and not is_relative("WHO")
        assert segments_of("Mwale, who is contesting his third election") == ["Mwale"]
    with using("fr"):
        assert not is_relative("who")


def test_moved_rules_read_what_they_did_in_code() -> None:
    english = load("en")
    assert english.grammar("role_article").sub("", "the Minister of Health") == "Minister of Health"
    owned = english.grammar("owned_statement").match("The association’s submission")
    assert owned is not None and owned["owner"] == "association"
    subject = english.grammar("org_subject").match("The Hellenic Coast Guard did not respond")
    assert subject is not None and subject[1] == "The Hellenic Coast Guard"
    relative = english.grammar("relative_tail")
    assert relative.sub("", "woman who is in her late 20s") == "woman"
    assert english.grammar("opening_phrase").fullmatch("Specifically on July 9 and 10,")
    assert {"this"} == english.demonstratives and "one" in english.indefinite_articles


def test_cataphora_is_read_in_english_only() -> None:
    assert _speakers(CATAPHORA, "en") == [("Jo Roe", "cataphora")]
    assert _speakers(CATAPHORA, "fr") == [(None, "none")]
