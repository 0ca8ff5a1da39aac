"""Which law's rights and clocks apply to a customer (space-separated regimes on the row)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, update

from privault.db.tables import customers


class RegimeRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def set_for_customer(self, customer_id: str, regimes: str, now: datetime) -> None:
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(regimes=regimes, updated_at=now)
        )
