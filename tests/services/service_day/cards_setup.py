"""Shared set-up of the card tests: a restaurant, a server of the main store, a booked dinner."""

from __future__ import annotations

from privault.domain.policy import Actor
from privault.services.service_day.bookings import BookingRequest, book
from privault.services.vault import Vault
from tests.factories import enrolled_staff, register, unique_mobile

DAY = "2026-11-24"  # the day after the frozen clock's (Asia/Shanghai); dinner cutoff 09:00 UTC
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
ADMIN = Actor("it.admin", frozenset({"admin"}))
SERVER = "server.li"
GUEST = {
    "name": "张三丰",
    "mobile": "13812345678",
    "favourite_dishes": "清蒸鲈鱼",
    "seating": "靠窗",
    "dietary_restrictions": "不吃花生",
}
CARE = ("service", "sensitive_care")


def add_server(
    vault: Vault, name: str = SERVER, roles: tuple[str, ...] = ("service_staff",)
) -> str:
    enrolled_staff(vault, ADMIN, name, roles, ["main"])
    return name


def booked_dinner(
    vault: Vault,
    operator: Actor,
    values: dict[str, str] | None = None,
    purposes: tuple[str, ...] = CARE,
    room: str = "牡丹厅",
) -> tuple[str, str]:
    """A registered guest's dinner: (customer id, booking id)."""
    chosen = (values or GUEST) | {"mobile": unique_mobile()}
    customer = register(vault, operator, chosen, purposes)
    request = BookingRequest(date=DAY, meal="dinner", room=room, party_size=6, customer_id=customer)
    return customer, book(vault, DESK, request).id


def issued_dinner(vault: Vault, operator: Actor) -> tuple[str, str]:
    """A booked dinner whose card is out with the server: (booking id, card number)."""
    from privault.services.service_day.cards import issue_card

    _, booking = booked_dinner(vault, operator)
    add_server(vault)
    return booking, issue_card(vault, DESK, booking, SERVER).entry.card_no
