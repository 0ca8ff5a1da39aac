"""Alerts for the privacy officer; one per dedupe key, so a rule firing twice alerts once."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite

from privault.db.tables import alerts


@dataclass(frozen=True)
class AlertRow:
    id: int
    at: datetime
    kind: str
    staff_name: str
    detail: str
    acked_by: str | None
    acked_at: datetime | None
    note: str | None


_EXISTS = select(alerts.c.id).where(alerts.c.dedupe_key == bindparam("key"))


class AlertRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def raise_once(self, at: datetime, kind: str, staff_name: str, detail: str, key: str) -> bool:
        """True when this is a new alert; a second raise with the same key is ignored."""
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(alerts)
            .values(at=at, kind=kind, staff_name=staff_name, detail=detail, dedupe_key=key)
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
            .returning(alerts.c.id)
        )
        # RETURNING, not rowcount: with implicit RETURNING psycopg reports -1 on a conflict.
        return self._c.execute(statement).first() is not None

    def exists(self, key: str) -> bool:
        """Asked on every customer access: a prebuilt statement, no per-call SQL building."""
        return self._c.execute(_EXISTS, {"key": key}).first() is not None

    def recent(
        self, *, open_only: bool, limit: int, kinds: Collection[str] | None = None
    ) -> list[AlertRow]:
        a = alerts.c
        query = select(
            a.id, a.at, a.kind, a.staff_name, a.detail, a.acked_by, a.acked_at, a.note
        ).order_by(a.id.desc())
        if open_only:
            query = query.where(a.acked_at.is_(None))
        if kinds is not None:
            query = query.where(a.kind.in_(sorted(kinds)))
        return [AlertRow(*r) for r in self._c.execute(query.limit(limit))]

    def get(self, alert_id: int) -> AlertRow | None:
        a = alerts.c
        query = select(
            a.id, a.at, a.kind, a.staff_name, a.detail, a.acked_by, a.acked_at, a.note
        ).where(a.id == alert_id)
        found = self._c.execute(query).first()
        return AlertRow(*found) if found else None

    def ack(self, alert_id: int, by: str, at: datetime, note: str) -> None:
        self._c.execute(
            update(alerts)
            .where(alerts.c.id == alert_id)
            .values(acked_by=by, acked_at=at, note=note)
        )
