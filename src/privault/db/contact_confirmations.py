"""When each customer's contact data was last confirmed, and which customers' is stale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, delete, func, select

from privault.db.bulk import Binder, insert_rows
from privault.db.tables import contact_confirmations, customers
from privault.db.types import UtcDateTime

_CHUNK = 500
# Only a record in use is prompted for: a restricted one is stored, not processed; an erased
# or merged-away one is no longer a person's record.
_ACTIVE = "active"
# A customer stored before confirmations were kept counts from its creation.
CONFIRMED_AT = func.coalesce(
    contact_confirmations.c.confirmed_at, customers.c.created_at, type_=UtcDateTime()
)
_CONFIRMED_AT = CONFIRMED_AT
_JOINED = customers.outerjoin(
    contact_confirmations, contact_confirmations.c.customer_id == customers.c.id
)


class StaleContact(NamedTuple):
    customer_id: str
    store: str
    confirmed_at: datetime
    how: str | None  # None: never confirmed since it was stored


class ContactConfirmationRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def confirm(self, ids: Sequence[str], at: datetime, by: str, how: str) -> None:
        bind = Binder(self._c)
        for start in range(0, len(ids), _CHUNK):
            part = sorted(set(ids[start : start + _CHUNK]))
            self._c.execute(
                delete(contact_confirmations).where(contact_confirmations.c.customer_id.in_(part))
            )
            rows = [(cid, bind(contact_confirmations.c.confirmed_at, at), by, how) for cid in part]
            insert_rows(
                self._c,
                contact_confirmations,
                ("customer_id", "confirmed_at", "confirmed_by", "how"),
                rows,
            )

    def take_later(self, survivor_id: str, other_id: str) -> dict[str, str] | None:
        """A merge: the survivor keeps the later of the two confirmations (both records were the
        same person's). Returns the survivor's own row before, as JSON-ready text for an undo
        (None: it had none)."""
        c = contact_confirmations.c
        rows = {
            r.customer_id: r
            for r in self._c.execute(
                select(contact_confirmations).where(c.customer_id.in_([survivor_id, other_id]))
            )
        }
        own, other = rows.get(survivor_id), rows.get(other_id)
        before = None if own is None else _undo_row(own)
        if other is not None and (own is None or other.confirmed_at > own.confirmed_at):
            self.confirm([survivor_id], other.confirmed_at, other.confirmed_by, other.how)
        return before

    def put_back(self, customer_id: str, before: dict[str, str] | None) -> None:
        """An unmerge: the confirmation the customer had before the merge, or none."""
        self._c.execute(
            delete(contact_confirmations).where(contact_confirmations.c.customer_id == customer_id)
        )
        if before is not None:
            at = datetime.fromisoformat(before["confirmed_at"])
            self.confirm([customer_id], at, before["confirmed_by"], before["how"])

    def confirmed_at(self, ids: Iterable[str]) -> dict[str, datetime]:
        wanted = sorted(set(ids))
        found: dict[str, datetime] = {}
        for start in range(0, len(wanted), _CHUNK):
            query = (
                select(customers.c.id, _CONFIRMED_AT)
                .select_from(_JOINED)
                .where(customers.c.id.in_(wanted[start : start + _CHUNK]))
            )
            found.update({cid: at for cid, at in self._c.execute(query)})
        return found

    def stale(self, before: datetime, stores: Iterable[str], *, limit: int) -> list[StaleContact]:
        """The longest unconfirmed first."""
        query = (
            select(customers.c.id, customers.c.store, _CONFIRMED_AT, contact_confirmations.c.how)
            .select_from(_JOINED)
            .order_by(_CONFIRMED_AT, customers.c.id)
            .limit(limit)
        )
        return [StaleContact(*row) for row in self._c.execute(_stale(query, before, stores))]

    def count_stale(self, before: datetime, stores: Iterable[str]) -> int:
        query = select(func.count()).select_from(_JOINED)
        return int(self._c.execute(_stale(query, before, stores)).scalar_one())


def _undo_row(row: Any) -> dict[str, str]:
    at: datetime = row.confirmed_at
    return {"confirmed_at": at.isoformat(), "confirmed_by": row.confirmed_by, "how": row.how}


def _stale(query: Any, before: datetime, stores: Iterable[str]) -> Any:
    query = query.where(customers.c.status == _ACTIVE, before > _CONFIRMED_AT)
    wanted = sorted(stores)
    return query.where(customers.c.store.in_(wanted)) if wanted else query
