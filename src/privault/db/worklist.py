"""Counts for the console's home page (what waits today): grouped totals, never a personal value."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, or_, select

from privault.db.tables import alerts, bookings, card_register, exports


def _in_stores(query: Any, column: Any, stores: Iterable[str]) -> Any:
    wanted = sorted(stores)
    return query.where(column.in_(wanted)) if wanted else query


class WorklistRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def bookings_by_status(self, day: date, stores: frozenset[str]) -> dict[str, int]:
        b = bookings.c
        query = select(b.status, func.count()).where(b.service_on == day).group_by(b.status)
        query = _in_stores(query, b.store, stores)
        return {str(status): int(n) for status, n in self._c.execute(query)}

    def bookings_served_by(self, day: date, technician: str) -> int:
        b = bookings.c
        query = select(func.count()).where(b.service_on == day, b.technician == technician)
        return int(self._c.execute(query).scalar_one())

    def open_alerts(self) -> int:
        query = select(func.count()).where(alerts.c.acked_at.is_(None))
        return int(self._c.execute(query).scalar_one())

    def exports_waiting(self) -> int:
        query = select(func.count()).where(exports.c.status == "pending")
        return int(self._c.execute(query).scalar_one())

    def cards_out(self, day: date, stores: frozenset[str]) -> int:
        """Cards and sheets not returned whose service day is `day` or earlier, or recalled."""
        r = card_register.c
        due = or_(r.service_on <= day, r.recalled_at.is_not(None))
        query = select(func.count()).where(r.returned_at.is_(None), due)
        return int(self._c.execute(_in_stores(query, r.store, stores)).scalar_one())
