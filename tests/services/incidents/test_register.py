"""The incident register: report, steps, response, close; each step audited."""

from __future__ import annotations

from datetime import timedelta

import pytest

from privault.domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.incident_clocks import Duty
from privault.domain.incidents import IncidentStatus, Severity
from privault.domain.policy import Action
from privault.services.compliance.report import issue_compliance_report
from privault.services.incidents.register import (
    IncidentReport,
    close_incident,
    describe_response,
    get_incident,
    list_incidents,
    record_step,
    report_incident,
)
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.services.incidents.steps import DESK, OFFICER, events, reported


@pytest.mark.legal("PIPL Art. 57")
def test_an_incident_is_registered_with_its_grade_and_the_cac_clock(
    vault: Vault, clock: FrozenClock
) -> None:
    incident_id = reported(vault, clock.now - timedelta(hours=1))
    view = get_incident(vault, OFFICER, incident_id)
    assert view.incident.severity is Severity.LARGER
    assert view.incident.status is IncidentStatus.OPEN
    assert view.incident.recorded_by == OFFICER.name
    assert view.incident.data_fields == ("name", "mobile")
    assert view.local(view.incident.detected_at) == "2026-11-23 16:30 Asia/Shanghai"
    [cac] = view.clocks
    assert cac.duty is Duty.CAC_PROVINCIAL
    assert cac.due_at == clock.now + timedelta(hours=3)
    [event] = events(vault, Action.INCIDENT_MANAGE)
    assert event.reason == f"incident {incident_id} reported"
    assert [e.reason for e in events(vault, Action.INCIDENT_READ)] == [f"incident {incident_id}"]


def test_a_detection_in_the_future_is_refused_and_nothing_is_recorded(
    vault: Vault, clock: FrozenClock
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        reported(vault, clock.now + timedelta(minutes=5))
    assert caught.value.field == "detected_at"
    assert list_incidents(vault, OFFICER).incidents == []
    assert events(vault, Action.INCIDENT_MANAGE) == []


def test_an_empty_title_names_the_field(vault: Vault, clock: FrozenClock) -> None:
    report = IncidentReport(" ", "what", "一般", clock.now, "someone")
    with pytest.raises(InvalidInputError) as caught:
        report_incident(vault, OFFICER, report)
    assert caught.value.field == "title"


def test_the_front_desk_cannot_open_the_register(vault: Vault, clock: FrozenClock) -> None:
    with pytest.raises(PolicyDeniedError):
        list_incidents(vault, DESK)
    [refused] = events(vault, Action.INCIDENT_READ, DESK)
    assert refused.outcome.value == "denied"


def test_steps_response_and_closure_are_recorded_in_order(vault: Vault, clock: FrozenClock) -> None:
    incident_id = reported(vault, clock.now)
    record_step(vault, OFFICER, incident_id, "Asked the platform to take the photo down")
    clock.advance(minutes=20)
    contained = describe_response(
        vault, OFFICER, incident_id, measures="Photo removed; screens turned away",
        advice="Beware of calls claiming to be us", contact="Privacy officer, 021-5555 0100",
    )  # fmt: skip
    assert contained.status is IncidentStatus.CONTAINED
    closed = close_incident(vault, OFFICER, incident_id, "Privacy screens on every desk")
    assert (closed.status, closed.closed_by, closed.closed_at) == (
        IncidentStatus.CLOSED, OFFICER.name, clock.now
    )  # fmt: skip
    view = get_incident(vault, OFFICER, incident_id)
    assert [a.note for a in view.actions] == ["Asked the platform to take the photo down"]
    assert view.incident.lessons == "Privacy screens on every desk"
    assert view.incident.advice == "Beware of calls claiming to be us"
    reasons = [e.reason for e in events(vault, Action.INCIDENT_MANAGE)]
    assert reasons[1:] == [
        f"incident {incident_id} step recorded",
        f"incident {incident_id} response described",
        f"incident {incident_id} closed",
    ]


def test_a_closed_incident_changes_no_more(vault: Vault, clock: FrozenClock) -> None:
    incident_id = reported(vault, clock.now)
    close_incident(vault, OFFICER, incident_id, "none")
    with pytest.raises(ConflictError):
        record_step(vault, OFFICER, incident_id, "late note")
    assert get_incident(vault, OFFICER, incident_id).actions == []


def test_an_unknown_incident_is_not_found(vault: Vault) -> None:
    with pytest.raises(NotFoundError):
        get_incident(vault, OFFICER, "no-such-incident")


@pytest.mark.legal("PIPL Art. 54")
def test_the_compliance_report_counts_the_years_incidents(vault: Vault, clock: FrozenClock) -> None:
    closed = reported(vault, clock.now - timedelta(days=2))
    close_incident(vault, OFFICER, closed, "Privacy screens on every desk")
    reported(vault, clock.now)

    report = issue_compliance_report(vault, OFFICER, 2026).pack["report"]

    assert isinstance(report, dict)
    assert report["incidents"] == {"recorded": 2, "notified": 0, "open": 1}
