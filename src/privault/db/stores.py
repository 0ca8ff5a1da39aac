"""The store registry: one row per store code, deactivated rather than deleted."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, select, update

from privault.db.tables import bookings, stores
from privault.domain.bookings import BookingStatus
from privault.domain.stores import Store, StoreDetails

# A booking not yet closed one way or another (done, no-show, cancelled).
_OPEN = tuple(
    s.value for s in (BookingStatus.BOOKED, BookingStatus.ARRIVED, BookingStatus.IN_SERVICE)
)


class StoreRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, code: str) -> Store | None:
        row = self._c.execute(select(stores).where(stores.c.code == code)).mappings().first()
        return None if row is None else _store(row)

    def list(self, *, active_only: bool = False) -> list[Store]:
        query = select(stores).order_by(stores.c.code)
        if active_only:
            query = query.where(stores.c.is_active.is_(True))
        return [_store(m) for m in self._c.execute(query).mappings()]

    def add(self, store: Store) -> None:
        values = _details(store.details)
        self._c.execute(
            insert(stores).values(
                code=store.code, is_active=store.is_active, created_at=store.created_at, **values
            )
        )

    def change(self, code: str, details: StoreDetails) -> None:
        self._c.execute(update(stores).where(stores.c.code == code).values(**_details(details)))

    def set_active(self, code: str, is_active: bool) -> None:
        self._c.execute(update(stores).where(stores.c.code == code).values(is_active=is_active))

    def bookings_from(self, code: str, day: date) -> int:
        """Bookings of the store on `day` or later that are still to come."""
        query = select(func.count()).where(
            bookings.c.store == code,
            bookings.c.service_on >= day,
            bookings.c.status.in_(_OPEN),
        )
        return int(self._c.execute(query).scalar_one())


def _details(details: StoreDetails) -> dict[str, Any]:
    return {
        "name": details.name,
        "name_en": details.name_en,
        "address": details.address,
        "phone": details.phone,
        "zone": details.zone,
        "idle_seconds": details.idle_seconds,
    }


def _store(m: RowMapping) -> Store:
    details = StoreDetails(
        m["name"], m["name_en"], m["address"], m["phone"], m["zone"], m["idle_seconds"]
    )
    return Store(m["code"], details, bool(m["is_active"]), m["created_at"])
