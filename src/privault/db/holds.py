"""Legal holds: placed and lifted, never deleted; an unlifted hold blocks erasure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, insert, select, update

from privault.db.tables import legal_holds

_CHUNK = 900


class LegalHold(NamedTuple):
    id: str
    customer_id: str
    reason: str
    placed_by: str
    placed_at: datetime
    lifted_by: str | None = None
    lifted_at: datetime | None = None
    lift_reason: str | None = None

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class HoldRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, hold: LegalHold) -> None:
        self._c.execute(insert(legal_holds).values(**hold._asdict()))

    def get(self, hold_id: str) -> LegalHold | None:
        row = self._c.execute(select(legal_holds).where(legal_holds.c.id == hold_id)).first()
        return None if row is None else LegalHold(**row._mapping)

    def lift(self, hold_id: str, by: str, at: datetime, reason: str) -> None:
        self._c.execute(
            update(legal_holds)
            .where(legal_holds.c.id == hold_id)
            .values(lifted_by=by, lifted_at=at, lift_reason=reason)
        )

    def list(self, *, customer_id: str | None = None, active_only: bool = True) -> list[LegalHold]:
        query = select(legal_holds).order_by(legal_holds.c.placed_at, legal_holds.c.id)
        if customer_id is not None:
            query = query.where(legal_holds.c.customer_id == customer_id)
        if active_only:
            query = query.where(legal_holds.c.lifted_at.is_(None))
        return [LegalHold(**r._mapping) for r in self._c.execute(query)]

    def held_among(self, ids: Sequence[str]) -> set[str]:
        """The customers among `ids` under at least one active hold."""
        held: set[str] = set()
        for start in range(0, len(ids), _CHUNK):
            query = select(legal_holds.c.customer_id).where(
                legal_holds.c.customer_id.in_(list(ids[start : start + _CHUNK])),
                legal_holds.c.lifted_at.is_(None),
            )
            held.update(self._c.execute(query).scalars())
        return held
