"""Duplicate digests per customer and the candidate pairs they reveal, compared in SQL only."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, and_, bindparam, delete, func, or_, select, update

from privault.db.bulk import Binder, insert_rows
from privault.db.tables import customers, duplicate_candidates, duplicate_digests

_CHUNK = 500
# A digest shared by more customers than this is not one person twice (a shop's test record
# copied many times, say); its pairs would swamp the review list, so the group is skipped.
GROUP_LIMIT = 20


class DigestEntry(NamedTuple):
    kind: str
    digest: bytes


class Candidate(NamedTuple):
    first_id: str
    second_id: str
    kinds: tuple[str, ...]
    found_at: datetime
    found_by: str
    status: str
    decided_at: datetime | None = None
    decided_by: str | None = None


Pairs = dict[tuple[str, str], set[str]]  # (smaller id, larger id) -> variant kinds shared

# Built once: registration runs it each time, and building it would cost more than running it.
_MINE, _OTHER = duplicate_digests.alias("mine"), duplicate_digests.alias("other")
_MATCHES = (
    select(_MINE.c.customer_id, _OTHER.c.customer_id, _MINE.c.kind)
    .join(
        _OTHER,
        and_(
            _OTHER.c.kind == _MINE.c.kind,
            _OTHER.c.digest == _MINE.c.digest,
            _OTHER.c.customer_id != _MINE.c.customer_id,
        ),
    )
    .where(_MINE.c.customer_id.in_(bindparam("ids", expanding=True)))
)


class DuplicateRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, rows: Iterable[tuple[str, DigestEntry]]) -> None:
        insert_rows(
            self._c,
            duplicate_digests,
            ("kind", "digest", "customer_id"),
            sorted({(e.kind, e.digest, cid) for cid, e in rows}),
        )

    def replace(self, customer_id: str, entries: Iterable[DigestEntry]) -> None:
        self._c.execute(
            delete(duplicate_digests).where(duplicate_digests.c.customer_id == customer_id)
        )
        self.add((customer_id, e) for e in entries)

    def drop_kinds(self, customer_id: str, kinds: Iterable[str]) -> None:
        wanted = sorted(kinds)
        if wanted:
            self._c.execute(
                delete(duplicate_digests).where(
                    duplicate_digests.c.customer_id == customer_id,
                    duplicate_digests.c.kind.in_(wanted),
                )
            )

    def digests_of(self, customer_id: str) -> set[DigestEntry]:
        query = select(duplicate_digests.c.kind, duplicate_digests.c.digest).where(
            duplicate_digests.c.customer_id == customer_id
        )
        return {DigestEntry(r.kind, bytes(r.digest)) for r in self._c.execute(query)}

    def matches(self, ids: Sequence[str]) -> Pairs:
        """Pairs of these customers with anyone sharing one of their digests."""
        pairs: Pairs = {}
        for start in range(0, len(ids), _CHUNK):
            part = list(ids[start : start + _CHUNK])
            for a, b, kind in self._c.execute(_MATCHES, {"ids": part}):
                pairs.setdefault(_ordered(a, b), set()).add(kind)
        return pairs

    def shared_groups(self) -> Iterator[tuple[str, list[str]]]:
        """Each (kind, digest) held by two customers or more: the kind and its holders.
        One GROUP BY over the digests; no customer row is read."""
        shared = (
            select(duplicate_digests.c.kind, duplicate_digests.c.digest)
            .group_by(duplicate_digests.c.kind, duplicate_digests.c.digest)
            .having(func.count() > 1)
            .subquery()
        )
        query = (
            select(
                duplicate_digests.c.kind,
                duplicate_digests.c.digest,
                duplicate_digests.c.customer_id,
            )
            .join(
                shared,
                and_(
                    shared.c.kind == duplicate_digests.c.kind,
                    shared.c.digest == duplicate_digests.c.digest,
                ),
            )
            .order_by(duplicate_digests.c.kind, duplicate_digests.c.digest)
        )
        group: list[str] = []
        key: tuple[str, bytes] | None = None
        for kind, digest, customer_id in self._c.execute(query):
            if (kind, digest) != key:
                if key is not None:
                    yield key[0], group
                key, group = (kind, digest), []
            group.append(customer_id)
        if key is not None:
            yield key[0], group

    def known_pairs(self) -> set[tuple[str, str]]:
        query = select(duplicate_candidates.c.first_id, duplicate_candidates.c.second_id)
        return {(r.first_id, r.second_id) for r in self._c.execute(query)}

    def add_candidates(self, pairs: Pairs, *, found_at: datetime, found_by: str) -> int:
        """New pairs only: a pair already listed (open or decided) keeps its decision."""
        if not pairs:
            return 0
        # A registration brings a pair or two: look those up, not the whole list.
        known = self.known_pairs() if len(pairs) > _CHUNK else self._known_among(list(pairs))
        bind = Binder(self._c)
        at = bind(duplicate_candidates.c.found_at, found_at)
        rows = [
            (a, b, " ".join(sorted(kinds)), at, found_by, "open")
            for (a, b), kinds in sorted(pairs.items())
            if (a, b) not in known
        ]
        insert_rows(
            self._c,
            duplicate_candidates,
            ("first_id", "second_id", "kinds", "found_at", "found_by", "status"),
            rows,
        )
        return len(rows)

    def _known_among(self, wanted: list[tuple[str, str]]) -> set[tuple[str, str]]:
        c = duplicate_candidates.c
        query = select(c.first_id, c.second_id).where(
            or_(*(and_(c.first_id == a, c.second_id == b) for a, b in wanted))
        )
        return {(r.first_id, r.second_id) for r in self._c.execute(query)}

    def candidates(self, *, status: str = "open", limit: int, offset: int = 0) -> list[Candidate]:
        query = (
            select(duplicate_candidates)
            .where(duplicate_candidates.c.status == status)
            .order_by(
                duplicate_candidates.c.found_at.desc(),
                duplicate_candidates.c.first_id,
                duplicate_candidates.c.second_id,
            )
            .limit(limit)
            .offset(offset)
        )
        return [_candidate(r._mapping) for r in self._c.execute(query)]

    def count(self, *, status: str = "open") -> int:
        query = select(func.count()).where(duplicate_candidates.c.status == status)
        return int(self._c.execute(query.select_from(duplicate_candidates)).scalar_one())

    def candidate(self, first_id: str, second_id: str) -> Candidate | None:
        a, b = _ordered(first_id, second_id)
        query = select(duplicate_candidates).where(
            duplicate_candidates.c.first_id == a, duplicate_candidates.c.second_id == b
        )
        row = self._c.execute(query).first()
        return None if row is None else _candidate(row._mapping)

    def decide(self, first_id: str, second_id: str, status: str, at: datetime, by: str) -> None:
        a, b = _ordered(first_id, second_id)
        self._c.execute(
            update(duplicate_candidates)
            .where(duplicate_candidates.c.first_id == a, duplicate_candidates.c.second_id == b)
            .values(status=status, decided_at=at, decided_by=by)
        )

    def forget(self, ids: Sequence[str]) -> None:
        """An erased customer leaves no digest and no pair naming them."""
        for start in range(0, len(ids), _CHUNK):
            part = list(ids[start : start + _CHUNK])
            self._c.execute(
                delete(duplicate_digests).where(duplicate_digests.c.customer_id.in_(part))
            )
            self._c.execute(
                delete(duplicate_candidates).where(
                    or_(
                        duplicate_candidates.c.first_id.in_(part),
                        duplicate_candidates.c.second_id.in_(part),
                    )
                )
            )

    def without_digests(self, *, after: str, limit: int) -> list[str]:
        """Active customers after `after` in id order holding no digest: stored before digests
        existed, or holding no value a variant needs (the backfill's cursor passes those)."""
        has_digest = (
            select(duplicate_digests.c.customer_id)
            .where(duplicate_digests.c.customer_id == customers.c.id)
            .exists()
        )
        query = (
            select(customers.c.id)
            .where(customers.c.id > after, customers.c.status == "active", ~has_digest)
            .order_by(customers.c.id)
            .limit(limit)
        )
        return list(self._c.execute(query).scalars())


def pairs_of(groups: Iterable[tuple[str, list[str]]]) -> Pairs:
    pairs: Pairs = {}
    for kind, holders in groups:
        if len(holders) > GROUP_LIMIT:
            continue
        for i, a in enumerate(holders):
            for b in holders[i + 1 :]:
                if a != b:
                    pairs.setdefault(_ordered(a, b), set()).add(kind)
    return pairs


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _candidate(row: object) -> Candidate:
    m = dict(row)  # type: ignore[call-overload]
    return Candidate(
        m["first_id"],
        m["second_id"],
        tuple(m["kinds"].split()),
        m["found_at"],
        m["found_by"],
        m["status"],
        m["decided_at"],
        m["decided_by"],
    )
