"""Speaker identities in the database: roles seen, automatic and manual merges, splits.

Quotes always point at the name they were extracted under (`quotes.speaker_id`); identities
are a layer on top. `speaker_links` holds every decision ("merge" or "apart", automatic or
manual, with rule, reason and evidence) and `speakers.merged_into_id` caches the result: for
each name, the identity it belongs to (NULL when it is the identity). The cache is rebuilt
from the active links after every change, so a split is exact and nothing is ever deleted.

The identity's name is the spelling quoted most often (ties: the earliest seen).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, case, func, or_, select, update

from newsscrape.speakers.identity import Proposal, SpeakerFacts, propose_merges
from newsscrape.speakers.names import org_key, text_key
from newsscrape.storage.models import (
    QuoteRow,
    SpeakerAlias,
    SpeakerLink,
    SpeakerRole,
    SpeakerRow,
    utcnow,
)

TITLE_MAX = 500
ORG_MAX = 300


class SpeakerError(ValueError):
    """A speaker reference that matches nothing, or several things."""


def record_roles(
    conn: Connection,
    insert_for: Any,
    roles: Iterable[tuple[int, str | None, str | None, date | None]],
) -> None:
    """Many roles in one statement: (speaker, title, organisation, seen), any order, repeats.

    Repeats are folded first (earliest and latest day), and rows go in key order, so two
    concurrent writers lock them in the same order.
    """
    folded: dict[tuple[int, str, str], tuple[date | None, date | None]] = {}
    for speaker_id, title, organisation, seen in roles:
        key = (speaker_id, (title or "")[:TITLE_MAX], (organisation or "")[:ORG_MAX])
        first, last = folded.get(key, (seen, seen))
        if seen is not None:
            first = seen if first is None or seen < first else first
            last = seen if last is None or seen > last else last
        folded[key] = (first, last)
    if not folded:
        return
    rows = [
        {"speaker_id": sid, "title": title, "organisation": org, "first_seen": a, "last_seen": b}
        for (sid, title, org), (a, b) in sorted(folded.items(), key=lambda kv: kv[0])
    ]
    conn.execute(_role_upsert(insert_for), rows)


def _role_upsert(insert_for: Any) -> Any:
    table = SpeakerRole.__table__
    stmt = insert_for(SpeakerRole)
    new = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=["speaker_id", "title", "organisation"],
        set_={
            "first_seen": case(
                (table.c.first_seen.is_(None), new.first_seen),
                (new.first_seen < table.c.first_seen, new.first_seen),
                else_=table.c.first_seen,
            ),
            "last_seen": case(
                (table.c.last_seen.is_(None), new.last_seen),
                (new.last_seen > table.c.last_seen, new.last_seen),
                else_=table.c.last_seen,
            ),
        },
    )


@dataclass(slots=True)
class Identity:
    """One person or organisation: every name it was quoted under, roles and history."""

    id: int
    name: str
    kind: str
    quotes: int
    names: list[tuple[int, str, int]] = field(default_factory=list)  # (id, name, quotes)
    roles: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


class SpeakerDirectory:
    """Reads and changes speaker identities; each public method is one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- reading ---------------------------------------------------------------------------

    def _facts(self, conn: Connection) -> list[SpeakerFacts]:
        counts = self._quote_counts(conn)
        facts = {
            sid: SpeakerFacts(sid, name, kind, counts.get(sid, 0))
            for sid, name, kind in conn.execute(
                select(SpeakerRow.id, SpeakerRow.name, SpeakerRow.kind)
            )
        }
        for sid, title, org in conn.execute(
            select(SpeakerRole.speaker_id, SpeakerRole.title, SpeakerRole.organisation)
        ):
            if sid in facts:
                if title:
                    facts[sid].titles.add(text_key(title))
                if org:
                    facts[sid].organisations.add(org_key(org))
        return list(facts.values())

    def _active_links(self, conn: Connection, action: str) -> list[tuple[int, int]]:
        rows = conn.execute(
            select(SpeakerLink.speaker_id, SpeakerLink.other_id).where(
                SpeakerLink.action == action, SpeakerLink.undone_at.is_(None)
            )
        )
        return [(a, b) for a, b in rows]

    def find(self, ref: str) -> int:
        """A speaker id from an id or a name (any spelling it was quoted under)."""
        with self.engine.connect() as conn:
            return self._find(conn, ref)

    def _find(self, conn: Connection, ref: str) -> int:
        if ref.isdigit():
            if conn.scalar(select(SpeakerRow.id).where(SpeakerRow.id == int(ref))) is None:
                raise SpeakerError(f"no speaker with id {ref}")
            return int(ref)
        rows = conn.execute(
            select(SpeakerAlias.speaker_id).where(func.lower(SpeakerAlias.alias) == ref.lower())
        ).all()
        if not rows:
            like = conn.execute(
                select(SpeakerRow.name).where(SpeakerRow.name.ilike(f"%{ref}%")).limit(5)
            ).all()
            hint = f" (did you mean: {', '.join(r[0] for r in like)}?)" if like else ""
            raise SpeakerError(f"no speaker named {ref!r}{hint}")
        if len(rows) > 1:
            raise SpeakerError(f"{ref!r} names several speakers; give the id instead")
        return int(rows[0][0])

    def identity(self, ref: str | int) -> Identity:
        with self.engine.connect() as conn:
            sid = ref if isinstance(ref, int) else self._find(conn, ref)
            root = conn.scalar(select(SpeakerRow.merged_into_id).where(SpeakerRow.id == sid))
            root = root or sid
            members = conn.execute(
                select(SpeakerRow.id, SpeakerRow.name, SpeakerRow.kind).where(
                    or_(SpeakerRow.id == root, SpeakerRow.merged_into_id == root)
                )
            ).all()
            ids = [m.id for m in members]
            counts = self._quote_counts(conn, ids)
            head = next(m for m in members if m.id == root)
            ident = Identity(root, head.name, head.kind, sum(counts.values()))
            ident.names = sorted(
                ((m.id, m.name, counts.get(m.id, 0)) for m in members), key=lambda n: -n[2]
            )
            roles = SpeakerRole.__table__
            ident.roles = [
                dict(r._mapping)
                for r in conn.execute(
                    select(roles)
                    .where(roles.c.speaker_id.in_(ids))
                    .order_by(roles.c.first_seen, roles.c.title)
                )
            ]
            links = SpeakerLink.__table__
            ident.links = [
                dict(r._mapping)
                for r in conn.execute(
                    select(links)
                    .where(or_(links.c.speaker_id.in_(ids), links.c.other_id.in_(ids)))
                    .order_by(links.c.id)
                )
            ]
            return ident

    def identities(self, search: str | None = None, limit: int = 50) -> list[Identity]:
        """Identities with the most quotes first (optionally those with a name like `search`)."""
        with self.engine.connect() as conn:
            root = func.coalesce(SpeakerRow.merged_into_id, SpeakerRow.id)
            query = (
                select(root.label("root"), func.count(QuoteRow.id).label("n"))
                .select_from(SpeakerRow)
                .outerjoin(
                    QuoteRow, (QuoteRow.speaker_id == SpeakerRow.id) & (QuoteRow.kind == "quote")
                )
                .group_by(root)
                .order_by(func.count(QuoteRow.id).desc(), root)
                .limit(limit)
            )
            if search:
                matching = select(func.coalesce(SpeakerRow.merged_into_id, SpeakerRow.id)).where(
                    SpeakerRow.name.ilike(f"%{search}%")
                )
                query = query.having(root.in_(matching))
            roots = [r.root for r in conn.execute(query)]
        return [self.identity(r) for r in roots]

    # -- changing --------------------------------------------------------------------------

    def resolve(self, *, dry_run: bool = False) -> list[Proposal]:
        """Apply the automatic rules to the whole corpus; returns the merges made (or proposed).

        Idempotent: pairs already in one identity, or kept apart by a researcher, are skipped.
        """
        with self.engine.begin() as conn:
            facts = self._facts(conn)
            apart = {frozenset(p) for p in self._active_links(conn, "apart")}
            uf = _UnionFind()
            for a, b in self._active_links(conn, "merge"):
                uf.union(a, b)
            made = []
            for proposal in propose_merges(facts, apart):
                if uf.find(proposal.a) == uf.find(proposal.b):
                    continue
                # A merge that would join two names a researcher split apart waits for them.
                if self._would_join_apart(uf, proposal, apart):
                    continue
                uf.union(proposal.a, proposal.b)
                made.append(proposal)
            if not dry_run and made:
                for p in made:
                    self._link(conn, [(p.a, p.b)], "merge", "auto", p.rule, p.reason, p.evidence)
                self._rebuild(conn)
            return made

    @staticmethod
    def _would_join_apart(uf: _UnionFind, proposal: Proposal, apart: set[frozenset[int]]) -> bool:
        ra, rb = uf.find(proposal.a), uf.find(proposal.b)
        for pair in apart:
            x, y = tuple(pair)
            if {uf.find(x), uf.find(y)} == {ra, rb}:
                return True
        return False

    def merge(self, ref_a: str, ref_b: str, reason: str | None = None) -> Identity:
        """A researcher's merge: always applied, recorded with their reason."""
        with self.engine.begin() as conn:
            a, b = self._find(conn, ref_a), self._find(conn, ref_b)
            if self._root(conn, a) == self._root(conn, b):
                raise SpeakerError(f"{ref_a!r} and {ref_b!r} are already one speaker")
            kinds = set(
                conn.scalars(select(SpeakerRow.kind).where(SpeakerRow.id.in_((a, b)))).all()
            )
            if len(kinds) > 1:
                raise SpeakerError("a person and an organisation cannot be merged")
            # A merge overrides an earlier split between these two names.
            self._undo(
                conn, "apart",
                or_((SpeakerLink.speaker_id == a) & (SpeakerLink.other_id == b),
                    (SpeakerLink.speaker_id == b) & (SpeakerLink.other_id == a)),
            )  # fmt: skip
            self._link(conn, [(a, b)], "merge", "manual", "manual", reason or "merged by hand")
            self._rebuild(conn)
        return self.identity(a)

    def split(self, ref: str, reason: str | None = None) -> list[int]:
        """Take one name out of its identity: its merges are undone and kept apart for good.

        Returns the ids of the names it was separated from.
        """
        with self.engine.begin() as conn:
            sid = self._find(conn, ref)
            root = self._root(conn, sid)
            members = conn.scalars(
                select(SpeakerRow.id).where(
                    or_(SpeakerRow.id == root, SpeakerRow.merged_into_id == root)
                )
            ).all()
            others = [m for m in members if m != sid]
            if not others:
                raise SpeakerError(f"{ref!r} is not merged with any other name")
            self._undo(
                conn, "merge", or_(SpeakerLink.speaker_id == sid, SpeakerLink.other_id == sid)
            )
            pairs = [(sid, other) for other in others]
            self._link(conn, pairs, "apart", "manual", "split", reason or "split by hand")
            self._rebuild(conn)
            return others

    @staticmethod
    def _link(
        conn: Connection, pairs: Iterable[tuple[int, int]], action: str, method: str,
        rule: str, reason: str, evidence: Iterable[str] = (),
    ) -> None:  # fmt: skip
        rows = [
            {"speaker_id": a, "other_id": b, "action": action, "method": method, "rule": rule,
             "reason": reason, "evidence": list(evidence), "created_at": utcnow()}
            for a, b in pairs
        ]  # fmt: skip
        if rows:
            conn.execute(SpeakerLink.__table__.insert(), rows)

    @staticmethod
    def _undo(conn: Connection, action: str, *where: Any) -> None:
        conn.execute(
            update(SpeakerLink)
            .where(SpeakerLink.action == action, SpeakerLink.undone_at.is_(None), *where)
            .values(undone_at=utcnow())
        )

    @staticmethod
    def _quote_counts(conn: Connection, ids: list[int] | None = None) -> dict[int, int]:
        query = select(QuoteRow.speaker_id, func.count()).where(
            QuoteRow.speaker_id.is_not(None), QuoteRow.kind == "quote"
        )
        if ids is not None:
            query = query.where(QuoteRow.speaker_id.in_(ids))
        return {int(sid): int(n) for sid, n in conn.execute(query.group_by(QuoteRow.speaker_id))}

    def _root(self, conn: Connection, sid: int) -> int:
        root = conn.scalar(select(SpeakerRow.merged_into_id).where(SpeakerRow.id == sid))
        return int(root or sid)

    def _rebuild(self, conn: Connection) -> None:
        """Recompute `merged_into_id` for every name from the active merge links."""
        uf = _UnionFind()
        for a, b in self._active_links(conn, "merge"):
            uf.union(a, b)
        counts = self._quote_counts(conn)
        groups: dict[int, list[int]] = defaultdict(list)
        for sid in list(uf.parent):
            groups[uf.find(sid)].append(sid)
        names = dict(
            conn.execute(
                select(SpeakerRow.id, SpeakerRow.name).where(SpeakerRow.id.in_(list(uf.parent)))
            ).all()
        )
        target: dict[int, int | None] = {}
        for members in groups.values():
            # The most quoted name heads the identity; a tie goes to the name, not to which
            # worker happened to store it first, so every crawl order shows the same name.
            head = min(members, key=lambda m: (-counts.get(m, 0), names.get(m, ""), m))
            for m in members:
                target[m] = None if m == head else head
        current = dict(
            conn.execute(
                select(SpeakerRow.id, SpeakerRow.merged_into_id).where(
                    or_(SpeakerRow.merged_into_id.is_not(None), SpeakerRow.id.in_(list(target)))
                )
            ).all()
        )
        for sid, was in current.items():
            want = target.get(sid)
            if was != want:
                conn.execute(
                    update(SpeakerRow).where(SpeakerRow.id == sid).values(merged_into_id=want)
                )
