"""Whether a speech verb found in a clause is used as a verb of speech at all.

A speech word is often something else: a noun ("the tweets", "from claims they are…"), a verb
taking an infinitive ("went on to expand": no speech) or a passive whose subject did not speak.
The cue stage (cues.py) and the narration stage (narration.py) both ask; the answers are
read from a few words around the cue, so a paragraph of thousands of cues stays linear.
"""

from __future__ import annotations

import re

from newsscrape.quotes.lexicon import current


def reads_as_noun(text: str, start: int) -> bool:
    """Whether the speech verb starting at `start` is a noun: after an article, possessive
    or preposition ("the tweets", "her claims", "from claims they are…"); not after other
    determiners, which may be pronouns ("a note that said", "many say")."""
    lex = current()
    head = text[max(0, start - 40) : start].rstrip()
    previous = head.rsplit(None, 1)[-1].lower() if head else ""
    return previous in lex.articles or previous in lex.possessives or previous in lex.prepositions


def takes_infinitive(text: str, cue: re.Match[str]) -> bool:
    """ "The City went on to expand…", "Israel continued to act…": a speech verb taking an
    infinitive reports no speech (the passive "is said to have…" does)."""
    lex = current()
    passive, passive_to = lex.grammar("passive"), lex.grammar("passive_to")
    to = passive_to.match(text, cue.end()) if passive and passive_to else None
    if to is None or passive is None:
        return False
    # "posted to her followers", "said to Reuters": a preposition, not an infinitive. (Read
    # in windows of a few words: a paragraph of thousands of cues stays linear.)
    word = text[to.end() : to.end() + 40].split(" ", 1)[0].strip(",.;:")
    if not word[:1].islower() or word in lex.determiners or word in lex.possessives:
        return False
    if lex.pronoun(word):
        return False
    return passive.search(text[max(0, cue.start() - 40) : cue.start()].rstrip()) is None


def takes_possession(text: str, cue: re.Match[str]) -> bool:
    """ "Amnesty have added their voice to a letter", "she shared her garden": a speech verb
    whose object is something of the subject's reports no speech; a verb of telling takes
    its listener so ("told his followers", the lexicon's `listener_cues`)."""
    lex = current()
    if cue.group(0).lower() in lex.listener_cues:
        return False
    word = text[cue.end() : cue.end() + 20].lstrip().split(" ", 1)[0].lower()
    return word in lex.possessives


def reports(text: str, cue: re.Match[str]) -> bool:
    """Whether a speech word found in `text` is used as a verb of speech there."""
    return not (
        takes_infinitive(text, cue)
        or takes_possession(text, cue)
        or reads_as_noun(text, cue.start())
    )
