"""Visits and purchases, kept for accounting; recording one restarts the inactivity clock.

Entries are only ever added: a correction is a new entry that reverses another."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from privault.db.tables import customers, transactions
from privault.domain.transactions import Item, Transaction, TransactionKind, format_cents


@dataclass(frozen=True)
class NewTransaction:
    customer_id: str | None
    store: str
    kind: TransactionKind
    amount_cents: int | None
    currency: str | None
    item: str | None
    at: datetime
    recorded_by: str
    served_by: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    booking_id: str | None = None
    reverses_id: int | None = None
    reason: str | None = None


class TransactionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, new: NewTransaction) -> int:
        values = {
            "customer_id": new.customer_id,
            "store": new.store,
            "kind": new.kind.value,
            "amount_cents": new.amount_cents,
            "currency": new.currency,
            "item": new.item,
            "at": new.at,
            "recorded_by": new.recorded_by,
            "served_by": " ".join(new.served_by) or None,
            "items": _items_json(new.items),
            "booking_id": new.booking_id,
            "reverses_id": new.reverses_id,
            "reason": new.reason,
        }
        query = insert(transactions).values(**values).returning(transactions.c.id)
        return int(self._c.execute(query).scalar_one())

    def touch_activity(self, customer_id: str, at: datetime) -> None:
        """A visit or purchase is activity: the retention sweep counts from here."""
        self._c.execute(
            update(customers).where(customers.c.id == customer_id).values(last_activity_at=at)
        )

    def for_customer(self, customer_id: str) -> list[Transaction]:
        query = (
            select(transactions)
            .where(transactions.c.customer_id == customer_id)
            .order_by(transactions.c.at, transactions.c.id)
        )
        return [_transaction(r._mapping) for r in self._c.execute(query)]

    def newest_first(self, customer_id: str, offset: int, limit: int) -> list[Transaction]:
        t = transactions.c
        query = (
            select(transactions)
            .where(t.customer_id == customer_id)
            .order_by(t.at.desc(), t.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_transaction(r._mapping) for r in self._c.execute(query)]

    def count(self, customer_id: str) -> int:
        query = select(func.count()).where(transactions.c.customer_id == customer_id)
        return int(self._c.execute(query).scalar_one())

    def reversals_of(self, ids: Sequence[int]) -> dict[int, int]:
        """Entry id -> the id of the entry that reversed it, for those reversed."""
        if not ids:
            return {}
        t = transactions.c
        query = select(t.reverses_id, t.id).where(t.reverses_id.in_(list(ids)))
        return {int(r.reverses_id): int(r.id) for r in self._c.execute(query)}

    def get(self, transaction_id: int) -> Transaction | None:
        query = select(transactions).where(transactions.c.id == transaction_id)
        row = self._c.execute(query).first()
        return None if row is None else _transaction(row._mapping)


def _items_json(items: tuple[Item, ...]) -> str | None:
    if not items:
        return None
    lines = [[i.text, i.quantity, i.amount_cents] for i in items]
    return json.dumps(lines, ensure_ascii=False)


def _items(raw: str | None) -> tuple[Item, ...]:
    return tuple(Item(text, quantity, cents) for text, quantity, cents in json.loads(raw or "[]"))


def _transaction(r: Any) -> Transaction:
    m = dict(r)
    cents = m["amount_cents"]
    return Transaction(
        id=m["id"],
        customer_id=m["customer_id"],
        store=m["store"],
        kind=TransactionKind(m["kind"]),
        amount=None if cents is None else format_cents(cents),
        currency=m["currency"],
        item=m["item"],
        at=m["at"],
        recorded_by=m["recorded_by"],
        served_by=tuple((m["served_by"] or "").split()),
        items=_items(m["items"]),
        booking_id=m["booking_id"],
        reverses_id=m["reverses_id"],
        reason=m["reason"],
    )
