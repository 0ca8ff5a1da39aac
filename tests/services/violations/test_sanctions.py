"""Sanctions: a suspension disables the account for its term, a dismissal for good."""

from __future__ import annotations

from datetime import timedelta

import pytest

from privault.domain.errors import AuthenticationError, ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.staff import StaffStatus
from privault.domain.violations import SanctionKind
from privault.services.audit.events import list_audit_events
from privault.services.staff.accounts import list_staff
from privault.services.staff.sessions import sign_in
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from privault.services.violations.register import ViolationReport, record_violation
from privault.services.violations.sanctions import (
    apply_sanctions,
    enforce_sanctions,
    impose_sanction,
)
from tests.conftest import FrozenClock
from tests.factories import Enrolled, enrolled_staff

OFFICER = Actor("officer.violations", frozenset({"privacy_officer"}))
ADMIN = Actor("boss", frozenset({"admin", "privacy_officer"}))
READER = Actor("trail.reader", frozenset({"auditor"}))


def _violation(vault: Vault, clock: FrozenClock) -> tuple[Enrolled, str]:
    person = enrolled_staff(vault, ADMIN, "li.si", ["front_desk"])
    report = ViolationReport(person.name, clock.now.date(), "Shared a customer's number")
    return person, record_violation(vault, OFFICER, report).id


def _status(vault: Vault, name: str) -> str:
    return next(s.status for s in list_staff(vault, ADMIN) if s.name == name)


def test_a_suspension_refuses_sign_in_for_its_term_and_ends_by_itself(
    vault: Vault, clock: FrozenClock
) -> None:
    person, violation_id = _violation(vault, clock)
    last_day = clock.now.date() + timedelta(days=6)
    sanction = impose_sanction(vault, OFFICER, violation_id, "停职", ends_on=last_day)
    assert (sanction.kind, sanction.starts_on, sanction.ends_on) == (
        SanctionKind.SUSPENSION, clock.now.date(), last_day
    )  # fmt: skip
    assert _status(vault, person.name) == StaffStatus.DISABLED.value
    with pytest.raises(AuthenticationError):
        sign_in(vault, person.name, person.password)
    clock.advance(days=6)
    assert apply_sanctions(vault, OFFICER) == (0, 0)  # its last day: still suspended
    clock.advance(days=1)
    assert apply_sanctions(vault, OFFICER) == (0, 1)
    assert _status(vault, person.name) == StaffStatus.ACTIVE.value
    assert sign_in(vault, person.name, person.password).staff_name == person.name
    reasons = [e.reason for e in list_audit_events(vault, READER, limit=500)]
    assert f"enabled {person.name}: suspension ended" in reasons
    assert f"disabled {person.name}: suspension" in reasons


def test_a_suspension_dated_ahead_starts_on_its_day(vault: Vault, clock: FrozenClock) -> None:
    person, violation_id = _violation(vault, clock)
    start = clock.now.date() + timedelta(days=2)
    impose_sanction(vault, OFFICER, violation_id, "suspension", start, start + timedelta(days=1))
    assert _status(vault, person.name) == StaffStatus.ACTIVE.value
    clock.advance(days=2)
    assert apply_sanctions(vault, OFFICER) == (1, 0)
    assert _status(vault, person.name) == StaffStatus.DISABLED.value


def test_a_dismissal_disables_for_good(vault: Vault, clock: FrozenClock) -> None:
    person, violation_id = _violation(vault, clock)
    impose_sanction(vault, OFFICER, violation_id, "dismissal")
    clock.advance(days=400)
    assert apply_sanctions(vault, OFFICER) == (0, 0)
    assert _status(vault, person.name) == StaffStatus.DISABLED.value


def test_a_warning_leaves_the_account_as_it_was(vault: Vault, clock: FrozenClock) -> None:
    person, violation_id = _violation(vault, clock)
    warning = impose_sanction(vault, OFFICER, violation_id, "warning")
    assert (warning.kind, warning.ends_on) == (SanctionKind.WARNING, None)
    assert _status(vault, person.name) == StaffStatus.ACTIVE.value
    found = list_audit_events(vault, READER, limit=50)
    assert next(e.reason for e in found if e.action == Action.VIOLATION_MANAGE.value) == (
        f"warning of {person.name} from {clock.now.date().isoformat()}"
    )


def test_a_suspension_without_its_last_day_changes_nothing(
    vault: Vault, clock: FrozenClock
) -> None:
    person, violation_id = _violation(vault, clock)
    with pytest.raises(InvalidInputError) as caught:
        impose_sanction(vault, OFFICER, violation_id, "suspension")
    assert caught.value.field == "ends_on"
    assert _status(vault, person.name) == StaffStatus.ACTIVE.value


def test_nobody_sanctions_themselves(vault: Vault, clock: FrozenClock) -> None:
    _, violation_id = _violation(vault, clock)
    with pytest.raises(ConflictError):
        impose_sanction(
            vault, Actor("li.si", frozenset({"privacy_officer"})), violation_id, "warning"
        )


def test_the_scheduler_enables_an_account_whose_suspension_ended(
    vault: Vault, clock: FrozenClock
) -> None:
    person, violation_id = _violation(vault, clock)
    impose_sanction(vault, OFFICER, violation_id, "suspension", ends_on=clock.now.date())
    clock.advance(days=1)
    assert enforce_sanctions(vault, SYSTEM) == {"disabled": 0, "enabled": 1}
    assert _status(vault, person.name) == StaffStatus.ACTIVE.value
