"""The card register and the meal-only dietary restrictions: rows by card number, by store and
day, the cards still out, and the recall of an erased customer's cards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from privault.db.tables import card_register, meal_restrictions
from privault.domain.cards import DocumentKind, RegisterEntry

COLUMNS = tuple(column.name for column in card_register.c)


class CardRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, entry: RegisterEntry) -> None:
        values = {name: getattr(entry, name) for name in COLUMNS}
        self._c.execute(insert(card_register).values(**values | {"kind": entry.kind.value}))

    def get(self, card_no: str, *, lock: bool = False) -> RegisterEntry | None:
        query = select(card_register).where(card_register.c.card_no == card_no)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else _entry(row._mapping)

    def issued_on(self, kind: DocumentKind, on: date) -> int:
        query = select(func.count()).where(
            card_register.c.kind == kind.value, card_register.c.service_on == on
        )
        return int(self._c.execute(query).scalar_one())

    def out_for_booking(self, booking_id: str, kind: DocumentKind) -> RegisterEntry | None:
        query = select(card_register).where(
            card_register.c.booking_id == booking_id,
            card_register.c.kind == kind.value,
            card_register.c.returned_at.is_(None),
        )
        row = self._c.execute(query).first()
        return None if row is None else _entry(row._mapping)

    def mark_returned(self, card_no: str, at: datetime, by: str, quantity: int) -> None:
        self._c.execute(
            update(card_register)
            .where(card_register.c.card_no == card_no)
            .values(returned_at=at, returned_by=by, returned_quantity=quantity)
        )

    def mark_shredded(self, card_nos: Sequence[str], destruction_id: int) -> None:
        self._c.execute(
            update(card_register)
            .where(card_register.c.card_no.in_(list(card_nos)))
            .values(destruction_id=destruction_id)
        )

    def of_day(self, store: str, on: date) -> list[RegisterEntry]:
        query = (
            select(card_register)
            .where(card_register.c.store == store, card_register.c.service_on == on)
            .order_by(card_register.c.issued_at, card_register.c.card_no)
        )
        return [_entry(r._mapping) for r in self._c.execute(query)]

    def out_until(self, on: date) -> list[RegisterEntry]:
        """Every card not returned whose service day is `on` or earlier, or recalled."""
        due = or_(card_register.c.service_on <= on, card_register.c.recalled_at.is_not(None))
        query = (
            select(card_register)
            .where(card_register.c.returned_at.is_(None), due)
            .order_by(card_register.c.card_no)
        )
        return [_entry(r._mapping) for r in self._c.execute(query)]

    def put_restriction(self, booking_id: str, sealed: bytes, at: datetime, by: str) -> None:
        self.forget_restriction(booking_id)
        values = {"booking_id": booking_id, "sealed": sealed, "stated_at": at, "stated_by": by}
        self._c.execute(insert(meal_restrictions).values(**values))

    def restriction(self, booking_id: str) -> bytes | None:
        query = select(meal_restrictions.c.sealed).where(
            meal_restrictions.c.booking_id == booking_id
        )
        found = self._c.execute(query).scalar_one_or_none()
        return None if found is None else bytes(found)

    def forget_restriction(self, booking_id: str) -> None:
        self._c.execute(
            delete(meal_restrictions).where(meal_restrictions.c.booking_id == booking_id)
        )


def recall_cards(connection: Connection, ids: Sequence[str], at: datetime) -> None:
    """At erasure: a card still out is recalled, and no row names the customer any more."""
    column = card_register.c.customer_id
    out = card_register.c.returned_at.is_(None)
    connection.execute(
        update(card_register).where(column.in_(list(ids)), out).values(recalled_at=at)
    )
    connection.execute(update(card_register).where(column.in_(list(ids))).values(customer_id=None))


def _entry(row: Any) -> RegisterEntry:
    values = {name: row[name] for name in COLUMNS}
    return RegisterEntry(**values | {"kind": DocumentKind(row["kind"])})
