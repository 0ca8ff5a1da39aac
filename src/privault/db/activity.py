"""One staff member's recent activity, counted from the audit trail (index actor, at)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, String, func, literal, select

from privault.db.tables import audit_events


class ActivityRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def count(self, actor: str, action: str, since: datetime) -> int:
        """Allowed events of one action since a time."""
        e = audit_events.c
        query = select(func.count()).where(
            e.actor == actor, e.at >= since, e.action == action, e.outcome == "allowed"
        )
        return int(self._c.execute(query).scalar_one())

    def customers_touched(
        self, actor: str, actions: Iterable[str], since: datetime, *, including: str | None = None
    ) -> int:
        """Distinct customers whose records this staff member opened since a time, with
        `including` (one being opened now) counted once whether or not it was opened before."""
        e = audit_events.c
        opened = select(e.customer_id).where(
            e.actor == actor,
            e.at >= since,
            e.action.in_(list(actions)),
            e.outcome == "allowed",
            e.customer_id.is_not(None),
        )
        if including is not None:
            customers = opened.union(select(literal(including, String(36)))).subquery()
        else:
            customers = opened.distinct().subquery()
        query = select(func.count()).select_from(customers)
        return int(self._c.execute(query).scalar_one())
