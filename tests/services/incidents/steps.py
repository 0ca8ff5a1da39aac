"""Shared steps of the incident tests: an officer, a leaky staff member, a reported incident."""

from __future__ import annotations

from datetime import datetime

from privault.domain.audit import AuditEvent
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.incidents.register import IncidentReport, report_incident
from privault.services.vault import Vault

OFFICER = Actor("officer.incidents", frozenset({"privacy_officer"}))
DESK = Actor("li.si", frozenset({"front_desk"}))
READER = Actor("trail.reader", frozenset({"auditor"}))


def reported(vault: Vault, detected_at: datetime, severity: str = "较大") -> str:
    report = IncidentReport(
        title="Customer list photographed at the desk",
        description="A desk screen showing customers was photographed and posted online.",
        severity=severity,
        detected_at=detected_at,
        reported_by="Store manager Wang",
        data_fields=("name", "mobile"),
    )
    return report_incident(vault, OFFICER, report).id


def events(vault: Vault, action: Action, actor: Actor = OFFICER) -> list[AuditEvent]:
    """The actor's events of one action, oldest first (read under another name)."""
    found = list_audit_events(vault, READER, limit=2000)
    return [e for e in reversed(found) if e.action == action.value and e.actor == actor.name]
