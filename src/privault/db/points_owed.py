"""Points owed by customers whose reversed purchases had earned points already spent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, insert, select, update

from privault.db.tables import points_owed

o = points_owed.c


@dataclass(frozen=True)
class Owed:
    id: int
    customer_id: str
    transaction_id: int
    points: int
    repaid: int
    at: datetime

    @property
    def left(self) -> int:
        return self.points - self.repaid


class PointsOwedRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, customer_id: str, transaction_id: int, points: int, at: datetime) -> int:
        query = insert(points_owed).values(
            customer_id=customer_id, transaction_id=transaction_id, points=points, at=at
        )
        return int(self._c.execute(query.returning(o.id)).scalar_one())

    def open_for(self, customer_id: str) -> list[Owed]:
        """Oldest first: what is paid back first."""
        query = (
            select(points_owed)
            .where(o.customer_id == customer_id, o.repaid < o.points)
            .order_by(o.id)
        )
        return [Owed(**r._mapping) for r in self._c.execute(query)]

    def all_for(self, customer_id: str) -> list[Owed]:
        query = select(points_owed).where(o.customer_id == customer_id).order_by(o.id)
        return [Owed(**r._mapping) for r in self._c.execute(query)]

    def left_for(self, customer_id: str) -> int:
        query = select(func.coalesce(func.sum(o.points - o.repaid), 0)).where(
            o.customer_id == customer_id
        )
        return int(self._c.execute(query).scalar_one())

    def repay(self, owed_id: int, points: int) -> None:
        query = update(points_owed).where(o.id == owed_id)
        self._c.execute(query.values(repaid=o.repaid + points))
