"""The violations register: a staff member's violation, linked to the alerts and audit events
that show it; training falls due, and a second violation within 12 months raises an alert."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from privault.domain.alerts import REPEATED_VIOLATION_DETAIL, Alert, AlertKind
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.incidents import parse_text
from privault.domain.policy import Action, Actor
from privault.domain.violations import Sanction, Violation, is_repeated, training_due_on
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

LISTED = 200


@dataclass(frozen=True)
class ViolationReport:
    staff_name: str
    occurred_on: date
    description: str
    alert_ids: tuple[int, ...] = ()
    event_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class StaffRecord:
    """A staff member's violations and sanctions, oldest first."""

    staff_name: str
    violations: list[Violation]
    sanctions: list[Sanction]


def record_violation(vault: Vault, actor: Actor, report: ViolationReport) -> Violation:
    description = parse_text(report.description, "description")
    with use_case(vault, actor) as uc:
        uc.require(Action.VIOLATION_MANAGE)
        name = known_staff(uc, report.staff_name, Action.VIOLATION_MANAGE)
        _check_evidence(uc, report)
        today = uc.now.date()
        if report.occurred_on > today:
            raise InvalidInputError("a violation is recorded once it happened", field="occurred_on")
        violation = Violation(
            str(uuid.uuid4()), name, report.occurred_on, description,
            tuple(dict.fromkeys(report.alert_ids)), tuple(dict.fromkeys(report.event_ids)),
            uc.now, actor.name, training_due_on(report.occurred_on, today),
        )  # fmt: skip
        uc.uow.violations.add(violation)
        _alert_if_repeated(uc, violation)
        uc.record(Action.VIOLATION_MANAGE, reason=f"violation {violation.id} by {name}")
        uc.commit()
        return violation


def known_staff(uc: UseCase, raw: str, action: Action) -> str:
    """An unknown staff member is refused, the attempt recorded, nothing changed."""
    name = raw.strip()
    row = uc.uow.staff.get(name) if name else None
    if row is None:
        uc.refuse(
            action,
            NotFoundError("no staff member {name}", params={"name": name[:64] or "-"}),
            reason=f"unknown staff member {name[:64]}",
        )
    return row.member.name


def _check_evidence(uc: UseCase, report: ViolationReport) -> None:
    for alert_id in report.alert_ids:
        if uc.uow.alerts.get(alert_id) is None:
            raise InvalidInputError("no alert {id}", field="alert_ids", params={"id": alert_id})
    missing = set(report.event_ids) - uc.uow.violations.existing_events(report.event_ids)
    if missing:
        raise InvalidInputError(
            "no audit event {id}", field="event_ids", params={"id": min(missing)}
        )


def _alert_if_repeated(uc: UseCase, violation: Violation) -> None:
    days = [v.occurred_on for v in uc.uow.violations.of_staff(violation.staff_name)]
    if is_repeated(days, violation.occurred_on):
        uc.alert(
            Alert(
                AlertKind.REPEATED_VIOLATION,
                violation.staff_name,
                REPEATED_VIOLATION_DETAIL.format(staff=violation.staff_name, count=len(days)),
                f"repeated_violation:{violation.id}",
            )
        )


def staff_record(vault: Vault, actor: Actor, staff_name: str) -> StaffRecord:
    with use_case(vault, actor) as uc:
        uc.require(Action.VIOLATION_READ)
        name = known_staff(uc, staff_name, Action.VIOLATION_READ)
        found = uc.uow.violations.of_staff(name)
        record = StaffRecord(name, found, uc.uow.violations.sanctions_of(name))
        uc.record(Action.VIOLATION_READ, reason=f"violations of {name}: {len(found)}")
        uc.commit()
        return record


def list_violations(vault: Vault, actor: Actor) -> list[Violation]:
    with use_case(vault, actor) as uc:
        uc.require(Action.VIOLATION_READ)
        found = uc.uow.violations.newest(LISTED)
        uc.record(Action.VIOLATION_READ, reason=f"violations register: {len(found)}")
        uc.commit()
        return found


def parse_ids(raw: Iterable[str], field: str) -> tuple[int, ...]:
    """Alert or event ids, comma- or space-separated."""
    ids: list[int] = []
    for item in raw:
        for part in item.replace(",", " ").split():
            if not part.isdigit() or len(part) > 12:
                raise InvalidInputError("give whole numbers, e.g. 12,15", field=field)
            ids.append(int(part))
    return tuple(ids)
