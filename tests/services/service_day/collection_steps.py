"""Shared steps of the collection-form tests: a restaurant's booked customer, a submitted form."""

from __future__ import annotations

from privault.domain.audit import AuditEvent
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.service_day.bookings import BookingRequest, book
from privault.services.service_day.collection import add_items, submit_form
from privault.services.vault import Vault
from tests.factories import register, unique_mobile

DAY = "2026-11-24"  # the day after the frozen clock's (Asia/Shanghai)
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
SERVER = Actor("server.main", frozenset({"service_staff"}), frozenset({"main"}))
MANAGER = Actor("marketing.manager", frozenset({"marketing_manager"}), frozenset({"main"}))
GUEST_NAME = "欧阳娜娜"


def booked_customer(
    vault: Vault, operator: Actor, purposes: tuple[str, ...] = ("service",), room: str = "牡丹厅"
) -> tuple[str, str]:
    """A registered guest's dinner booking: (booking id, customer id)."""
    customer = register(vault, operator, {"name": GUEST_NAME, "mobile": unique_mobile()}, purposes)
    booking = book(
        vault, DESK, BookingRequest(date=DAY, meal="dinner", room=room, customer_id=customer)
    )
    return booking.id, customer


def submitted(vault: Vault, booking: str, items: list[str], entry: str = "device") -> str:
    form = add_items(vault, SERVER, booking, items, entry=entry)
    submit_form(vault, SERVER, form.id)
    return form.id


def audit_events(vault: Vault, operator: Actor, action: Action) -> list[AuditEvent]:
    return [e for e in list_audit_events(vault, operator, limit=500) if e.action == action]
