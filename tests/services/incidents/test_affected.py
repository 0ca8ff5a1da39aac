"""Affected customers read from the audit trail, with the trail's integrity in the same step."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action
from privault.services.audit.trail import export_checkpoint
from privault.services.customers.records import get_customer, reveal_field
from privault.services.incidents.affected import TrailFilter, find_affected_customers
from privault.services.incidents.register import get_incident
from privault.services.requests.regimes import set_customer_regimes
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register
from tests.services.incidents.steps import DESK, OFFICER, events, reported


def _window(clock: FrozenClock) -> TrailFilter:
    return TrailFilter(clock.now - timedelta(hours=2), clock.now, staff=DESK.name)


@pytest.mark.legal("PIPL Art. 57")
def test_the_customers_a_staff_member_opened_in_the_window_are_the_affected_ones(
    vault: Vault, clock: FrozenClock
) -> None:
    seen, revealed, untouched = (register(vault, OPERATOR) for _ in range(3))
    set_customer_regimes(vault, OFFICER, revealed, "CN EU")
    clock.advance(hours=1)
    get_customer(vault, DESK, seen)
    reveal_field(vault, DESK, revealed, "mobile", "service")
    get_customer(vault, OFFICER, untouched)  # someone else's access is not the incident's
    clock.advance(minutes=30)
    incident_id = reported(vault, clock.now)
    found = find_affected_customers(vault, OFFICER, incident_id, _window(clock))
    assert found.customers == 2
    assert found.people_by_regime == {"CN": 2, "EU": 1}
    assert found.integrity.is_intact
    assert found.integrity.events_checked > 0
    view = get_incident(vault, OFFICER, incident_id)
    assert sorted(a.customer_id for a in view.affected) == sorted([seen, revealed])
    assert view.trail is not None
    assert view.trail.checked_at == clock.now
    assert {c.regime for c in view.clocks} == {"CN", "EU"}
    reason = events(vault, Action.INCIDENT_MANAGE)[-1].reason or ""
    assert reason.startswith(f"incident {incident_id}: 2 affected customers")
    assert "trail intact" in reason


def test_the_field_filter_keeps_only_events_on_that_field(vault: Vault, clock: FrozenClock) -> None:
    viewed, revealed = register(vault, OPERATOR), register(vault, OPERATOR)
    get_customer(vault, DESK, viewed)
    reveal_field(vault, DESK, revealed, "mobile", "service")
    incident_id = reported(vault, clock.now)
    wanted = TrailFilter(clock.now - timedelta(hours=1), clock.now, fields=("mobile",),
                         actions=(Action.REVEAL.value,))  # fmt: skip
    found = find_affected_customers(vault, OFFICER, incident_id, wanted)
    assert [a.customer_id for a in get_incident(vault, OFFICER, incident_id).affected] == [revealed]
    assert found.customers == 1


def test_a_window_in_the_future_is_refused_and_changes_nothing(
    vault: Vault, clock: FrozenClock
) -> None:
    incident_id = reported(vault, clock.now)
    future = TrailFilter(clock.now - timedelta(hours=1), clock.now + timedelta(hours=1))
    with pytest.raises(InvalidInputError) as caught:
        find_affected_customers(vault, OFFICER, incident_id, future)
    assert caught.value.field == "until"
    view = get_incident(vault, OFFICER, incident_id)
    assert (view.affected, view.trail) == ([], None)
    assert len(events(vault, Action.INCIDENT_MANAGE)) == 1  # the report alone


def test_an_edited_event_is_reported_next_to_the_answer(vault: Vault, clock: FrozenClock) -> None:
    customer = register(vault, OPERATOR)
    get_customer(vault, DESK, customer)
    with vault.database.data_engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_events SET reason = 'edited' WHERE actor = :a"), {"a": DESK.name}
        )
    incident_id = reported(vault, clock.now)
    found = find_affected_customers(vault, OFFICER, incident_id, _window(clock))
    assert found.customers == 1
    assert not found.integrity.is_intact
    assert "changed" in (found.integrity.first_problem or "")


def test_from_a_checkpoint_only_what_was_written_since_is_walked(
    vault: Vault, clock: FrozenClock
) -> None:
    for _ in range(3):
        register(vault, OPERATOR)
    checkpoint = export_checkpoint(vault, OFFICER)
    customer = register(vault, OPERATOR)
    get_customer(vault, DESK, customer)
    incident_id = reported(vault, clock.now)
    found = find_affected_customers(
        vault, OFFICER, incident_id, _window(clock), checkpoint=checkpoint
    )
    whole = find_affected_customers(vault, OFFICER, incident_id, _window(clock))
    assert found.integrity.from_checkpoint
    assert found.integrity.is_intact
    assert 0 < found.integrity.events_checked < whole.integrity.events_checked
    assert found.customers == whole.customers == 1


def test_an_edit_before_the_checkpoint_is_left_to_the_whole_walk(
    vault: Vault, clock: FrozenClock
) -> None:
    register(vault, OPERATOR)
    checkpoint = export_checkpoint(vault, OFFICER)
    incident_id = reported(vault, clock.now)
    with vault.database.data_engine.begin() as connection:
        first = "SELECT min(id) FROM audit_events"
        connection.execute(text(f"UPDATE audit_events SET actor = 'x' WHERE id = ({first})"))  # noqa: S608
    found = find_affected_customers(
        vault, OFFICER, incident_id, _window(clock), checkpoint=checkpoint
    )
    assert found.integrity.is_intact  # the first event lies before the checkpoint
    whole = find_affected_customers(vault, OFFICER, incident_id, _window(clock))
    assert not whole.integrity.is_intact
