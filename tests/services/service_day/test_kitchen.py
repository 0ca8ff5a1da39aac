"""The kitchen ticket: the room, the party and the restriction, never the guest's name; a
restriction stated for one meal without the separate consent stays on the booking only and is
deleted when the booking closes. And the salon's service sheet in the same register."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.cards import DocumentKind
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import get_customer
from privault.services.service_day.bookings import BookingRequest, arrive, book, close_booking
from privault.services.service_day.card_register import list_register
from privault.services.service_day.cards import issue_sheet
from privault.services.service_day.kitchen import kitchen_ticket, state_meal_restriction
from privault.services.vault import Vault
from tests.factories import register, unique_mobile
from tests.infra.printing.poppler import text
from tests.services.service_day.cards_setup import DAY, DESK, GUEST, add_server, booked_dinner

WITHOUT_CARE = {k: v for k, v in GUEST.items() if k != "dietary_restrictions"}


@pytest.fixture
def industry() -> str:
    return "restaurant"


def test_a_consented_restriction_reaches_the_kitchen_with_the_room_never_the_name(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer, booking = booked_dinner(vault, operator)
    ticket = kitchen_ticket(vault, DESK, booking)
    assert (ticket.room, ticket.party_size, ticket.restriction) == ("牡丹厅", 6, "不吃花生")
    printed = text(ticket.pdf, tmp_path)
    assert "不吃花生" in printed
    assert "牡丹厅" in printed
    assert "张" not in printed
    [event] = [e for e in list_audit_events(vault, operator) if e.action == Action.CARD_ISSUE]
    assert (event.customer_id, event.purpose) == (customer, f"service of booking {booking}")


def test_a_restriction_for_this_meal_only_stays_on_the_booking_and_goes_when_it_closes(
    vault: Vault, operator: Actor
) -> None:
    customer, booking = booked_dinner(vault, operator, WITHOUT_CARE, ("service",))
    with pytest.raises(InvalidInputError, match="no dietary restriction the kitchen may see"):
        kitchen_ticket(vault, DESK, booking)
    state_meal_restriction(vault, DESK, booking, "  不吃海鲜 ")

    assert kitchen_ticket(vault, DESK, booking).restriction == "不吃海鲜"
    assert "dietary_restrictions" not in get_customer(vault, operator, customer).fields
    assert table_counts(vault.database)["meal_restrictions"] == 1
    close_booking(vault, DESK, arrive(vault, DESK, booking).id)
    assert table_counts(vault.database)["meal_restrictions"] == 0
    with pytest.raises(ConflictError, match="closed; the kitchen gets nothing more"):
        kitchen_ticket(vault, DESK, booking)


def test_a_walk_in_may_state_a_restriction_and_a_blank_one_is_refused(
    vault: Vault, operator: Actor
) -> None:
    request = BookingRequest(date=DAY, meal="lunch", room="兰厅", salutation="王先生", party_size=2)
    walk_in = book(vault, DESK, request).id
    with pytest.raises(InvalidInputError) as blank:
        state_meal_restriction(vault, DESK, walk_in, "  ")
    assert blank.value.field == "restriction"
    state_meal_restriction(vault, DESK, walk_in, "素食")
    ticket = kitchen_ticket(vault, DESK, walk_in, lang="en")
    assert (ticket.room, ticket.restriction) == ("兰厅", "素食")


@pytest.mark.parametrize("industry", ["salon"])
def test_a_salons_printed_service_sheet_is_issued_in_the_same_register(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    values = {
        "name": "欧阳娜娜",
        "mobile": unique_mobile(),
        "hair_type": "dry",
        "allergies": "染发剂",
    }
    customer = register(vault, operator, values, ("service", "sensitive_care"))
    add_server(vault, "tech.zhou")
    request = BookingRequest(
        date=DAY, starts="10:00", ends="11:00", technician="tech.zhou", customer_id=customer
    )
    booking = book(vault, DESK, request).id
    issued = issue_sheet(vault, DESK, booking, "tech.zhou")

    assert (issued.entry.kind, issued.entry.card_no) == (DocumentKind.SHEET, "S20261124-001")
    printed = text(issued.pdf, tmp_path)
    assert "染发剂" in printed
    assert "2026-11-2410:00Asia/Shanghai" in printed
    [line] = list_register(vault, DESK, "main", DAY).lines
    assert (line.entry.room, line.entry.issued_to) == ("tech.zhou", "tech.zhou")
