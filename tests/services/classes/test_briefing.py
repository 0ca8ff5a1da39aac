"""The staff briefing: a serving staff member sees the class of the guests of their own open
bookings of today, nobody else's; each class shown is audited as that booking's briefing."""

from __future__ import annotations

import pytest

from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.classes.briefing import class_briefing
from privault.services.classes.computing import compute_classes
from privault.services.classes.important import mark_important_guest
from privault.services.service_day.bookings import BookingRequest, book, cancel_booking
from privault.services.vault import Vault
from tests.factories import enrolled_staff, register
from tests.services.classes.scenes import MANAGER, MARKETING, PROFILED
from tests.web.conftest import ADMIN

TODAY = "2026-11-23"  # the frozen clock's day in Asia/Shanghai
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
TECH = Actor("tech.li", frozenset({"service_staff"}), frozenset({"main"}))


def _book(vault: Vault, customer_id: str, technician: str, starts: str) -> str:
    request = BookingRequest(
        customer_id=customer_id,
        services=["染发"],
        date=TODAY,
        starts=starts,
        ends=f"{int(starts[:2]) + 1}:00",
        technician=technician,
    )
    return book(vault, DESK, request).id


@pytest.mark.legal("PIPL Art. 24")
def test_serving_staff_see_the_class_of_their_own_bookings_only_and_it_is_audited(
    vault: Vault, operator: Actor
) -> None:
    enrolled_staff(vault, ADMIN, TECH.name, ["service_staff"], ["main"])
    guest, plain, other = (register(vault, operator, purposes=PROFILED) for _ in range(3))
    unprofiled = register(vault, operator)
    mark_important_guest(vault, MANAGER, guest, "区政府接待")
    compute_classes(vault, operator, "2026Q4")
    mine = _book(vault, guest, TECH.name, "10:00")
    _book(vault, plain, TECH.name, "12:00")
    _book(vault, unprofiled, TECH.name, "14:00")
    _book(vault, other, "tech.zhao", "10:00")
    cancelled = _book(vault, other, TECH.name, "16:00")
    cancel_booking(vault, DESK, cancelled)

    briefing = class_briefing(vault, TECH)

    shown = {
        e.booking.draft.customer_id: e.customer_class and e.customer_class.value
        for e in briefing.entries
    }
    assert shown == {guest: "A", plain: "D", unprofiled: None}
    assert (briefing.quarter, briefing.zone) == ("2026Q4", "Asia/Shanghai")
    events = [
        e
        for e in list_audit_events(vault, operator, limit=50)
        if e.action == Action.CLASSES_BRIEFING.value and e.customer_id
    ]
    assert {e.customer_id for e in events} == {guest, plain}
    assert f"booking {mine}" in {e.purpose for e in events}


def test_marketing_gets_no_briefing(vault: Vault) -> None:
    with pytest.raises(PolicyDeniedError):
        class_briefing(vault, MARKETING)
