"""What fulfilling a rights request reads and sets on one customer: processing status, the
sharing opt-out, the transactions on record and the channel a request came through."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, select, update

from privault.db.tables import customers, subject_requests, transactions
from privault.domain.policy import RESTRICTED


class TransactionRecord(NamedTuple):
    kind: str
    amount_cents: int | None
    currency: str | None
    item: str | None
    store: str
    at: datetime


class SubjectDataRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def set_status(self, customer_id: str, status: str, now: datetime) -> None:
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(status=status, updated_at=now)
        )

    def restrict(self, customer_id: str, status_before: str, now: datetime) -> None:
        """Keeps the status the restriction replaces, so lifting it does not skip a review."""
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(status=RESTRICTED, status_before=status_before, updated_at=now)
        )

    def lift_restriction(self, customer_id: str, now: datetime) -> str:
        """Back to the status before the restriction (active for rows restricted before it was
        kept); returns it."""
        query = select(customers.c.status_before).where(customers.c.id == customer_id)
        status = self._c.execute(query).scalar_one() or "active"
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(status=status, status_before=None, updated_at=now)
        )
        return str(status)

    def set_sharing_opted_out(self, customer_id: str, opted_out: bool, now: datetime) -> None:
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(is_sharing_opted_out=opted_out, updated_at=now)
        )

    def set_regimes(self, customer_id: str, regimes: str, now: datetime) -> None:
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(regimes=regimes, updated_at=now)
        )

    def transactions(self, customer_id: str) -> list[TransactionRecord]:
        query = (
            select(
                transactions.c.kind,
                transactions.c.amount_cents,
                transactions.c.currency,
                transactions.c.item,
                transactions.c.store,
                transactions.c.at,
            )
            .where(transactions.c.customer_id == customer_id)
            .order_by(transactions.c.at, transactions.c.id)
        )
        return [TransactionRecord(*row) for row in self._c.execute(query)]

    def request_channel(self, request_id: str) -> str | None:
        query = select(subject_requests.c.channel).where(subject_requests.c.id == request_id)
        return self._c.execute(query).scalar_one_or_none()
