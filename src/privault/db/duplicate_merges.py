"""Merges of two customers: the alias row, the history rows moved to the survivor and back, and
what an unmerge restores. Only ids, digests and amounts move here; ciphertext stays ciphertext."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, delete, select, update

from privault.db.customers import IndexEntry
from privault.db.tables import (
    blind_indexes,
    bookings,
    card_register,
    consent_events,
    customer_merges,
    customers,
    ledger_balances,
    ledger_entries,
    member_level_changes,
    memberships,
    photo_publications,
    photos,
    points_owed,
    recipient_notices,
    subject_requests,
    transactions,
)

# The person's history, moved whole to the survivor: consents (one timeline: events keep their
# order, so per purpose the latest decides), visits and purchases, bookings, requests, membership,
# points and stored value, photos, cards. The audit trail is never rewritten.
MOVED: tuple[Table, ...] = (
    consent_events,
    transactions,
    bookings,
    subject_requests,
    memberships,
    member_level_changes,
    ledger_entries,
    photos,
    photo_publications,
    card_register,
    recipient_notices,
    points_owed,
)
MERGED = "merged"
_HOPS = 8  # a survivor merged in turn: the chain is followed this far


class MergeRow(NamedTuple):
    id: str
    survivor_id: str
    merged_id: str
    status: str
    merged_at: datetime
    merged_by: str
    survivor_sealed: bytes
    undo: dict[str, Any]


class MergeRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: MergeRow) -> None:
        values = row._asdict() | {"undo": json.dumps(row.undo, sort_keys=True)}
        self._c.execute(customer_merges.insert().values(**values))

    def active_of(self, merged_id: str) -> MergeRow | None:
        query = select(customer_merges).where(
            customer_merges.c.merged_id == merged_id, customer_merges.c.status == MERGED
        )
        found = self._c.execute(query).first()
        return None if found is None else _merge(found._mapping)

    def recent(self, since: datetime) -> list[MergeRow]:
        query = (
            select(customer_merges)
            .where(customer_merges.c.status == MERGED, customer_merges.c.merged_at >= since)
            .order_by(customer_merges.c.merged_at.desc(), customer_merges.c.id)
            .limit(200)
        )
        return [_merge(r._mapping) for r in self._c.execute(query)]

    def survivor_of(self, customer_id: str) -> str | None:
        """The customer an alias resolves to (None: not merged away)."""
        current, seen = customer_id, 0
        while (merge := self.active_of(current)) is not None and seen < _HOPS:
            current, seen = merge.survivor_id, seen + 1
        return None if current == customer_id else current

    def aliases_of(self, ids: list[str]) -> list[str]:
        query = select(customer_merges.c.merged_id).where(
            customer_merges.c.survivor_id.in_(ids), customer_merges.c.status == MERGED
        )
        return list(self._c.execute(query).scalars())

    def end(self, merge_id: str, at: datetime, by: str) -> None:
        self._c.execute(
            update(customer_merges)
            .where(customer_merges.c.id == merge_id)
            .values(status="unmerged", unmerged_at=at, unmerged_by=by)
        )

    def move(self, from_id: str, to_id: str) -> dict[str, list[Any]]:
        """Every history row of `from_id` to `to_id`; returns their keys per table."""
        moved: dict[str, list[Any]] = {}
        for table in MOVED:
            key = _key(table)
            ids = list(self._c.execute(select(key).where(table.c.customer_id == from_id)).scalars())
            if ids:
                self._repoint(table, ids, to_id)
                moved[table.name] = ids
        return moved

    def move_back(self, moved: dict[str, list[Any]], to_id: str) -> None:
        for table in MOVED:
            ids = moved.get(table.name, [])
            if ids:
                self._repoint(table, ids, to_id)

    def _repoint(self, table: Table, ids: list[Any], to_id: str) -> None:
        key = _key(table)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            self._c.execute(update(table).where(key.in_(part)).values(customer_id=to_id))

    def balances(self, customer_id: str) -> dict[str, int]:
        query = select(ledger_balances.c.ledger, ledger_balances.c.balance).where(
            ledger_balances.c.customer_id == customer_id
        )
        return {r.ledger: int(r.balance) for r in self._c.execute(query)}

    def add_to_balance(self, customer_id: str, ledger: str, amount: int, at: datetime) -> None:
        """Creates the balance when the customer had none in this ledger."""
        held = self.balances(customer_id)
        if ledger in held:
            self._c.execute(
                update(ledger_balances)
                .where(ledger_balances.c.customer_id == customer_id)
                .where(ledger_balances.c.ledger == ledger)
                .values(balance=held[ledger] + amount, updated_at=at)
            )
            return
        self._c.execute(
            ledger_balances.insert().values(
                ledger=ledger, customer_id=customer_id, balance=amount, updated_at=at
            )
        )

    def drop_balances(self, customer_id: str) -> None:
        self._c.execute(delete(ledger_balances).where(ledger_balances.c.customer_id == customer_id))

    def index_entries(self, customer_id: str) -> list[IndexEntry]:
        query = select(blind_indexes).where(blind_indexes.c.customer_id == customer_id)
        return [
            IndexEntry(r.index_name, bytes(r.digest), r.is_unique, r.key_version)
            for r in self._c.execute(query)
        ]

    def sealed_record(self, customer_id: str) -> bytes:
        query = select(customers.c.sealed).where(customers.c.id == customer_id)
        return bytes(self._c.execute(query).scalar_one())

    def put_record(self, customer_id: str, sealed: bytes, at: datetime) -> None:
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(sealed=sealed, updated_at=at)
        )

    def set_status(self, customer_id: str, status: str, at: datetime) -> None:
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(status=status, updated_at=at)
        )


def _key(table: Table) -> Any:
    return next(iter(table.primary_key.columns))


def _merge(m: Any) -> MergeRow:
    return MergeRow(
        m["id"],
        m["survivor_id"],
        m["merged_id"],
        m["status"],
        m["merged_at"],
        m["merged_by"],
        bytes(m["survivor_sealed"]),
        json.loads(m["undo"]),
    )
