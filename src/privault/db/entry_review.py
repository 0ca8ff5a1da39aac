"""Entry review (issue 17): the pending records of the queue, and the public form's spent
tokens. A pending record is a customer with status `pending`; nothing here reads a value."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite

from privault.db.tables import customers, spent_form_tokens
from privault.domain.entry_review import PENDING


class PendingRow(NamedTuple):
    customer_id: str
    store: str
    channel: str
    arrived_at: datetime


class EntryReviewRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def pending(self, stores: Collection[str] = (), *, limit: int) -> list[PendingRow]:
        """Oldest first; `stores` empty: every store."""
        c = customers.c
        query = select(c.id, c.store, c.channel, c.created_at).where(c.status == PENDING)
        if stores:
            query = query.where(c.store.in_(sorted(stores)))
        rows = self._c.execute(query.order_by(c.created_at, c.id).limit(limit))
        return [PendingRow(r.id, r.store, r.channel, r.created_at) for r in rows]

    def count_pending(self, stores: Collection[str] = ()) -> int:
        query = select(func.count()).select_from(customers).where(customers.c.status == PENDING)
        if stores:
            query = query.where(customers.c.store.in_(sorted(stores)))
        return int(self._c.execute(query).scalar_one())

    def overdue_by_store(self, before: datetime) -> list[tuple[str, int, datetime]]:
        """Per store: how many arrived before `before` and still wait, and the oldest arrival."""
        c = customers.c
        query = (
            select(c.store, func.count(), func.min(c.created_at))
            .where(c.status == PENDING, c.created_at < before)
            .group_by(c.store)
            .order_by(c.store)
        )
        return [(r[0], int(r[1]), r[2]) for r in self._c.execute(query)]

    def spend_token(self, digest: str, at: datetime, expires_at: datetime) -> bool:
        """True when the token was not spent before; a second spend changes nothing."""
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(spent_form_tokens)
            .values(digest=digest, spent_at=at, expires_at=expires_at)
            .on_conflict_do_nothing(index_elements=["digest"])
            .returning(spent_form_tokens.c.digest)
        )
        return self._c.execute(statement).first() is not None

    def purge_tokens(self, now: datetime) -> int:
        t = spent_form_tokens.c
        return self._c.execute(delete(spent_form_tokens).where(t.expires_at <= now)).rowcount
