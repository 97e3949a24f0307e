"""Which speakers are the same person or organisation: conservative, explained merge rules.

Pure functions over `SpeakerFacts` (no database), so the rules are testable on plain values.
Each proposal names its rule and the evidence, which the store records with the merge so a
researcher can see why two names became one and undo it (`newsscrape speakers split`).

Rules, in the order they are tried:

- `same-name`: the names are equal once case, accents, punctuation, hyphens and honorifics
  are ignored. Enough by itself.
- `variant-name`: same family name (after transliteration folding) and compatible given names
  (a transliteration variant, an initial, a close spelling, a dropped middle name) *and*
  supporting evidence: an organisation or a title seen with both. Without evidence, no merge.

Never merged: a family name shared with nothing else in common (Kenneth Roth and Kristina
Roth), a bare surname, a person with an organisation, and any pair a researcher has split.
A name that the rules would join to two people who are not compatible with each other is
ambiguous and is left alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from newsscrape.speakers.names import PersonName, exact_key, first_names_compatible


@dataclass(slots=True)
class SpeakerFacts:
    """What the corpus knows about one extracted speaker name."""

    id: int
    name: str
    kind: str  # "person" | "org"
    quotes: int = 0
    titles: set[str] = field(default_factory=set)  # text_key of each title seen
    organisations: set[str] = field(default_factory=set)  # org_key of each organisation seen


@dataclass(frozen=True, slots=True)
class Proposal:
    """Merge `b` into the same identity as `a`, by `rule`, because of `reason`."""

    a: int
    b: int
    rule: str
    reason: str
    evidence: tuple[str, ...] = ()


def _evidence(a: SpeakerFacts, b: SpeakerFacts) -> tuple[str, ...]:
    shared = [f"organisation: {o}" for o in sorted(a.organisations & b.organisations) if o]
    shared += [f"title: {t}" for t in sorted(a.titles & b.titles) if t]
    return tuple(shared)


def propose_merges(
    speakers: Iterable[SpeakerFacts], apart: set[frozenset[int]] | None = None
) -> list[Proposal]:
    """Pairs of speakers the rules consider one identity (not yet closed transitively)."""
    apart = apart or set()
    proposals: list[Proposal] = []
    by_exact: dict[tuple[str, str], list[SpeakerFacts]] = defaultdict(list)
    by_family: dict[str, list[tuple[SpeakerFacts, PersonName]]] = defaultdict(list)
    for facts in speakers:
        key = exact_key(facts.name, facts.kind)
        if key:
            by_exact[(facts.kind, key)].append(facts)
        if facts.kind == "person" and (parsed := PersonName.parse(facts.name)):
            by_family[parsed.family_key].append((facts, parsed))

    for (_, key), group in by_exact.items():
        first = group[0]
        for other in group[1:]:
            if frozenset((first.id, other.id)) not in apart:
                reason = f"same name once case, accents and honorifics are ignored ({key})"
                proposals.append(Proposal(first.id, other.id, "same-name", reason))

    for group in by_family.values():
        if len(group) < 2:
            continue
        links: dict[int, list[tuple[SpeakerFacts, PersonName]]] = defaultdict(list)
        candidates: list[Proposal] = []
        for (fa, pa), (fb, pb) in combinations(group, 2):
            if pa.exact_key == pb.exact_key or frozenset((fa.id, fb.id)) in apart:
                continue
            why = first_names_compatible(pa, pb)
            evidence = _evidence(fa, fb)
            if why is None or not evidence:
                continue
            candidates.append(
                Proposal(fa.id, fb.id, "variant-name", f"{why}, same family name", evidence)
            )
            links[fa.id].append((fb, pb))
            links[fb.id].append((fa, pa))
        ambiguous = {
            sid
            for sid, partners in links.items()
            if any(
                first_names_compatible(p1, p2) is None and p1.exact_key != p2.exact_key
                for (_, p1), (_, p2) in combinations(partners, 2)
            )
        }
        proposals += [p for p in candidates if p.a not in ambiguous and p.b not in ambiguous]
    return proposals
