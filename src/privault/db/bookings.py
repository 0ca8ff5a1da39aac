"""Bookings: written and read by id, by store and day, and the open ones that could clash."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    RowMapping,
    func,
    insert,
    or_,
    select,
    text,
    update,
)

from privault.db.contact_confirmations import CONFIRMED_AT
from privault.db.tables import bookings, contact_confirmations, customers
from privault.domain.bookings import (
    CLOSED,
    Booking,
    BookingDraft,
    BookingSource,
    BookingStatus,
    Meal,
    Slot,
    hhmm,
)

# A booking, and when its customer last confirmed their contact data (None: a walk-in).
Dated = tuple[Booking, datetime | None]
_CONFIRMED = bookings.outerjoin(customers, customers.c.id == bookings.c.customer_id).outerjoin(
    contact_confirmations, contact_confirmations.c.customer_id == customers.c.id
)
# Which timestamp each status move stamps.
STAMPS = {
    BookingStatus.ARRIVED: "arrived_at",
    BookingStatus.IN_SERVICE: "started_at",
    BookingStatus.DONE: "closed_at",
    BookingStatus.NO_SHOW: "closed_at",
    BookingStatus.CANCELLED: "closed_at",
}


class BookingRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, booking_id: str, draft: BookingDraft, at: datetime, by: str) -> None:
        values = _columns(draft) | {
            "id": booking_id,
            "status": BookingStatus.BOOKED.value,
            "created_at": at,
            "created_by": by,
        }
        self._c.execute(insert(bookings).values(**values))

    def get(self, booking_id: str, *, lock: bool = False) -> Booking | None:
        query = select(bookings).where(bookings.c.id == booking_id)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else _booking(row._mapping)

    def move(self, booking_id: str, to: BookingStatus, at: datetime) -> None:
        stamp = {STAMPS[to]: at} if to in STAMPS else {}
        query = update(bookings).where(bookings.c.id == booking_id)
        self._c.execute(query.values(status=to.value, **stamp))

    def link_customer(self, booking_id: str, customer_id: str) -> None:
        """A walk-in now registered: the booking names the customer."""
        query = update(bookings).where(bookings.c.id == booking_id)
        self._c.execute(query.values(customer_id=customer_id))

    def of_day(self, store: str, day: date) -> list[Booking]:
        return [booking for booking, _ in self.of_day_dated(store, day)]

    def of_day_dated(self, store: str, day: date) -> list[Dated]:
        """With when each booking's customer last confirmed their contact data (None for a
        walk-in): read in the same query, so the day view's flags need no list of ids."""
        where = (bookings.c.store == store) & (bookings.c.service_on == day)
        return self._dated(where, bookings.c.created_at, bookings.c.id)

    def of_day_served_by(
        self, day: date, technician: str, rooms: dict[str, frozenset[str]]
    ) -> list[Booking]:
        return [booking for booking, _ in self.served_by_dated(day, technician, rooms)]

    def served_by_dated(
        self, day: date, technician: str, rooms: dict[str, frozenset[str]]
    ) -> list[Dated]:
        """A day's bookings naming the technician or in one of the rooms (per store), dated as
        `of_day_dated`."""
        served: list[ColumnElement[bool]] = [bookings.c.technician == technician]
        served += [
            (bookings.c.store == store) & bookings.c.room.in_(sorted(held))
            for store, held in sorted(rooms.items())
            if held
        ]
        where = (bookings.c.service_on == day) & or_(*served)
        return self._dated(where, bookings.c.store, bookings.c.created_at, bookings.c.id)

    def _dated(self, where: ColumnElement[bool], *order: Any) -> list[Dated]:
        query = select(bookings, CONFIRMED_AT.label("confirmed_at")).select_from(_CONFIRMED)
        # fetched at once: row by row, the driver's fetch cost as much as the day's bookings
        rows = self._c.execute(query.where(where).order_by(*order)).all()
        return [(_booking(r._mapping), r.confirmed_at) for r in rows]

    def open_holding(self, draft: BookingDraft) -> list[Booking]:
        """The open bookings of the draft's day holding its room (in its store) or technician."""
        self._lock_day(draft.store, draft.service_on)
        held: list[ColumnElement[bool]] = []
        if draft.room is not None:
            held.append((bookings.c.store == draft.store) & (bookings.c.room == draft.room))
        if draft.technician is not None:
            held.append(bookings.c.technician == draft.technician)
        if not held:
            return []
        query = select(bookings).where(
            bookings.c.service_on == draft.service_on,
            bookings.c.status.not_in([s.value for s in CLOSED]),
            or_(*held),
        )
        return [_booking(r._mapping) for r in self._c.execute(query)]

    def _lock_day(self, store: str, day: date) -> None:
        """Two desks booking the same room at once: on PostgreSQL the second waits for the
        first's commit and then sees its booking (SQLite writes one transaction at a time)."""
        if self._c.dialect.name == "postgresql":
            key = f"bookings:{store}:{day.isoformat()}"
            self._c.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(bookings)).scalar_one())


def _columns(draft: BookingDraft) -> dict[str, Any]:
    slot = draft.slot
    return {
        "customer_id": draft.customer_id,
        "salutation": draft.salutation,
        "store": draft.store,
        "service_on": draft.service_on,
        "meal": slot.meal.value if slot.meal else None,
        "starts": hhmm(slot.starts),
        "ends": hhmm(slot.ends),
        "room": draft.room,
        "technician": draft.technician,
        "party_size": draft.party_size,
        "services": json.dumps(list(draft.services), ensure_ascii=False),
        "source": draft.source.value,
    }


def _time(value: str | None) -> time | None:
    return None if value is None else time.fromisoformat(value)


@lru_cache(maxsize=1024)
def _slot(meal: str | None, starts: str | None, ends: str | None) -> Slot:
    """A day's bookings share a few slots: each parsed once (a busy day view has hundreds)."""
    return Slot(meal=Meal(meal) if meal else None, starts=_time(starts), ends=_time(ends))


_SOURCES = {s.value: s for s in BookingSource}
_STATUSES = {s.value: s for s in BookingStatus}


def _services(stored: str) -> tuple[str, ...]:
    return () if stored == "[]" else tuple(json.loads(stored))


def _booking(m: RowMapping) -> Booking:
    draft = BookingDraft(
        store=m["store"],
        service_on=m["service_on"],
        slot=_slot(m["meal"], m["starts"], m["ends"]),
        party_size=m["party_size"],
        source=_SOURCES[m["source"]],
        customer_id=m["customer_id"],
        salutation=m["salutation"],
        room=m["room"],
        technician=m["technician"],
        services=_services(m["services"]),
    )
    return Booking(
        id=m["id"],
        draft=draft,
        status=_STATUSES[m["status"]],
        created_at=m["created_at"],
        created_by=m["created_by"],
        arrived_at=m["arrived_at"],
        started_at=m["started_at"],
        closed_at=m["closed_at"],
    )
