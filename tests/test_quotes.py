"""The quote engine, one test per pattern it serves, on texts written for the purpose."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsscrape.quotes.extract import extract_quotes


def quotes(*paragraphs: str, language: str | None = None) -> list:  # type: ignore[type-arg]
    return [q for q in extract_quotes(list(paragraphs), language) if q.kind == "quote"]


def terms(*paragraphs: str) -> list[str]:
    return [q.text for q in extract_quotes(list(paragraphs)) if q.kind == "term"]


@pytest.mark.parametrize(
    ("paragraph", "speaker", "title", "org"),
    [
        (
            "“We will not stop,” said Maria Lopez, Director of the Justice Network.",
            "Maria Lopez",
            "Director of the Justice Network",
            "Justice Network",
        ),
        ("“The ruling is a setback,” Tom Okafor said.", "Tom Okafor", None, None),
        (
            "“This must end now,” says Aisha Bello, Oxfam International’s Policy Lead.",
            "Aisha Bello",
            "Policy Lead",
            "Oxfam International",
        ),
        (
            "“It is a dark day,” said the group’s spokesperson Jan de Vries.",
            "Jan de Vries",
            None,
            None,
        ),
    ],
)
def test_speaker_after_the_quote(
    paragraph: str, speaker: str, title: str | None, org: str | None
) -> None:
    [quote] = quotes(paragraph)
    assert quote.speaker == speaker
    assert quote.pattern == "after-cue"
    if title:
        assert quote.title == title
    if org:
        assert quote.organisation == org


def test_speaker_before_a_colon_with_title_then_name_and_no_comma() -> None:
    [quote] = quotes(
        "Reacting to the verdict, Human Rights Watch’s Asia Director Elaine Pearson said:",
        "“The court has failed the victims.",
    )
    assert (quote.speaker, quote.organisation) == ("Elaine Pearson", "Human Rights Watch")
    assert quote.title == "Asia Director"
    assert quote.pattern == "colon-intro"


def test_title_cut_by_a_paragraph_break() -> None:
    [quote] = quotes(
        "The court released the activists today. Responding, the Foundation’s Senior",
        "Legal Adviser, Karim Haddad, said:",
        "“This is long overdue.",
    )
    assert quote.speaker == "Karim Haddad"
    assert quote.title == "Senior Legal Adviser"


def test_title_name_line_with_a_subheading_before_the_quote() -> None:
    [quote] = quotes(
        "Amnesty International’s Secretary General, Agnès Callamard:",
        "Reaction",
        "“The world is watching.”",
    )
    assert quote.speaker == "Agnès Callamard"
    assert quote.organisation == "Amnesty International"


def test_multi_paragraph_quotation_opened_but_not_closed() -> None:
    [quote] = quotes(
        "Lynn Maalouf, Deputy Director at Amnesty International, said:",
        "“The first paragraph ends without a closing mark.",
        "“The second paragraph opens again and closes.”",
        "The authorities did not respond.",
    )
    assert quote.speaker == "Lynn Maalouf"
    assert (quote.paragraph_start, quote.paragraph_end) == (1, 2)
    assert quote.text.endswith("opens again and closes.")


def test_second_sentence_after_attribution_and_continuation_paragraphs() -> None:
    found = quotes(
        "“We are appalled,” said Priya Nair, a researcher at the Institute for Justice. "
        "“No one should be detained for speaking out.”",
        "“The detainees must be released immediately.”",
    )
    assert [q.speaker for q in found] == ["Priya Nair"] * 3
    assert [q.pattern for q in found] == ["after-cue", "same-paragraph", "continuation"]


def test_surname_and_pronoun_resolve_to_the_full_name() -> None:
    found = quotes(
        "Evo Morales, the former president, said: “We will return.”",
        "The crowd cheered. Morales added: “Our movement is alive.”",
        "“Nothing will stop us,” he said.",
    )
    assert [q.speaker for q in found] == ["Evo Morales"] * 3


def test_organisation_and_unnamed_speakers() -> None:
    found = quotes(
        "“Authorities must investigate,” Amnesty International said in a statement.",
        "One activist in Harare said: “We live in fear.”",
    )
    assert found[0].speaker == "Amnesty International"
    assert found[0].organisation == "Amnesty International"
    assert found[1].speaker is None
    assert found[1].mention == "One activist in Harare"


def test_guillemets_low_high_marks_and_mixed_marks() -> None:
    french = quotes("« La loi est injuste », a déclaré Jean Dupont.", language="fr")
    german = quotes(
        "„Das ist ein schwarzer Tag für die Pressefreiheit“, sagte Anna Schmidt.", language="de"
    )
    mixed = quotes('Tom Okafor said: “Straight and curly marks mix here in one quotation."')
    assert french[0].speaker == "Jean Dupont" and french[0].text == "La loi est injuste"
    assert german[0].speaker == "Anna Schmidt"
    assert mixed[0].text == "Straight and curly marks mix here in one quotation."


def test_apostrophes_inside_a_quotation_are_not_closing_marks() -> None:
    [quote] = quotes("“It threatens the foetus’ life and the women’s health,” said Esther Major.")
    assert quote.text == "It threatens the foetus’ life and the women’s health"
    assert quote.speaker == "Esther Major"


def test_titles_scare_quotes_and_charges_are_terms() -> None:
    found = terms(
        "The organization published its report, “Treated like furniture: Violence in "
        "Southern Africa”, on Monday.",
        "The practice of “scooping up” children lasted decades.",
        "She was charged with “hooliganism” and released.",
    )
    assert found == [
        "Treated like furniture: Violence in Southern Africa",
        "scooping up",
        "hooliganism",
    ]
    assert not quotes("The practice of “scooping up” children lasted decades.")


def test_a_quoted_phrase_a_speaker_is_said_to_have_used_counts() -> None:
    [quote] = quotes("Maria Lopez said the ruling was “a grave mistake”.")
    assert quote.speaker == "Maria Lopez"
    assert quote.text == "a grave mistake"


@pytest.mark.parametrize(
    ("paragraph", "speaker", "org", "pattern"),
    [
        (
            "Tomasz Wilk of the Baltic Fishers Association said: “The quotas are too low.”",
            "Tomasz Wilk",
            "Baltic Fishers Association",
            "colon-intro",
        ),
        (
            "“The quotas are too low,” said Amara Diallo from the Sahel Water Trust.",
            "Amara Diallo",
            "Sahel Water Trust",
            "after-cue",
        ),
        (
            "“The quotas are too low,” Grace Okafor of the Lagos Tenants Association said.",
            "Grace Okafor",
            "Lagos Tenants Association",
            "after-cue",
        ),
        (
            "Elder Kwame Boateng of the Asante Traditional Council said: “The land is ours.”",
            "Kwame Boateng",
            "Asante Traditional Council",
            "colon-intro",
        ),
        (
            "Head of Research Mira Patel from the Coastal Policy Institute said that the data "
            "showed “a clear and worrying trend”.",
            "Mira Patel",
            "Coastal Policy Institute",
            "before-cue",
        ),
    ],
)
def test_name_of_organisation_without_a_comma(
    paragraph: str, speaker: str, org: str, pattern: str
) -> None:
    [quote] = quotes(paragraph)
    assert (quote.speaker, quote.organisation, quote.pattern) == (speaker, org, pattern)


def test_organisations_named_with_of_stay_organisations() -> None:
    [quote] = quotes("The Ministry of Housing said: “Every family will be rehoused.”")
    assert quote.speaker == "Ministry of Housing"
    assert quote.speaker_kind == "org"


@pytest.mark.parametrize(
    ("paragraph", "speaker", "title"),
    [
        ("“Our doors stay open,” said Pro-Vice-Chancellor Marek Nowak.", "Marek Nowak", None),
        ("“Our doors stay open,” said Deputy Vice-Chancellor Ngozi Eze.", "Ngozi Eze", None),
        ("“Our doors stay open,” said Co-Chair Lena Fischer.", "Lena Fischer", "Co-Chair"),
        ("“Our doors stay open,” said Headteacher Ngozi Eze.", "Ngozi Eze", "Headteacher"),
        ("Nurse Mary Achieng said: “We need more beds on this ward.”", "Mary Achieng", "Nurse"),
        (
            "Princess Adaeze Obi, a descendant of the founding family, said: “We waited a "
            "century for this.”",
            "Adaeze Obi",
            None,
        ),
        (
            "Villager Kofi Mensah, whose maize field burned in March, said: “We lost "
            "everything we had.”",
            "Kofi Mensah",
            "Villager",
        ),
        ("“We lost everything we had,” said Father Liam Doyle.", "Liam Doyle", "Father"),
        ("Sheikha Noor Al Thani said: “The archive belongs to everyone.”", "Noor Al Thani", None),
        # Negative cases: a given name is never taken for a title.
        ("“We lost everything we had,” said Grace Okafor.", "Grace Okafor", None),
        ("“We lost everything we had,” said Hope Mensah.", "Hope Mensah", None),
        ("Dean Mills said: “We lost everything we had.”", "Dean Mills", None),
        ("“We lost everything we had,” said Prince Adebayo.", "Prince Adebayo", None),
        ("“We lost everything we had,” said Minister Dean Mills.", "Dean Mills", "Minister"),
        ("“We lost everything we had,” said Dean Rose Akinyi.", "Rose Akinyi", "Dean"),
        ("“We lost everything we had,” said Sarah Farmer.", "Sarah Farmer", None),
        # A subject after "of" belongs to the title, not to the name.
        (
            "Minister of Health Ana Silva said: “Vaccines are free from Monday.”",
            "Ana Silva",
            "Minister of Health",
        ),
        (
            "“Vaccines are free from Monday,” said Minister of Public Health Ana Silva.",
            "Ana Silva",
            "Minister of Public Health",
        ),
        (
            "“Vaccines are free from Monday,” said the Secretary of State Joan Mbeki.",
            "Joan Mbeki",
            None,
        ),
    ],
)
def test_title_or_description_before_a_name(
    paragraph: str, speaker: str, title: str | None
) -> None:
    [quote] = quotes(paragraph)
    assert quote.speaker == speaker
    if title:
        assert quote.title == title


def test_a_title_before_a_name_does_not_reach_the_surname_resolver() -> None:
    found = quotes(
        "“The scholarships start in September,” said Rector Helga Lindqvist.",
        "Students welcomed the news. Lindqvist added: “This is only the first cohort.”",
    )
    assert [q.speaker for q in found] == ["Helga Lindqvist"] * 2


def test_title_and_surname_resolve_to_the_full_name() -> None:
    found = quotes(
        "Father Liam Doyle runs the night shelter on Quay Street.",
        "“We turn people away every night,” Father Doyle said.",
    )
    assert found[0].speaker == "Liam Doyle"
    [alone] = quotes("“We turn people away every night,” Senator Okafor said.")
    assert alone.speaker == "Senator Okafor"  # nobody else in the article is an Okafor


@pytest.mark.parametrize(
    ("paragraph", "speaker", "pattern"),
    [
        (
            "Greenline’s policy lead, Ben Okoro, who cycles to work every day, said: “The "
            "lanes are unsafe.”",
            "Ben Okoro",
            "colon-intro",
        ),
        (
            "The charity’s policy officer, Abdul Rahman, whose daughter is deaf, told the "
            "committee: “Captions are not optional.”",
            "Abdul Rahman",
            "colon-intro",
        ),
        (
            "“Captions are not optional,” the charity’s policy officer, Ben Adeyemi, whose "
            "daughter is deaf, said.",
            "Ben Adeyemi",
            "after-cue",
        ),
        (
            "“The lanes are unsafe,” Priya Raman, who has cycled to work every single day "
            "for the past eleven years in all weathers, said.",
            "Priya Raman",
            "after-cue",
        ),
        (
            "“The lanes are unsafe,” said Priya Raman, whose shop was flooded twice.",
            "Priya Raman",
            "after-cue",
        ),
        (
            "Ruth Ames, who has used a wheelchair since 2015, said the new lifts were "
            "“a start, nothing more”.",
            "Ruth Ames",
            "before-cue",
        ),
        (
            "In Leeds, where the audit found twelve stations without lifts, campaigner Ruth "
            "Ames said: “It is overdue.”",
            "Ruth Ames",
            "colon-intro",
        ),
        ("Abu Ahmed, a resident of Idlib, said: “We need the road reopened.”", "Abu Ahmed", None),
    ],
)
def test_relative_clause_between_the_name_and_the_cue(
    paragraph: str, speaker: str, pattern: str | None
) -> None:
    [quote] = quotes(paragraph)
    assert quote.speaker == speaker
    if pattern:
        assert quote.pattern == pattern


TOKENS = [
    "“",
    "”",
    '"',
    "'",
    "‘",
    "’",
    "«",
    "»",
    "„",
    " ",
    ".",
    ",",
    ":",
    "said",
    "Mr X",
    "Jane Doe",
    "she",
    "\n",
    "Amnesty International’s Director",
    "a",
    "\x00",
    "Prof.",
    "—",
    "According to",
    "called the",
    "With these words,",
    "who",
    "van der",
]


@pytest.mark.parametrize(
    ("paragraphs", "speaker"),
    [
        # A title holding organisation words: the person, not an organisation.
        (["Nigeria’s Chief of Defence Staff General Musa Adeyemi has warned that the "
          "insurgents are regrouping.", "He called the ceasefire “a smokescreen”."],
         "Musa Adeyemi"),
        # Abbreviated ranks are not sentence ends, and "of the force’s X Unit" is the unit.
        (["“We are following several leads,” said Det. Insp. Carla Menon of the force’s "
          "Serious Fraud Unit, who leads the inquiry."], "Carla Menon"),
        # A department inside the title: the name is the last two words.
        (["“Orders doubled in a quarter,” said Brightline Head of Retail Operations "
          "Tobias Lindqvist."], "Tobias Lindqvist"),
        # A subordinate clause before the subject, and a present-tense cue.
        (["When the firefighters reached the mill, station manager Orla Byrne recalls, "
          "the roof was “already sagging like a wet tent”."], "Orla Byrne"),
        # An opening phrase without its comma.
        (["On its website the Harbour Trust said: “The pier will reopen in spring.”"],
         "Harbour Trust"),
        # A long sentence before "…, the X said": the organisation, for a later "it".
        (["Volunteers have planted 40,000 trees since March and the total is expected to "
          "pass 60,000 by the autumn, the Upland Forestry Partners’ Network said.",
          "It also promised “a tree for every child born in the valley”."],
         "Upland Forestry Partners’ Network"),
        # A publication, then a surname, with the comma missing.
        (["Renata Okoye, who ran the shelter for a decade, left in May.",
          "Speaking to the Evening Courier Okoye said: “I had nothing left to give.”"],
         "Renata Okoye"),
        # "The association’s submission added": the association speaks.
        (["The Riverside Tenants Association objected to the plan in writing.",
          "The association’s submission added: “Nobody asked the people who live here.”"],
         "Riverside Tenants Association"),
        # "A league spokesperson": the league named before.
        (["The sale needs the approval of the Northern Basketball League.",
          "According to a league spokesperson, the review will be “quick but careful.”"],
         "Northern Basketball League"),
        # A country that is also a given name is the state when the text treats it as a place.
        (["Foreign Minister Israel Ramos met the envoy in Lisbon.",
          "Aid has not reached the border since troops moved into Israel last week.",
          "Israel said in its filing that the request was “premature and one-sided”."],
         "Israel"),
        # The cue inside a quotation is the quoted speaker's story, not a new subject.
        (["“A neighbour stopped me and asked, ‘Who will fix the roof?’ I had no answer,” "
          "said Kwame Boateng, the mayor.",
          "He added: “We are going street by street.”"], "Kwame Boateng"),
        # "Downing Street said": who sits there speaks.
        (["Downing Street said the decision “rests with Parliament”."], "Downing Street"),
        # A participle after the name is no part of it.
        (["Historian Mirela Dukic taught in Sarajevo for twenty years.",
          "“We left with two suitcases,” says Dukic, recalling the winter of 1993."],
         "Mirela Dukic"),
        # Honours after a name are not the name.
        (["Tariq Mahmood OBE, chair of the Harbour Trust, said: “We will rebuild.”"],
         "Tariq Mahmood"),
        # A hyphenated rank is no part of the name.
        (["“We traced the money,” said Hawks head Major-Gen Thandi Mokoena."],
         "Thandi Mokoena"),
        # A possessive that names an office stays in its name.
        (["“We are reviewing the decision,” said a spokesperson for the U.S. Attorney’s "
          "Office for the District of Oregon."],
         "U.S. Attorney’s Office for the District of Oregon"),
        # A withheld surname, then the given name alone.
        (["Amina R., 31, from Somalia, said she was locked in a kitchen for a week.",
          "“Nobody came,” Amina told researchers."], "Amina R."),
        # "X, which represents…": an organisation, whatever its name looks like; "the union"
        # after it is that organisation.
        (["Harbour Porters United, which represents 900 dockers, says pay has fallen.",
          "In a statement, the union said: “We have waited long enough.”"],
         "Harbour Porters United"),
        # "The statement added:" is whoever issued the statement.
        (["In a written statement, the Office of the Mayor of Leeds said it was “reviewing "
          "the decision.”", "The statement added: “No option is off the table.”"],
         "Office of the Mayor of Leeds"),
        # Told whom, without "the": the teller speaks.
        (["Retired teacher Ilse Brandt told Coastline Magazine: “The sea took the garden.”"],
         "Ilse Brandt"),
        # A subject after "But": the person named before by full name.
        (["Nadia Petrov won the first set with ease against Lena Holt.",
          "Holt then saved three set points.",
          "But Petrov broke back and served it out.",
          "“I had to stay patient,” said the 24-year-old."], "Nadia Petrov"),
        # A nationality word before a name is no part of it.
        (["“It was a long day,” said Welshman Rhys Morgan."], "Rhys Morgan"),
        # A building before a name is no person to give a later "she" to.
        (["Marta Lind chaired the talks.", "Delegates met at the Ocean Palace in Lisbon.",
          "“We are close,” she said."], "Marta Lind"),
        # "The College" after "the Royal College of Nursing": the College's full name.
        (["The Royal College of Nursing (RCN) criticised the plan on Monday.",
          "The College urged ministers to “think again”."], "Royal College of Nursing"),
    ],
)  # fmt: skip
def test_speaker_patterns_from_real_articles(paragraphs: list[str], speaker: str) -> None:
    assert quotes(*paragraphs)[-1].speaker == speaker


def test_a_language_s_rules_run_only_on_text_in_that_language() -> None:
    # isiZulu: "…” kusho uX." (said X), names with their noun-class prefix.
    zulu = [
        "Imeya yeTheku uSipho Mthembu uthe bazoqhubeka nomsebenzi.",
        "“Sizoqhubeka nokwakha izindlu ezintsha ngonyaka ozayo,” kusho uMthembu.",
    ]
    assert quotes(*zulu, language="zu")[-1].speaker == "Sipho Mthembu"
    assert quotes(*zulu, language="en")[-1].speaker is None  # kusho is no English verb
    # The noun-class prefix is isiZulu's: in English "UPenn" is a name, not "Penn".
    upenn = "“It is a landmark day for the school,” said UPenn."
    assert quotes(upenn, language="en-US")[0].speaker == "UPenn"
    assert quotes(upenn, language="zu")[0].speaker is None
    # French verbs on French text only; a tag with a region reads as its language.
    french = "« La loi est injuste et elle doit tomber », a déclaré Jean Dupont."
    assert quotes(french, language="fr-CA")[0].speaker == "Jean Dupont"
    assert quotes(french, language="en")[0].speaker is None
    # A language with no data file gets no speech verbs: quotations, but no guessed speaker.
    swahili = "“Ni siku nzuri sana kwa wote hapa,” amesema Juma Ali."
    assert [q.speaker for q in quotes(swahili, language="xx")] == [None]
    assert quotes(swahili, language="sw")[0].speaker == "Juma Ali"


def test_a_quotation_inside_a_running_sentence_takes_the_cue_before_it() -> None:
    found = quotes(
        "Envoy Laila Haddad told the tribunal that “hunger is being used as a weapon” in the "
        "north, as the army continues to block the roads."
    )
    assert [q.speaker for q in found] == ["Laila Haddad"]


def test_a_verdict_in_a_relative_clause_or_on_it_is_the_speakers() -> None:
    found = quotes(
        "The team relied on hospital records rather than interviews, which Dr Amara Osei "
        "described as “far more reliable.”",
        "Councillor Ben Tait called it “the best news this town has had in years.”",
    )
    assert [(q.text, q.speaker) for q in found] == [
        ("far more reliable.", "Amara Osei"),
        ("the best news this town has had in years.", "Ben Tait"),
    ]
    # Naming stays naming: a group called “…”.
    assert terms("Residents formed a group called “Save the Quay”.") == ["Save the Quay"]


def test_a_possessive_looking_mark_closes_when_a_new_quotation_opens_after_it() -> None:
    found = extract_quotes(
        [
            "The council said it ‘stands with the residents’ and was ‘working as fast as "
            "it can’ to rehouse them.",
            "The ruling protects the parents’ rights, the judge said.",
        ]
    )
    assert [q.text for q in found] == ["stands with the residents", "working as fast as it can"]


def test_a_text_quoted_as_it_reads_has_no_speaker() -> None:
    found = quotes(
        "“The court is wrong,” Justice Ana Ferreira wrote in her dissent.",
        "“Every person born in the republic is a citizen,” it reads.",
    )
    assert [q.speaker for q in found] == ["Ana Ferreira", None]


def test_several_speakers_together_are_no_single_speaker() -> None:
    found = quotes(
        "“The river is rising,” said Nadia Costa, who directs Floodwatch.",
        "In a joint statement, Floodwatch and nine other relief groups said the delays were "
        "“a failure of basic planning”.",
    )
    assert [q.speaker for q in found] == ["Nadia Costa", None]


def test_street_names_and_interview_labels_are_not_people() -> None:
    found = quotes(
        "When Omar Siddiqui opened his bakery on Carrow Road in 2015, few came.",
        "He calls his bread “slow food for fast people”.",
        "Q: Greta Lind at the Herald once called your loaves “overpriced.” Fair?",
    )
    assert [q.speaker for q in found] == ["Omar Siddiqui", "Greta Lind"]


@given(
    st.lists(
        st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=30).map("".join),
        max_size=6,
    )
)
@settings(max_examples=500, deadline=None)
def test_never_raises(paragraphs: list[str]) -> None:
    for quote in extract_quotes(paragraphs):
        assert 0 <= quote.paragraph_start <= quote.paragraph_end < len(paragraphs)


HTML_TOKENS = [
    "<p>", "</p>", "<div>", "</div>", "<article>", "<nav>", "<script>", "<!--", "-->", "<br>",
    "<p class='x'", "&amp;", "&#x201C;", "“", "”", "said Jane Doe", "<![CDATA[", "<", ">",
    "\x00", "\ufeff", "<html><body>", "</body>",
]  # fmt: skip


@given(st.lists(st.sampled_from(HTML_TOKENS) | st.text(max_size=6), max_size=60).map("".join))
@settings(max_examples=300, deadline=None)
def test_never_raises_on_broken_html(html: str) -> None:
    from newsscrape.extraction.maintext import main_paragraphs

    paragraphs = main_paragraphs(html)
    assert all(isinstance(p, str) for p in paragraphs)
    extract_quotes(paragraphs)
