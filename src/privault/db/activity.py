"""One staff member's recent activity, counted from the audit trail (index actor, at)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, func, select

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
        self,
        actor: str,
        actions: Iterable[str],
        since: datetime,
        *,
        cap: int,
        including: str | None = None,
    ) -> int:
        """Distinct customers this staff member opened since a time, counted up to `cap` (a
        threshold check needs no more, and a busy hour must not slow each access), with
        `including` (one being opened now) counted once whether or not it was opened before."""
        e = audit_events.c
        opened = (
            select(e.customer_id)
            .where(
                e.actor == actor,
                e.at >= since,
                e.action.in_(list(actions)),
                e.outcome == "allowed",
                e.customer_id.is_not(None),
            )
            .distinct()
            .limit(cap)
        )
        customers = set(self._c.execute(opened).scalars())
        if including is not None:
            customers.add(including)
        return len(customers)
