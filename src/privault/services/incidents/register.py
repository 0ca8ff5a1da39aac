"""The incident register: report an incident, record the officer's steps and what was done,
read one with its affected customers and clocks, and close it with its lessons."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from privault.db.incidents import Affected, TrailCheck
from privault.db.unit_of_work import UnitOfWork
from privault.domain.errors import ConflictError, InvalidInputError, NotFoundError
from privault.domain.incident_clocks import Clock, incident_clocks
from privault.domain.incidents import (
    SHORT_MAX,
    Incident,
    IncidentAction,
    IncidentStatus,
    parse_names,
    parse_severity,
    parse_text,
)
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

LISTED = 200


@dataclass(frozen=True)
class IncidentReport:
    """What the officer fills in at first; measures, advice and contact may follow."""

    title: str
    description: str
    severity: str
    detected_at: datetime
    reported_by: str
    data_fields: tuple[str, ...] = ()
    measures: str = ""
    advice: str = ""
    contact: str = ""


def local_time(at: datetime | None, zone: str) -> str:
    """A time as the shop reads it, the zone named."""
    if at is None:
        return "-"
    return f"{at.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} {zone}"


@dataclass(frozen=True)
class IncidentRegister:
    incidents: list[Incident]
    zone: str

    def local(self, at: datetime | None) -> str:
        return local_time(at, self.zone)


@dataclass(frozen=True)
class IncidentView:
    incident: Incident
    actions: list[IncidentAction]
    affected: list[Affected]
    clocks: list[Clock]
    trail: TrailCheck | None
    zone: str

    def local(self, at: datetime | None) -> str:
        return local_time(at, self.zone)

    @property
    def people_by_regime(self) -> dict[str, int]:
        return dict(Counter(r for a in self.affected for r in a.regimes))


def report_incident(vault: Vault, actor: Actor, report: IncidentReport) -> Incident:
    """Recorded at once: the clocks run from detection, not from when the register is filled."""
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_MANAGE)
        incident = _parsed(report, uc.now, actor.name)
        uc.uow.incidents.add(incident)
        uc.record(Action.INCIDENT_MANAGE, reason=f"incident {incident.id} reported")
        uc.commit()
        return incident


def _parsed(report: IncidentReport, now: datetime, by: str) -> Incident:
    if report.detected_at.tzinfo is None:
        raise InvalidInputError("give the time zone of the detection", field="detected_at")
    if report.detected_at > now:
        raise InvalidInputError("an incident cannot be detected in the future", field="detected_at")
    return Incident(
        id=str(uuid.uuid4()),
        title=parse_text(report.title, "title", limit=SHORT_MAX),
        description=parse_text(report.description, "description"),
        severity=parse_severity(report.severity),
        status=IncidentStatus.OPEN,
        detected_at=report.detected_at,
        reported_by=parse_text(report.reported_by, "reported_by", limit=SHORT_MAX),
        recorded_at=now,
        recorded_by=by,
        data_fields=parse_names(report.data_fields, "data_fields"),
        measures=parse_text(report.measures, "measures", required=False),
        advice=parse_text(report.advice, "advice", required=False),
        contact=parse_text(report.contact, "contact", limit=SHORT_MAX, required=False),
    )


def describe_response(
    vault: Vault, actor: Actor, incident_id: str, *, measures: str, advice: str, contact: str
) -> Incident:
    """What was done, what the people can do, whom they contact: what their notice says."""
    values = {
        "measures": parse_text(measures, "measures"),
        "advice": parse_text(advice, "advice"),
        "contact": parse_text(contact, "contact", limit=SHORT_MAX),
    }
    status = IncidentStatus.CONTAINED
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_MANAGE)
        incident = open_incident(uc.uow, incident_id)
        uc.uow.incidents.set(incident.id, status=status.value, **values)
        uc.record(Action.INCIDENT_MANAGE, reason=f"incident {incident.id} response described")
        uc.commit()
        return replace(
            incident, status=status, measures=values["measures"], advice=values["advice"],
            contact=values["contact"],
        )  # fmt: skip


def record_step(vault: Vault, actor: Actor, incident_id: str, note: str) -> IncidentAction:
    clean = parse_text(note, "note")
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_MANAGE)
        incident = open_incident(uc.uow, incident_id)
        step = IncidentAction(incident.id, uc.now, actor.name, clean)
        uc.uow.incidents.add_action(step)
        uc.record(Action.INCIDENT_MANAGE, reason=f"incident {incident.id} step recorded")
        uc.commit()
        return step


def close_incident(vault: Vault, actor: Actor, incident_id: str, lessons: str) -> Incident:
    """Closing needs the lessons learned; a closed incident changes no more."""
    clean = parse_text(lessons, "lessons")
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_MANAGE)
        incident = open_incident(uc.uow, incident_id)
        closed = IncidentStatus.CLOSED
        uc.uow.incidents.set(
            incident.id, status=closed.value, lessons=clean, closed_at=uc.now, closed_by=actor.name
        )
        uc.record(Action.INCIDENT_MANAGE, reason=f"incident {incident.id} closed")
        uc.commit()
        return replace(
            incident, status=closed, lessons=clean, closed_at=uc.now, closed_by=actor.name
        )


def get_incident(vault: Vault, actor: Actor, incident_id: str) -> IncidentView:
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_READ)
        view = incident_view(uc, existing_incident(uc.uow, incident_id))
        uc.record(Action.INCIDENT_READ, reason=f"incident {incident_id}")
        uc.commit()
        return view


def list_incidents(vault: Vault, actor: Actor) -> IncidentRegister:
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_READ)
        found = uc.uow.incidents.newest(LISTED)
        uc.record(Action.INCIDENT_READ, reason=f"incident register: {len(found)} incidents")
        uc.commit()
        return IncidentRegister(found, vault.opening_hours(uc.uow).zone)


def incident_view(uc: UseCase, incident: Incident) -> IncidentView:
    uow = uc.uow
    affected = uow.incidents.affected(incident.id)
    counts = Counter(r for a in affected for r in a.regimes)
    return IncidentView(
        incident,
        uow.incidents.actions(incident.id),
        affected,
        incident_clocks(incident.detected_at, incident.severity, counts),
        uow.incidents.trail_check(incident.id),
        uc.vault.opening_hours(uow).zone,
    )


def existing_incident(uow: UnitOfWork, incident_id: str, *, lock: bool = False) -> Incident:
    found = uow.incidents.get(incident_id.strip(), lock=lock) if incident_id.strip() else None
    if found is None:
        raise NotFoundError("no incident {id}", params={"id": incident_id})
    return found


def open_incident(uow: UnitOfWork, incident_id: str) -> Incident:
    """Locked for the change; a closed incident changes no more."""
    incident = existing_incident(uow, incident_id, lock=True)
    if incident.status is IncidentStatus.CLOSED:
        raise ConflictError("incident {id} is closed", params={"id": incident.id})
    return incident
