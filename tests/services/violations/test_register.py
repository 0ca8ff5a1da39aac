"""The violations register: linked evidence, training due, repeated violations alerted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from privault.domain.errors import InvalidInputError, NotFoundError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.vault import Vault
from privault.services.violations.register import (
    ViolationReport,
    list_violations,
    parse_ids,
    record_violation,
    staff_record,
)
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff

OFFICER = Actor("officer.violations", frozenset({"privacy_officer"}))
ADMIN = Actor("boss", frozenset({"admin", "privacy_officer"}))
READER = Actor("trail.reader", frozenset({"auditor"}))


def _staff(vault: Vault) -> str:
    return enrolled_staff(vault, ADMIN, "li.si", ["front_desk"]).name


def _events(vault: Vault, action: Action) -> list[str | None]:
    found = list_audit_events(vault, READER, limit=500)
    return [e.reason for e in reversed(found) if e.action == action.value]


def test_a_violation_is_linked_to_the_staff_member_and_the_events_that_show_it(
    vault: Vault, clock: FrozenClock
) -> None:
    name = _staff(vault)
    event_id = 1
    report = ViolationReport(
        name, clock.now.date(), "Photographed the customer list", (), (event_id,)
    )
    violation = record_violation(vault, OFFICER, report)
    assert violation.staff_name == name
    assert violation.event_ids == (1,)
    assert violation.training_due_on == date(2026, 12, 23)
    assert [v.id for v in list_violations(vault, OFFICER)] == [violation.id]
    assert _events(vault, Action.VIOLATION_MANAGE) == [f"violation {violation.id} by {name}"]


def test_a_violation_of_an_unknown_staff_member_is_refused_and_recorded(
    vault: Vault, clock: FrozenClock
) -> None:
    with pytest.raises(NotFoundError, match="no staff member"):
        record_violation(vault, OFFICER, ViolationReport("nobody.here", clock.now.date(), "x"))
    assert list_violations(vault, OFFICER) == []
    assert _events(vault, Action.VIOLATION_MANAGE) == ["unknown staff member nobody.here"]


def test_evidence_that_does_not_exist_names_the_field(vault: Vault, clock: FrozenClock) -> None:
    name = _staff(vault)
    for report, field in (
        (ViolationReport(name, clock.now.date(), "x", alert_ids=(999,)), "alert_ids"),
        (ViolationReport(name, clock.now.date(), "x", event_ids=(10**9,)), "event_ids"),
        (ViolationReport(name, clock.now.date() + timedelta(days=1), "x"), "occurred_on"),
    ):
        with pytest.raises(InvalidInputError) as caught:
            record_violation(vault, OFFICER, report)
        assert caught.value.field == field
    assert list_violations(vault, OFFICER) == []


def test_a_second_violation_within_twelve_months_raises_an_alert(
    vault: Vault, clock: FrozenClock
) -> None:
    name = _staff(vault)
    record_violation(vault, OFFICER, ViolationReport(name, date(2026, 3, 1), "first"))
    assert not [a for a in list_alerts(vault, OFFICER) if a.kind == "repeated_violation"]
    record_violation(vault, OFFICER, ViolationReport(name, clock.now.date(), "second"))
    [alert] = [a for a in list_alerts(vault, OFFICER) if a.kind == "repeated_violation"]
    assert alert.staff_name == name
    assert alert.detail == f"{name}: 2 violations, 2 or more within 12 months"
    assert [v.description for v in staff_record(vault, OFFICER, name).violations] == [
        "first", "second"
    ]  # fmt: skip


def test_the_front_desk_cannot_read_the_register(vault: Vault) -> None:
    with pytest.raises(PolicyDeniedError):
        list_violations(vault, Actor("desk", frozenset({"front_desk"})))


def test_ids_are_read_from_a_list_and_bad_ones_name_the_field() -> None:
    assert parse_ids(["3, 5", "8"], "event_ids") == (3, 5, 8)
    with pytest.raises(InvalidInputError) as caught:
        parse_ids(["3;5"], "event_ids")
    assert caught.value.field == "event_ids"
