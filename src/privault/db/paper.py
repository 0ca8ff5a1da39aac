"""The paper destruction log table: appended to, never changed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select

from privault.db.tables import paper_destructions
from privault.domain.paper import DestructionMethod, PaperDestruction, RecordedDestruction


class PaperRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, entry: PaperDestruction, recorded_by: str, recorded_at: datetime) -> int:
        values = {
            "destroyed_on": entry.destroyed_on,
            "description": entry.description,
            "quantity": entry.quantity,
            "method": entry.method.value,
            "destroyed_by": entry.destroyed_by,
            "witnessed_by": entry.witnessed_by,
            "recorded_by": recorded_by,
            "recorded_at": recorded_at,
        }
        query = insert(paper_destructions).values(**values).returning(paper_destructions.c.id)
        return int(self._c.execute(query).scalar_one())

    def list(self) -> list[RecordedDestruction]:
        t = paper_destructions.c
        query = select(paper_destructions).order_by(t.destroyed_on, t.id)
        return [
            RecordedDestruction(**{**r._mapping, "method": DestructionMethod(r.method)})
            for r in self._c.execute(query)
        ]
