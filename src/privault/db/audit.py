"""The audit trail table: events are appended in the transaction of the action they record."""

from __future__ import annotations

from sqlalchemy import Connection, select

from privault.db.bulk import Binder, insert_rows
from privault.db.tables import audit_events
from privault.domain.audit import AuditEvent, Outcome

_COLUMNS = (
    "at",
    "actor",
    "role",
    "store",
    "action",
    "outcome",
    "customer_id",
    "fields",
    "purpose",
    "request_id",
    "reason",
)


class AuditRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def append(self, events: list[AuditEvent]) -> None:
        bind = Binder(self._c)
        insert_rows(self._c, audit_events, _COLUMNS, [_tuple(e, bind) for e in events])

    def list(self, *, customer_id: str | None, limit: int) -> list[AuditEvent]:
        query = select(audit_events).order_by(audit_events.c.id.desc()).limit(limit)
        if customer_id:
            query = query.where(audit_events.c.customer_id == customer_id)
        return [_from_row(r._mapping) for r in self._c.execute(query)]


def _from_row(row: object) -> AuditEvent:
    r = dict(row)  # type: ignore[call-overload]
    return AuditEvent(
        at=r["at"],
        actor=r["actor"],
        role=r["role"],
        store=r["store"],
        action=r["action"],
        outcome=Outcome(r["outcome"]),
        request_id=r["request_id"],
        customer_id=r["customer_id"],
        fields=tuple(f for f in r["fields"].split(",") if f),
        purpose=r["purpose"],
        reason=r["reason"],
    )


def _tuple(e: AuditEvent, bind: Binder) -> tuple[object, ...]:
    return (
        bind(audit_events.c.at, e.at),
        e.actor,
        e.role,
        e.store,
        e.action,
        e.outcome.value,
        e.customer_id,
        ",".join(e.fields),
        e.purpose,
        e.request_id,
        e.reason,
    )
