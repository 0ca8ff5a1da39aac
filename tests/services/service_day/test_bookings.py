"""Bookings: a room, table or technician is never held twice at once, statuses move one way and
a closed booking is never reopened, a walk-in carries only a salutation, the day view shows
masked identities, every step and every refusal is audited, and staff work in their stores."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import update

from privault.db.inspection import table_counts
from privault.db.tables import bookings
from privault.domain.audit import AuditEvent, Outcome
from privault.domain.bookings import Booking, BookingStatus
from privault.domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.customers.restriction import restrict_customer
from privault.services.service_day.bookings import (
    BookingRequest,
    arrive,
    book,
    cancel_booking,
    close_booking,
    day_view,
    link_customer,
    mark_no_show,
    start_service,
)
from privault.services.vault import Vault
from tests.factories import register

DAY = "2026-11-24"  # the day after the frozen clock's (Asia/Shanghai)
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
EAST_DESK = Actor("desk.east", frozenset({"front_desk"}), frozenset({"east"}))
Step = Callable[[Vault, Actor, str], Booking]
TECHNICIAN = Actor("tech.main", frozenset({"service_staff"}), frozenset({"main"}))


def dinner(room: str = "牡丹厅", **terms: str) -> BookingRequest:
    return BookingRequest(date=DAY, meal="dinner", room=room, party_size=6, **terms)


def slot(technician: str, starts: str, ends: str, **terms: str) -> BookingRequest:
    return BookingRequest(date=DAY, starts=starts, ends=ends, technician=technician, **terms)


def walk_in(request: BookingRequest) -> BookingRequest:
    return replace(request, salutation="王先生")


def events(vault: Vault, operator: Actor, action: Action) -> list[AuditEvent]:
    return [e for e in list_audit_events(vault, operator, limit=500) if e.action == action]


def test_every_step_of_a_booking_is_audited_with_the_booking_id(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    booked = book(vault, DESK, dinner(customer_id=customer_id))
    assert (booked.status, booked.draft.store, booked.draft.customer_id) == (
        BookingStatus.BOOKED,
        "main",
        customer_id,
    )
    arrived = arrive(vault, DESK, booked.id)
    serving = start_service(vault, DESK, booked.id)
    done = close_booking(vault, DESK, booked.id)

    assert (arrived.status, serving.status, done.status) == (
        BookingStatus.ARRIVED,
        BookingStatus.IN_SERVICE,
        BookingStatus.DONE,
    )
    assert None not in (done.arrived_at, done.started_at, done.closed_at)
    trail = list_audit_events(vault, operator, customer_id=customer_id)
    steps = [e.reason for e in reversed(trail) if e.action == Action.BOOKING_MANAGE]
    assert steps == [
        f"booking {booked.id} booked (main {DAY} dinner, desk)",
        f"booking {booked.id} booked -> arrived",
        f"booking {booked.id} arrived -> in_service",
        f"booking {booked.id} in_service -> done",
    ]
    assert {e.actor for e in trail if e.action == Action.BOOKING_MANAGE} == {DESK.name}


def test_a_room_taken_by_an_open_booking_at_that_time_is_refused_and_the_refusal_audited(
    vault: Vault, operator: Actor
) -> None:
    first = book(vault, DESK, walk_in(dinner()))
    before = table_counts(vault.database)["bookings"]

    with pytest.raises(InvalidInputError, match="room: 牡丹厅 is taken by booking") as refused:
        book(vault, DESK, walk_in(dinner()))
    with pytest.raises(InvalidInputError, match="room: "):
        book(
            vault,
            DESK,
            walk_in(BookingRequest(date=DAY, starts="20:00", ends="22:00", room="牡丹厅")),
        )

    assert refused.value.field == "room"
    assert first.id in refused.value.message
    assert table_counts(vault.database)["bookings"] == before
    denied = [
        e for e in events(vault, operator, Action.BOOKING_MANAGE) if e.outcome == Outcome.DENIED
    ]
    assert len(denied) == 2
    assert first.id in (denied[0].reason or "")
    # Another meal, another room or another store is free; a cancelled booking frees its room.
    book(vault, DESK, walk_in(BookingRequest(date=DAY, meal="lunch", room="牡丹厅")))
    book(vault, DESK, walk_in(dinner("芙蓉厅")))
    book(vault, operator, walk_in(dinner(store="east")))
    cancel_booking(vault, DESK, first.id)
    assert book(vault, DESK, walk_in(dinner())).draft.room == "牡丹厅"


def test_a_technician_is_never_booked_in_two_overlapping_slots(
    vault: Vault, operator: Actor
) -> None:
    book(vault, DESK, walk_in(slot("李技师", "14:00", "15:00")))
    with pytest.raises(InvalidInputError, match="technician: 李技师 is booked") as refused:
        book(vault, DESK, walk_in(slot("李技师", "14:30", "15:30")))
    assert refused.value.field == "technician"
    back_to_back = book(vault, DESK, walk_in(slot("李技师", "15:00", "16:00")))
    assert back_to_back.draft.slot.label == "15:00-16:00"
    assert book(vault, DESK, walk_in(slot("周技师", "14:30", "15:30"))).draft.technician == "周技师"


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        ((), start_service, "booking {id} is booked; it cannot go to in_service"),
        ((), close_booking, "booking {id} is booked; it cannot go to done"),
        ((arrive,), mark_no_show, "booking {id} is arrived; it cannot go to no_show"),
        ((arrive, start_service), cancel_booking, "it cannot go to cancelled"),
    ],
)
def test_an_illegal_move_is_refused_audited_and_changes_nothing(
    vault: Vault,
    operator: Actor,
    first: tuple[Step, ...],
    then: Step,
    expected: str,
) -> None:
    booking = book(vault, DESK, walk_in(dinner()))
    for step in first:
        booking = step(vault, DESK, booking.id)
    with pytest.raises(ConflictError) as refused:
        then(vault, DESK, booking.id)
    assert expected.format(id=booking.id) in refused.value.message
    denied = [
        e for e in events(vault, operator, Action.BOOKING_MANAGE) if e.outcome == Outcome.DENIED
    ]
    assert [e.reason for e in denied] == [refused.value.message]
    unchanged = day_view(vault, DESK, "main", DAY).groups["牡丹厅"][0].booking
    assert unchanged == booking


@pytest.mark.parametrize("closing", [close_booking, mark_no_show, cancel_booking])
def test_a_closed_booking_is_never_reopened(vault: Vault, operator: Actor, closing: Step) -> None:
    booking = book(vault, DESK, walk_in(dinner()))
    if closing is close_booking:
        arrive(vault, DESK, booking.id)
    closed = closing(vault, DESK, booking.id)
    for step in (arrive, start_service, close_booking, cancel_booking, mark_no_show):
        with pytest.raises(ConflictError, match="a closed booking is never reopened"):
            step(vault, DESK, booking.id)
    shown = day_view(vault, DESK, "main", DAY).groups["牡丹厅"][0].booking
    assert shown.status == closed.status
    assert shown.closed_at == closed.closed_at
    denied = [
        e for e in events(vault, operator, Action.BOOKING_MANAGE) if e.outcome == Outcome.DENIED
    ]
    assert len(denied) == 5
    assert all(booking.id in (e.reason or "") for e in denied)


def test_a_walk_in_carries_a_salutation_until_registered_and_linked_and_keeps_it(
    vault: Vault, operator: Actor
) -> None:
    booking = book(vault, DESK, walk_in(dinner()))
    assert (booking.draft.customer_id, booking.draft.salutation) == (None, "王先生")
    assert booking.is_walk_in

    customer_id = register(vault, DESK)  # the registration service, with its notice and consent
    linked = link_customer(vault, DESK, booking.id, customer_id)

    assert (linked.draft.customer_id, linked.draft.salutation) == (customer_id, "王先生")
    with pytest.raises(ConflictError, match="only an open walk-in's booking"):
        link_customer(vault, DESK, booking.id, customer_id)
    shown = day_view(vault, DESK, "main", DAY).groups["牡丹厅"][0]
    assert (shown.identity, shown.booking.draft.salutation) == ({}, "王先生")


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (dinner(), "salutation: a walk-in needs a salutation"),
        (
            dinner(salutation="王" * 33, customer_id="x"),
            "salutation: at most 32 characters",
        ),
        (BookingRequest(date=DAY, salutation="王先生"), "meal: give a meal"),
        (
            BookingRequest(date=DAY, meal="brunch", salutation="王"),
            "meal: unknown meal; use one of lunch, dinner",
        ),
        (
            BookingRequest(date=DAY, meal="lunch", starts="12:00", salutation="王"),
            "meal: give a meal or",
        ),
        (
            BookingRequest(date=DAY, starts="15:00", ends="14:00", salutation="王"),
            "ends: must be after",
        ),
        (
            BookingRequest(date=DAY, starts="9am", ends="10:00", salutation="王"),
            "starts: write the time as HH:MM",
        ),
        (
            BookingRequest(date="24/11/2026", meal="lunch", salutation="王"),
            "date: write the date as YYYY-MM-DD",
        ),
        (
            BookingRequest(date="2026-11-22", meal="lunch", salutation="王"),
            "date: 2026-11-22 is in the past",
        ),
        (
            BookingRequest(date=DAY, meal="lunch", salutation="王", party_size=0),
            "party_size: a whole number",
        ),
        (
            BookingRequest(date=DAY, meal="lunch", salutation="王", source="fax"),
            "source: unknown source",
        ),
        (
            BookingRequest(date=DAY, meal="lunch", salutation="王", room="a\x07"),
            "room: must not contain",
        ),
        (
            BookingRequest(date=DAY, meal="lunch", salutation="王", services=["x"] * 11),
            "services: at most 10",
        ),
    ],
)
def test_a_booking_with_bad_input_names_the_field_and_writes_nothing(
    vault: Vault, request_: BookingRequest, message: str
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message):
        book(vault, DESK, request_)
    assert table_counts(vault.database) == before


def test_staff_work_only_on_bookings_of_their_stores_and_refusals_are_audited(
    vault: Vault, operator: Actor
) -> None:
    booking = book(vault, DESK, walk_in(dinner()))
    for attempt in (
        lambda: book(vault, EAST_DESK, walk_in(dinner("菊花厅"))),
        lambda: arrive(vault, EAST_DESK, booking.id),
        lambda: day_view(vault, EAST_DESK, "main", DAY),
    ):
        with pytest.raises(PolicyDeniedError, match=r"store main is outside desk\.east's stores"):
            attempt()
    for attempt in (
        lambda: arrive(vault, TECHNICIAN, booking.id),
        lambda: day_view(vault, TECHNICIAN, "main", DAY),
    ):
        with pytest.raises(PolicyDeniedError, match="role service_staff may not booking"):
            attempt()
    trail = list_audit_events(vault, operator, limit=500)
    denied = {(e.actor, e.action) for e in trail if e.outcome == Outcome.DENIED}
    assert denied == {
        ("desk.east", Action.BOOKING_MANAGE),
        ("desk.east", Action.BOOKING_READ),
        ("tech.main", Action.BOOKING_MANAGE),
        ("tech.main", Action.BOOKING_READ),
    }
    assert day_view(vault, EAST_DESK, "east", DAY).groups == {}


def test_the_day_view_groups_by_room_or_technician_by_the_bookings_salutations(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    evening = book(vault, DESK, dinner(customer_id=customer_id))
    noon = book(vault, DESK, walk_in(BookingRequest(date=DAY, meal="lunch", room="芙蓉厅")))
    hair = book(vault, DESK, walk_in(slot("李技师", "10:00", "11:00")))

    by_room = day_view(vault, DESK, "main", DAY)
    by_technician = day_view(vault, DESK, "main", DAY, by="technician")

    assert (by_room.zone, by_room.by) == ("Asia/Shanghai", "room")
    assert {k: [e.booking.id for e in v] for k, v in by_room.groups.items()} == {
        "": [hair.id],
        "牡丹厅": [evening.id],
        "芙蓉厅": [noon.id],
    }
    # Booked without a salutation, the customer is named by their masked name as the desk saw
    # it then; the day view shows the booking's own salutation and opens no record.
    assert evening.draft.salutation == "张*丰"
    assert by_room.groups["牡丹厅"][0].identity == {}
    assert by_room.groups["芙蓉厅"][0].booking.draft.salutation == "王先生"
    assert list(by_technician.groups) == ["", "李技师"]
    assert [e.booking.id for e in by_technician.groups[""]] == [noon.id, evening.id]
    seen = list_audit_events(vault, operator, customer_id=customer_id)
    assert [(e.action, e.fields) for e in seen if e.action.startswith("booking.")] == [
        (Action.BOOKING_MANAGE, ("name",))
    ]
    listings = [e for e in list_audit_events(vault, operator) if e.action == Action.BOOKING_READ]
    assert [(e.customer_id, e.reason) for e in listings] == [
        (None, f"day view of main on {DAY} (3 bookings)")
    ] * 2


def test_an_older_booking_without_salutation_shows_the_masked_identity_audited_per_customer(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    booked = book(vault, DESK, dinner(customer_id=customer_id, salutation="张先生"))
    with vault.database.data_engine.begin() as connection:  # as booked before salutations
        connection.execute(
            update(bookings).where(bookings.c.id == booked.id).values(salutation=None)
        )

    shown = day_view(vault, DESK, "main", DAY).groups["牡丹厅"][0]

    assert (shown.identity, shown.booking.draft.salutation) == ({"name": "张*丰"}, None)
    reads = [
        (e.fields, e.reason)
        for e in list_audit_events(vault, operator, customer_id=customer_id)
        if e.action == Action.BOOKING_READ
    ]
    assert reads == [(("name",), f"day view of main on {DAY} (1 bookings)")]


def test_a_restricted_customer_is_not_booked_nor_served_but_their_booking_can_be_cancelled(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    booking = book(vault, DESK, dinner(customer_id=customer_id))
    restrict_customer(vault, operator, customer_id, reason="legal hold blocks the erasure")

    with pytest.raises(PolicyDeniedError, match="processing is restricted"):
        book(vault, DESK, dinner("芙蓉厅", customer_id=customer_id))
    with pytest.raises(PolicyDeniedError, match="processing is restricted"):
        arrive(vault, DESK, booking.id)
    assert cancel_booking(vault, DESK, booking.id).status == BookingStatus.CANCELLED
    assert day_view(vault, DESK, "main", DAY).groups["牡丹厅"][0].identity == {}


def test_an_erased_customers_booking_is_still_ended_and_shows_no_identity(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    booking = book(vault, DESK, dinner(customer_id=customer_id))
    erase_customer(vault, operator, customer_id, reason="the customer asked")

    assert mark_no_show(vault, DESK, booking.id).status == BookingStatus.NO_SHOW
    shown = day_view(vault, DESK, "main", DAY).groups["牡丹厅"][0]
    assert booking.draft.salutation == "张*丰"  # the desk's name for them went with them
    assert (shown.booking.draft.customer_id, shown.identity) == (customer_id, {})
    assert shown.booking.draft.salutation is None
    with pytest.raises(NotFoundError, match="was erased"):
        book(vault, DESK, dinner("芙蓉厅", customer_id=customer_id))
