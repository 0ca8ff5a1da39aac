"""The incident register, its steps, affected customers and drills; and the audit-trail query
that finds who an incident affected."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, func, insert, literal, or_, select, update

from privault.db.tables import (
    audit_events,
    customers,
    incident_actions,
    incident_customers,
    incident_drills,
    incidents,
)
from privault.domain.audit import Outcome
from privault.domain.incidents import Incident, IncidentAction, IncidentStatus, Severity, TrailScope

_CHUNK = 500


@dataclass(frozen=True)
class Affected:
    customer_id: str
    regimes: tuple[str, ...]
    events: int
    notice_channel: str | None = None
    notified_at: datetime | None = None


@dataclass(frozen=True)
class Drill:
    id: str
    held_on: date
    scenario: str
    findings: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class TrailCheck:
    scope: str
    checked_at: datetime
    events_checked: int


class IncidentRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, incident: Incident) -> None:
        self._c.execute(insert(incidents).values(**_columns(incident)))

    def get(self, incident_id: str, *, lock: bool = False) -> Incident | None:
        query = select(incidents).where(incidents.c.id == incident_id)
        row = self._c.execute(query.with_for_update() if lock else query).first()
        return None if row is None else _incident(row._mapping)

    def newest(self, limit: int) -> list[Incident]:
        query = select(incidents).order_by(incidents.c.detected_at.desc()).limit(limit)
        return [_incident(r._mapping) for r in self._c.execute(query)]

    def set(self, incident_id: str, **values: Any) -> None:
        self._c.execute(update(incidents).where(incidents.c.id == incident_id).values(**values))

    def trail_check(self, incident_id: str) -> TrailCheck | None:
        i = incidents.c
        query = select(i.scope, i.trail_checked_at, i.trail_events_checked)
        row = self._c.execute(query.where(i.id == incident_id)).first()
        if row is None or row.trail_checked_at is None:
            return None
        return TrailCheck(row.scope or "", row.trail_checked_at, int(row.trail_events_checked))

    def add_action(self, action: IncidentAction) -> None:
        self._c.execute(insert(incident_actions).values(**vars(action)))

    def actions(self, incident_id: str) -> list[IncidentAction]:
        a = incident_actions.c
        query = select(a.incident_id, a.at, a.by, a.note).where(a.incident_id == incident_id)
        return [IncidentAction(*r) for r in self._c.execute(query.order_by(a.id))]

    def matching_customers(self, scope: TrailScope) -> dict[str, int]:
        """Customers named by allowed events in the scope, with how many events each."""
        e = audit_events.c
        query = select(e.customer_id, func.count()).where(
            e.at >= scope.since,
            e.at <= scope.until,
            e.outcome == Outcome.ALLOWED.value,
            e.customer_id.is_not(None),
        )
        if scope.staff:
            query = query.where(e.actor == scope.staff)
        if scope.token:
            query = query.where(e.token_name == scope.token)
        if scope.store:
            query = query.where(e.store == scope.store)
        if scope.actions:
            query = query.where(e.action.in_(scope.actions))
        if scope.fields:
            wrapped = literal(",") + e.fields + literal(",")
            query = query.where(or_(*(wrapped.contains(f",{f},") for f in scope.fields)))
        rows = self._c.execute(query.group_by(e.customer_id))
        return {str(cid): int(n) for cid, n in rows}

    def regimes_of(self, ids: list[str]) -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            query = select(customers.c.id, customers.c.regimes).where(customers.c.id.in_(chunk))
            found.update({r.id: tuple(r.regimes.split()) for r in self._c.execute(query)})
        return found

    def replace_affected(self, incident_id: str, affected: list[Affected]) -> None:
        """A new computation replaces the last; notices already sent stay recorded."""
        sent = {a.customer_id: a for a in self.affected(incident_id) if a.notified_at}
        self._c.execute(
            incident_customers.delete().where(incident_customers.c.incident_id == incident_id)
        )
        rows = [_affected_row(incident_id, a, sent.get(a.customer_id)) for a in affected]
        kept = {a.customer_id for a in affected}
        rows += [_affected_row(incident_id, a, a) for cid, a in sent.items() if cid not in kept]
        for start in range(0, len(rows), _CHUNK):
            self._c.execute(insert(incident_customers), rows[start : start + _CHUNK])

    def affected(self, incident_id: str) -> list[Affected]:
        c = incident_customers.c
        query = select(c.customer_id, c.regimes, c.events, c.notice_channel, c.notified_at)
        rows = self._c.execute(query.where(c.incident_id == incident_id).order_by(c.customer_id))
        return [Affected(r[0], tuple(r[1].split()), int(r[2]), r[3], r[4]) for r in rows]

    def mark_notified(self, incident_id: str, sent: Mapping[str, str], at: datetime) -> None:
        c = incident_customers.c
        for customer_id, channel in sent.items():
            self._c.execute(
                update(incident_customers)
                .where(c.incident_id == incident_id, c.customer_id == customer_id)
                .values(notice_channel=channel, notified_at=at)
            )

    def counts_between(self, since: datetime, until: datetime) -> dict[str, int]:
        """For the compliance report: incidents detected in [since, until), those whose
        affected customers were told, and those still open."""
        i, ic = incidents.c, incident_customers.c
        found = select(i.id, i.status).where(i.detected_at >= since, i.detected_at < until)
        rows = self._c.execute(found).all()
        told = select(func.count(func.distinct(ic.incident_id))).where(
            ic.notified_at.is_not(None), ic.incident_id.in_([r.id for r in rows])
        )
        notified = int(self._c.execute(told).scalar_one()) if rows else 0
        still_open = sum(1 for r in rows if r.status != IncidentStatus.CLOSED)
        return {"recorded": len(rows), "notified": notified, "open": still_open}

    def add_drill(self, drill: Drill) -> None:
        self._c.execute(insert(incident_drills).values(**vars(drill)))

    def drills(self, limit: int) -> list[Drill]:
        d = incident_drills.c
        query = select(incident_drills).order_by(d.held_on.desc()).limit(limit)
        return [Drill(**r._mapping) for r in self._c.execute(query)]


def _affected_row(incident_id: str, a: Affected, sent: Affected | None) -> dict[str, object]:
    return {
        "incident_id": incident_id,
        "customer_id": a.customer_id,
        "regimes": " ".join(a.regimes),
        "events": a.events,
        "notice_channel": sent.notice_channel if sent else None,
        "notified_at": sent.notified_at if sent else None,
    }


def _columns(i: Incident) -> dict[str, object]:
    values = vars(i).copy()
    values["severity"] = i.severity.value
    values["status"] = i.status.value
    values["data_fields"] = ",".join(i.data_fields)
    return values


def _incident(r: RowMapping) -> Incident:
    return Incident(
        id=r["id"],
        title=r["title"],
        description=r["description"],
        severity=Severity(r["severity"]),
        status=IncidentStatus(r["status"]),
        detected_at=r["detected_at"],
        reported_by=r["reported_by"],
        recorded_at=r["recorded_at"],
        recorded_by=r["recorded_by"],
        data_fields=tuple(f for f in r["data_fields"].split(",") if f),
        measures=r["measures"],
        advice=r["advice"],
        contact=r["contact"],
        lessons=r["lessons"],
        closed_at=r["closed_at"],
        closed_by=r["closed_by"],
    )
