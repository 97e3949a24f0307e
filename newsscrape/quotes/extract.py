"""Direct quotes and who said them, from an article's paragraphs: the engine's entry point.

The engine runs in stages, each a module of its own:

    marks.py        quotation spans (typographic, straight, single, guillemets, „…“)
    sentences.py    the sentence around a quotation, abbreviations skipped
    names.py        personal names and titles; orgs.py organisation names
    phrases.py      the parts of a speaker phrase: segments, a name and its title
    mentions.py     the phrase next to a cue, split into name, title, organisation
    cuewords.py     the speech verbs compiled; what a speaker phrase loses (auxiliaries)
    cues.py         speech verbs before and after a quotation, colon introductions
    subjects.py     the subject a speech verb inside a clause reports
    verbs.py        whether a speech word is used as one (not a noun, passive, infinitive)
    terms.py        quoted names that are no speech (titles, scare quotes, charges)
    attribution.py  the rule that attributes each quotation (extract_quotes)
    quote.py        a quotation as handed out, and each rule's confidence
    neighbours.py   quotations split, run on, paired in a sentence; subheadings; cataphora
    narration.py    participles, verbs of judging and narration for a quotation with no cue
    runs.py         runs of capitalised words and the person names they write
    salience.py     who the article talks about, paragraph by paragraph
    sentence_subjects.py  whom each sentence is about, from the words opening it
    resolution.py   pronouns, surnames and organisation nouns resolved to a speaker
    roles.py        descriptions ("the judge", "the 24-year-old") resolved to a person
    gender.py       the sex a name or its title tells, for pronoun agreement

Language data (speech verbs, titles, honorifics, organisation words, pronouns) is in
`lexicon/<language>.toml`, read by lexicon.py; a language's words and rules run only on text
in that language.
"""

from newsscrape.quotes.attribution import extract_quotes
from newsscrape.quotes.quote import CONFIDENCE, Quote

__all__ = ["CONFIDENCE", "Quote", "extract_quotes"]
