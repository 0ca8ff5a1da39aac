"""Visits and purchases, kept for accounting; recording one restarts the inactivity clock."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from privault.db.tables import customers, transactions
from privault.domain.transactions import Transaction, TransactionKind, format_cents


class TransactionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self,
        customer_id: str,
        store: str,
        kind: TransactionKind,
        amount_cents: int | None,
        currency: str | None,
        item: str | None,
        at: datetime,
        recorded_by: str,
    ) -> int:
        values = {
            "customer_id": customer_id,
            "store": store,
            "kind": kind.value,
            "amount_cents": amount_cents,
            "currency": currency,
            "item": item,
            "at": at,
            "recorded_by": recorded_by,
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

    def get(self, transaction_id: int) -> Transaction | None:
        query = select(transactions).where(transactions.c.id == transaction_id)
        row = self._c.execute(query).first()
        return None if row is None else _transaction(row._mapping)


def _transaction(r: object) -> Transaction:
    m = dict(r)  # type: ignore[call-overload]
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
    )
