"""Alerts raised by access (off hours, bulk, reveal rate) and sign-ins, listed and acknowledged
by the privacy officer."""

from __future__ import annotations

from datetime import timedelta

import pytest

from privault.db.alerts import AlertRow
from privault.db.inspection import table_counts
from privault.domain.alerts import BULK_CUSTOMERS
from privault.domain.errors import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.alerts import ack_alert, list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import find_customers, get_customer, reveal_field
from privault.services.staff.sessions import sign_in
from privault.services.vault import Vault
from tests.conftest import START, FrozenClock
from tests.factories import enrolled_staff, register

OFFICER = Actor("po", frozenset({"privacy_officer"}))
AUDITOR = Actor("checker", frozenset({"auditor"}))
DESK = Actor("li.na", frozenset({"front_desk"}))
LATE = START.replace(hour=15)  # 23:30 in Shanghai, after the default closing at 22:00


def _open(vault: Vault) -> list[AlertRow]:
    return list_alerts(vault, OFFICER)


def _kinds(vault: Vault) -> list[tuple[str, str]]:
    return sorted((a.kind, a.staff_name) for a in list_alerts(vault, OFFICER, include_acked=True))


def test_no_alert_for_access_within_opening_hours(vault: Vault) -> None:
    customer_id = register(vault, DESK)
    get_customer(vault, DESK, customer_id)
    reveal_field(vault, DESK, customer_id, "mobile", "service")
    assert _open(vault) == []


def test_access_after_closing_raises_one_off_hours_alert_per_night(
    vault: Vault, clock: FrozenClock
) -> None:
    customer_id = register(vault, DESK)
    clock.now = LATE
    get_customer(vault, DESK, customer_id)
    clock.advance(minutes=20)
    get_customer(vault, DESK, customer_id)
    reveal_field(vault, DESK, customer_id, "mobile", "service")
    clock.now = START + timedelta(days=1)  # the officer reads them the next morning
    [alert] = _open(vault)
    assert (alert.kind, alert.staff_name, alert.at) == ("off_hours", "li.na", LATE)
    assert alert.detail == (
        "accessed customer data outside opening hours (08:00-22:00) on 2026-11-23"
    )
    clock.now = LATE + timedelta(days=1)
    get_customer(vault, DESK, customer_id)
    clock.now = START + timedelta(days=2)
    assert [a.detail[-10:] for a in _open(vault)] == ["2026-11-24", "2026-11-23"]


def test_a_refused_access_after_closing_raises_no_off_hours_alert(
    vault: Vault, clock: FrozenClock
) -> None:
    customer_id = register(vault, DESK)
    clock.now = LATE
    with pytest.raises(PolicyDeniedError):
        get_customer(vault, Actor("ad", frozenset({"marketing"})), customer_id)
    clock.now = START + timedelta(days=1)
    assert _open(vault) == []


def test_signing_in_after_closing_raises_an_off_hours_alert(
    vault: Vault, clock: FrozenClock
) -> None:
    created = enrolled_staff(vault, Actor("boss", frozenset({"admin"})), "li.na", ["front_desk"])
    clock.now = LATE
    sign_in(vault, "li.na", created.password)
    clock.now = START + timedelta(days=1)
    assert _kinds(vault) == [("off_hours", "li.na")]


def test_opening_more_than_fifty_customers_in_an_hour_raises_one_bulk_alert(
    vault: Vault, clock: FrozenClock
) -> None:
    customers = [register(vault, DESK) for _ in range(52)]
    for customer_id in customers[:50]:
        get_customer(vault, DESK, customer_id)
        clock.advance(seconds=30)
    assert _open(vault) == []
    get_customer(vault, DESK, customers[50])
    [alert] = _open(vault)
    assert (alert.kind, alert.staff_name) == ("bulk_access", "li.na")
    assert alert.detail == "opened 51 customers' records within an hour (threshold 50)"
    get_customer(vault, DESK, customers[51])
    assert len(_open(vault)) == 1


def test_opening_the_same_customer_again_does_not_count_towards_bulk_access(
    vault: Vault, clock: FrozenClock
) -> None:
    customers = [register(vault, DESK) for _ in range(50)]
    for customer_id in customers:
        get_customer(vault, DESK, customer_id)
    for customer_id in customers[:5]:
        get_customer(vault, DESK, customer_id)
        reveal_field(vault, DESK, customer_id, "mobile", "service")
    assert _open(vault) == []


def test_opens_older_than_an_hour_do_not_count_towards_bulk_access(
    vault: Vault, clock: FrozenClock
) -> None:
    customers = [register(vault, DESK) for _ in range(51)]
    for customer_id in customers[:25]:
        get_customer(vault, DESK, customer_id)
    clock.advance(hours=1, seconds=1)
    for customer_id in customers[25:]:
        get_customer(vault, DESK, customer_id)
    assert _open(vault) == []


