"""The home page's worklist: today's bookings and arrivals, cards out, requests nearly due or
overdue, open alerts and exports awaiting approval, each only for a role that works on it, in the
shop's today and within the actor's stores; counts only."""

from __future__ import annotations

from datetime import timedelta

from privault.domain.policy import Actor
from privault.services.audit.alerts import list_alerts
from privault.services.audit.worklist import WorkItem, show_worklist
from privault.services.customers.records import get_customer
from privault.services.exports.workflow import request_export
from privault.services.requests.handling import open_request
from privault.services.service_day.bookings import BookingRequest, arrive, book, cancel_booking
from privault.services.vault import Vault
from tests.conftest import START, FrozenClock
from tests.factories import register

TODAY = "2026-11-23"  # the frozen clock's day in Asia/Shanghai
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
EAST_DESK = Actor("desk.east", frozenset({"front_desk"}), frozenset({"east"}))
OFFICER = Actor("po", frozenset({"privacy_officer"}))
MANAGER = Actor("boss", frozenset({"store_manager"}), frozenset({"main"}))


def _counts(vault: Vault, actor: Actor) -> dict[str, int]:
    return {item.label: item.count for item in show_worklist(vault, actor).items}


def _book(vault: Vault, room: str, day: str = TODAY) -> str:
    request = BookingRequest(date=day, meal="dinner", room=room, party_size=4, salutation="王先生")
    return book(vault, DESK, request).id


def test_bookings_today_count_the_expected_and_the_arrived_within_the_desks_stores(
    vault: Vault,
) -> None:
    arrived = _book(vault, "牡丹厅")
    _book(vault, "芍药厅")
    cancel_booking(vault, DESK, _book(vault, "兰花厅"))
    _book(vault, "菊花厅", day="2026-11-24")  # tomorrow: not today's work
    arrive(vault, DESK, arrived)

    mine = _counts(vault, DESK)
    assert (mine["Bookings today"], mine["Arrived so far"]) == (2, 1)
    east = _counts(vault, EAST_DESK)
    assert (east["Bookings today"], east["Arrived so far"]) == (0, 0)


def test_the_officer_sees_overdue_requests_open_alerts_and_waiting_exports_first(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    assert _counts(vault, OFFICER) == {
        "Requests overdue": 0,
        "Requests nearly due": 0,
        "Alerts to acknowledge": 0,
        "Exports awaiting approval": 0,
    }
    customer = register(vault, operator)
    open_request(vault, operator, customer, "access", "store")
    request_export(vault, MANAGER, ["name"], purpose="membership")
    clock.now = START.replace(hour=15)  # 23:00 in Shanghai: an off-hours access
    get_customer(vault, DESK, customer)
    clock.now = START + timedelta(days=40)  # past every legal deadline of the request

    items = show_worklist(vault, OFFICER).items
    assert [(i.label, i.count, i.is_urgent) for i in items] == [
        ("Requests overdue", 1, True),
        ("Alerts to acknowledge", len(list_alerts(vault, OFFICER)), True),
        ("Exports awaiting approval", 1, True),
        ("Requests nearly due", 0, False),
    ]
    assert WorkItem("Requests overdue", 1, "/requests", True) in items


def test_a_role_gets_only_the_work_of_its_areas(vault: Vault) -> None:
    technician = Actor("tech.main", frozenset({"service_staff"}), frozenset({"main"}))
    assert set(_counts(vault, technician)) == {"On your list today"}
    assert "Requests overdue" not in _counts(vault, DESK)
    assert _counts(vault, Actor("auditor", frozenset({"auditor"}))).keys() == {
        "Alerts to acknowledge"
    }
