"""Speaker name keys across scripts: anyascii spells out letters, the merge rules still decide.

Plain values through the pure functions of `newsscrape.speakers.names`: exact keys join
spellings of one name (Wałęsa, Walesa); translit keys make a Cyrillic or Greek name and its
Latin spelling *candidates*; names that differ stay apart.
"""

from __future__ import annotations

from newsscrape.speakers.names import (
    PersonName,
    exact_key,
    first_names_compatible,
    fold,
    org_key,
    translit,
)


def parse(name: str) -> PersonName:
    parsed = PersonName.parse(name)
    assert parsed is not None, name
    return parsed


def candidates(a: str, b: str) -> str | None:
    """Why the variant-name rule would consider `a` and `b` (None when it would not)."""
    pa, pb = parse(a), parse(b)
    if pa.family_key != pb.family_key:  # identity.py groups candidates by family key
        return None
    return first_names_compatible(pa, pb)


def test_latin_letters_that_do_not_decompose_fold_to_one_exact_key() -> None:
    assert exact_key("Lech Wałęsa", "person") == exact_key("Lech Walesa", "person")
    assert exact_key("Søren Kierkegaard", "person") == exact_key("Soren Kierkegaard", "person")
    assert fold("Straße") == "strasse"
    assert org_key("Fundacja Wałęsy") == org_key("Fundacja Walesy")


def test_accents_and_apostrophes_fold_as_before() -> None:
    assert exact_key("José Ramos-Horta", "person") == exact_key("Jose Ramos Horta", "person")
    assert fold("O’Brien") == fold("O'Brien") == "obrien"
    assert exact_key("Dr. José al-Amin", "person") == "jose al amin"


def test_the_soft_sign_apostrophe_of_anyascii_is_dropped() -> None:
    assert translit("навальный") == translit("navalny")
    assert "'" not in parse("Алексей Навальный").translit_key
    assert "'" not in parse("Володимир Зеленський").translit_key


def test_a_cyrillic_name_and_its_latin_spellings_are_candidates() -> None:
    for latin in ("Aleksei Navalny", "Alexei Navalny", "Alexey Navalnyy"):
        assert parse("Алексей Навальный").translit_key == parse(latin).translit_key
        assert candidates("Алексей Навальный", latin)
    for latin in ("Vladimir Zelensky", "Vladimir Zelenskiy", "Vladimir Zelenskyy"):
        assert parse("Владимир Зеленский").translit_key == parse(latin).translit_key
        assert candidates("Владимир Зеленский", latin)
    assert parse("Володимир Зеленський").translit_key == parse("Volodymyr Zelenskyy").translit_key
    assert candidates("Володимир Зеленський", "Volodymyr Zelensky")
    assert candidates("А. Навальный", "Alexei Navalny")  # a Cyrillic initial


def test_slavic_endings_fold_to_one_spelling() -> None:
    assert translit("dmitriy") == translit("dmitry") == translit("dmitrii") == "dmitri"
    assert translit("zelenskyy") == translit("zelenskyi") == translit("zelensky")
    assert translit("yuliya") == translit("yulia")


def test_exact_keys_do_not_cross_scripts() -> None:
    # A transliteration is a candidate, never the same spelling: the name stays in its script.
    assert exact_key("Иван Иванов", "person") != exact_key("Ivan Ivanov", "person")
    assert exact_key("Алексей Навальный", "person") != exact_key("Aleksei Navalny", "person")


def test_greek_and_other_scripts_romanise_to_ascii() -> None:
    tsipras = parse("Αλέξης Τσίπρας")
    assert tsipras.translit_key.isascii() and tsipras.translit_key == "alexis tsipras"
    assert tsipras.translit_key == parse("Alexis Tsipras").translit_key
    assert candidates("Αλέξης Τσίπρας", "Alexis Tsipras")
    assert translit("王").isascii() and translit("王")
    assert translit("محمد").isascii() and translit("محمد")


def test_different_people_stay_apart() -> None:
    assert candidates("Kenneth Roth", "Kristina Roth") is None
    assert parse("Ivan Petrov").family_key != parse("Иван Иванов").family_key
    assert candidates("Ivan Petrov", "Иван Иванов") is None
    assert candidates("Алексей Навальный", "Yulia Navalnaya") is None
    assert candidates("К. Навальный", "Alexei Navalny") is None  # a different initial