def test_reveals_beyond_the_role_limit_are_refused_and_alert_once(
    vault: Vault, clock: FrozenClock
) -> None:
    customer_id = register(vault, DESK)
    for _ in range(30):
        reveal_field(vault, DESK, customer_id, "mobile", "service")
    assert _open(vault) == []
    before = table_counts(vault.database)
    with pytest.raises(PolicyDeniedError) as refused:
        reveal_field(vault, DESK, customer_id, "mobile", "service")
    assert "reached the limit of 30 reveals an hour" in refused.value.message
    assert "privacy officer has been alerted" in refused.value.message
    changed = {t: n - before[t] for t, n in table_counts(vault.database).items() if n != before[t]}
    assert changed == {"audit_events": 1, "alerts": 1}
    [alert] = _open(vault)
    assert (alert.kind, alert.staff_name) == ("reveal_rate", "li.na")
    assert "more than 30" in alert.detail

    clock.advance(minutes=10)
    with pytest.raises(PolicyDeniedError):
        reveal_field(vault, DESK, customer_id, "mobile", "service")
    assert len(_open(vault)) == 1
    clock.advance(hours=1)
    assert reveal_field(vault, DESK, customer_id, "mobile", "service")


def test_three_failed_sign_ins_raise_an_alert_for_the_officer(vault: Vault) -> None:
    created = enrolled_staff(vault, Actor("boss", frozenset({"admin"})), "li.na", ["front_desk"])
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            sign_in(vault, "li.na", created.password + "!")
    [alert] = _open(vault)
    assert (alert.kind, alert.staff_name) == ("failed_sign_ins", "li.na")
    assert alert.detail == "3 failed sign-ins in a row (not locked yet)"


def test_sign_ins_to_an_unknown_account_raise_no_alert(vault: Vault) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            sign_in(vault, "zhao.liu", "some long password")
    assert _open(vault) == []


def _raise_failed_sign_ins(vault: Vault) -> AlertRow:
    created = enrolled_staff(vault, Actor("boss", frozenset({"admin"})), "li.na", ["front_desk"])
    for _ in range(3):
        with pytest.raises(AuthenticationError):
            sign_in(vault, "li.na", created.password + "!")
    [alert] = _open(vault)
    return alert


def test_an_alert_is_acknowledged_with_a_note_and_leaves_the_open_list(
    vault: Vault, clock: FrozenClock
) -> None:
    alert = _raise_failed_sign_ins(vault)
    clock.advance(minutes=7)
    acked = ack_alert(vault, OFFICER, alert.id, "  called li.na:   she forgot  the new password ")
    assert (acked.id, acked.acked_by, acked.acked_at) == (alert.id, "po", clock.now)
    assert acked.note == "called li.na: she forgot the new password"
    assert _open(vault) == []
    [stored] = list_alerts(vault, OFFICER, include_acked=True)
    assert stored == acked
    events = list_audit_events(vault, AUDITOR, limit=1000)
    assert ("po", "allowed", f"alert {alert.id}") in [
        (e.actor, e.outcome.value, e.reason) for e in events if e.action == Action.ALERT_ACK
    ]


@pytest.mark.parametrize(("note", "why"), [(" \n ", "say what was checked"), ("x" * 501, "500")])
def test_an_acknowledgement_needs_a_note(vault: Vault, note: str, why: str) -> None:
    alert = _raise_failed_sign_ins(vault)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        ack_alert(vault, OFFICER, alert.id, note)
    assert refused.value.field == "note"
    assert why in refused.value.reason
    assert table_counts(vault.database) == before
    assert _open(vault) == [alert]


def test_an_alert_is_acknowledged_only_once(vault: Vault, clock: FrozenClock) -> None:
    alert = _raise_failed_sign_ins(vault)
    ack_alert(vault, OFFICER, alert.id, "called li.na")
    clock.advance(hours=1)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        ack_alert(vault, Actor("po2", frozenset({"privacy_officer"})), alert.id, "again")
    assert refused.value.field == "alert"
    assert refused.value.reason == "acknowledged already by po at 2026-11-23 09:30"
    assert table_counts(vault.database) == before
    [stored] = list_alerts(vault, OFFICER, include_acked=True)
    assert (stored.acked_by, stored.note) == ("po", "called li.na")


def test_acknowledging_an_unknown_alert_is_refused(vault: Vault) -> None:
    with pytest.raises(NotFoundError, match="no alert 999"):
        ack_alert(vault, OFFICER, 999, "checked")


def test_auditors_read_alerts_but_only_officers_acknowledge_them(vault: Vault) -> None:
    alert = _raise_failed_sign_ins(vault)
    assert [a.id for a in list_alerts(vault, AUDITOR)] == [alert.id]
    for actor in (AUDITOR, DESK, Actor("boss", frozenset({"admin"}))):
        with pytest.raises(PolicyDeniedError, match=r"may not alert\.ack"):
            ack_alert(vault, actor, alert.id, "checked")
    with pytest.raises(PolicyDeniedError, match=r"may not alert\.read"):
        list_alerts(vault, DESK)
    assert _open(vault) == [alert]


def test_one_search_that_opens_many_customers_alerts_at_once(vault: Vault, operator: Actor) -> None:
    """The search writes its customers' events first, then the bulk rule counts them."""
    for i in range(BULK_CUSTOMERS + 1):
        register(vault, operator, {"name": "同尾号", "mobile": f"138{i:04d}5678"})
    seeker = Actor("desk.zhou", frozenset({"front_desk"}))
    found = find_customers(vault, seeker, "mobile_tail", "5678", limit=BULK_CUSTOMERS + 1)
    assert len(found.customers) == BULK_CUSTOMERS + 1
    kinds = [a.kind for a in list_alerts(vault, operator) if a.staff_name == seeker.name]
    assert kinds == ["bulk_access"]
