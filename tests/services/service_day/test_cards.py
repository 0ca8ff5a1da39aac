"""Customer information cards: issued to serving staff of the store before the meal's cutoff
(late ones flagged), audited as the service of the booking, returned against the register,
refused for closed bookings, walk-ins and cards never issued, with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.cards import CardState
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.service_day.bookings import BookingRequest, book, close_booking
from privault.services.service_day.card_register import list_register
from privault.services.service_day.card_times import set_card_times
from privault.services.service_day.cards import issue_card, return_card
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.infra.printing.poppler import text
from tests.services.service_day.cards_setup import (
    ADMIN,
    DAY,
    DESK,
    SERVER,
    add_server,
    booked_dinner,
    issued_dinner,
)

GUEST_WORDS = ("清蒸鲈鱼", "不吃花生", "C20261124-001", "139", "张三丰")


@pytest.fixture
def industry() -> str:
    return "restaurant"


def test_a_card_issued_before_the_cutoff_is_registered_and_audited_as_the_service_of_the_booking(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer, booking = booked_dinner(vault, operator)
    add_server(vault)
    issued = issue_card(vault, DESK, booking, SERVER, quantity=2)

    entry = issued.entry
    assert (entry.card_no, entry.is_late, entry.quantity) == ("C20261124-001", False, 2)
    assert (entry.issued_by, entry.issued_to, entry.room) == ("desk.main", SERVER, "牡丹厅")
    printed = text(issued.pdf, tmp_path)
    assert {"清蒸鲈鱼", "不吃花生", "C20261124-001"} <= {w for w in GUEST_WORDS if w in printed}
    assert not {"139", "张三丰"} & {w for w in GUEST_WORDS if w in printed}
    [event] = [e for e in list_audit_events(vault, operator) if e.action == Action.CARD_ISSUE]
    assert (event.customer_id, event.purpose) == (customer, f"service of booking {booking}")
    assert "dietary_restrictions" in event.fields

    [line] = list_register(vault, DESK, "main", DAY).lines
    assert line.identity == {"name": "张*丰"}
    assert line.entry.state is CardState.OUT


def test_a_returned_card_shows_both_moves_in_the_register(vault: Vault, operator: Actor) -> None:
    _, booking = booked_dinner(vault, operator)
    add_server(vault)
    card_no = issue_card(vault, DESK, booking, SERVER).entry.card_no
    returned = return_card(vault, DESK, card_no.lower(), quantity=1)
    assert (returned.entry.returned_by, returned.entry.returned_quantity) == ("desk.main", 1)

    [line] = list_register(vault, DESK, "main", DAY).lines
    assert line.entry.state is CardState.RETURNED
    assert (line.entry.issued_to, line.entry.returned_by) == (SERVER, "desk.main")
    returns = [e for e in list_audit_events(vault, operator) if e.action == Action.CARD_RETURN]
    assert [e.reason for e in returns] == [f"card {card_no} of booking {booking} returned"]


def test_a_card_issued_after_the_meals_cutoff_is_allowed_and_flagged_late(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    _, booking = booked_dinner(vault, operator)
    add_server(vault)
    clock.advance(hours=24)  # 17:30 in Shanghai on the day, past the 17:00 cutoff
    assert issue_card(vault, DESK, booking, SERVER).entry.is_late


def test_the_cutoffs_are_installation_settings(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    _, booking = booked_dinner(vault, operator)
    add_server(vault)
    set_card_times(vault, ADMIN, "lunch=11:00 dinner=18:00 closing=23:30")
    clock.advance(hours=24)
    assert not issue_card(vault, DESK, booking, SERVER).entry.is_late
    with pytest.raises(InvalidInputError) as refused:
        set_card_times(vault, ADMIN, "dinner at six")
    assert refused.value.field == "card_times"


def _refusals(vault: Vault, operator: Actor) -> int:
    return sum(e.outcome == Outcome.DENIED for e in list_audit_events(vault, operator, limit=500))


def test_no_card_for_a_closed_booking_a_walk_in_or_someone_not_serving_the_store(
    vault: Vault, operator: Actor
) -> None:
    _, closed = booked_dinner(vault, operator)
    add_server(vault)
    add_server(vault, "cook.wu", ("front_desk",))
    close_booking(vault, DESK, book_arrived(vault, closed))
    walk_in = book(
        vault, DESK, BookingRequest(date=DAY, meal="dinner", room="兰厅", salutation="王先生")
    )
    _, open_booking = booked_dinner(vault, operator, room="竹厅")
    before, denied = table_counts(vault.database), _refusals(vault, operator)

    with pytest.raises(ConflictError, match="is done and closed; no card or sheet is issued"):
        issue_card(vault, DESK, closed, SERVER)
    with pytest.raises(InvalidInputError, match="walk-in's with no customer record"):
        issue_card(vault, DESK, walk_in.id, SERVER)
    with pytest.raises(
        InvalidInputError, match=r"cook\.wu is not active serving staff of store main"
    ):
        issue_card(vault, DESK, open_booking, "cook.wu")
    assert table_counts(vault.database)["card_register"] == before["card_register"] == 0
    assert _refusals(vault, operator) == denied + 2  # the closed booking and the walk-in


def book_arrived(vault: Vault, booking_id: str) -> str:
    from privault.services.service_day.bookings import arrive

    return arrive(vault, DESK, booking_id).id


def test_a_return_of_a_card_never_issued_or_returned_twice_is_refused_and_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    _, card_no = issued_dinner(vault, operator)
    with pytest.raises(InvalidInputError, match="no card or sheet numbered C20261124-999") as never:
        return_card(vault, DESK, "C20261124-999", quantity=1)
    assert never.value.field == "card_no"
    return_card(vault, DESK, card_no, quantity=1)
    before = list_register(vault, DESK, "main", DAY).lines[0].entry

    with pytest.raises(ConflictError, match=f"{card_no} was returned already; nothing"):
        return_card(vault, DESK, card_no, quantity=1)
    assert list_register(vault, DESK, "main", DAY).lines[0].entry == before
    with pytest.raises(InvalidInputError, match="from 1 to 20") as bad:
        return_card(vault, DESK, card_no, quantity="none")
    assert bad.value.field == "quantity"


def test_a_second_card_for_a_booking_waits_for_the_first_to_come_back(
    vault: Vault, operator: Actor
) -> None:
    booking, first = issued_dinner(vault, operator)
    with pytest.raises(ConflictError, match=f"{first} for booking .* is still out"):
        issue_card(vault, DESK, booking, SERVER)
    return_card(vault, DESK, first, quantity=1)
    assert issue_card(vault, DESK, booking, SERVER).entry.card_no == "C20261124-002"
