"""Yearly incident drills (003 事件应急预案): recorded, and an alert when none was held for 12
months."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from privault.db.incidents import Drill
from privault.domain.alerts import DRILL_OVERDUE_DETAIL, Alert, AlertKind
from privault.domain.errors import InvalidInputError
from privault.domain.incidents import SHORT_MAX, parse_text
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

DRILL_EVERY = timedelta(days=365)
LISTED = 50


def record_drill(vault: Vault, actor: Actor, held_on: date, scenario: str, findings: str) -> Drill:
    clean_scenario = parse_text(scenario, "scenario", limit=SHORT_MAX)
    clean_findings = parse_text(findings, "findings")
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_MANAGE)
        if held_on > uc.now.date():
            raise InvalidInputError("a drill is recorded once held", field="held_on")
        drill = Drill(
            str(uuid.uuid4()), held_on, clean_scenario, clean_findings, uc.now, actor.name
        )
        uc.uow.incidents.add_drill(drill)
        uc.record(Action.INCIDENT_MANAGE, reason=f"drill {drill.id} held {held_on.isoformat()}")
        uc.commit()
        return drill


def list_drills(vault: Vault, actor: Actor) -> list[Drill]:
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_READ)
        found = uc.uow.incidents.drills(LISTED)
        uc.record(Action.INCIDENT_READ, reason=f"drills: {len(found)}")
        uc.commit()
        return found


def check_drills(vault: Vault, actor: Actor) -> bool:
    """True when a drill is overdue; the privacy officer is alerted once per day it is found."""
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_READ)
        return _check(uc, Action.INCIDENT_READ)


def remind_drills(vault: Vault, actor: Actor) -> dict[str, int]:
    """The scheduler's daily check, as housekeeping."""
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        return {"overdue": int(_check(uc, Action.HOUSEKEEPING))}


def _check(uc: UseCase, action: Action) -> bool:
    last = uc.uow.incidents.drills(1)
    today = uc.now.date()
    overdue = not last or last[0].held_on < today - DRILL_EVERY
    if overdue:
        held = last[0].held_on.isoformat() if last else "never"
        detail = DRILL_OVERDUE_DETAIL.format(held=held)
        key = f"drill_overdue:{today.isoformat()}"
        uc.alert(Alert(AlertKind.DRILL_OVERDUE, "system", detail, key))
    uc.record(action, reason="drill check: " + ("overdue" if overdue else "ok"))
    uc.commit()
    return overdue
