"""Bookings (预约/订餐): book a registered customer or a walk-in, check in, serve, close, and a
store's day view by room or technician.

Every booking carries a salutation, the name the desk's own lists show: a walk-in is booked under
one only (registering them is the customer registration's job, with its notice and consent, after
which `link_customer` names them on the booking); a registered customer's is the one given at
booking, else their masked name as the booking desk saw it. So the day view of a busy store opens
no customer record (the booking is its own data): only a booking older than that rule (no
salutation) opens its customer's masked identity, audited per customer."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from privault.db.unit_of_work import UnitOfWork
from privault.domain.bookings import (
    CLOSED,
    MAX_SALUTATION,
    Booking,
    BookingDraft,
    BookingStatus,
    check_free,
    check_move,
    parse_day,
    parse_party_size,
    parse_salutation,
    parse_service_on,
    parse_services,
    parse_slot,
    parse_source,
    parse_status,
)
from privault.domain.contact_freshness import is_stale
from privault.domain.errors import ConflictError, InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.transactions import parse_store, short_text
from privault.services.customers.contact import fresh_days, stale_among
from privault.services.customers.records import existing_customer, masked_identities
from privault.services.free_text.rule import screen_note
from privault.services.service_day.form_values import adopt_values
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

MAX_NAME = 64
ENDINGS = frozenset({BookingStatus.CANCELLED, BookingStatus.NO_SHOW})


@dataclass(frozen=True)
class BookingRequest:
    """A booking as typed at the desk, the CLI or the API; parsed by `book`."""

    date: str
    meal: str | None = None
    starts: str | None = None
    ends: str | None = None
    customer_id: str | None = None
    salutation: str | None = None  # how the guest is named (a walk-in's only name)
    store: str | None = None  # default: the customer's store, else the main one
    room: str | None = None
    technician: str | None = None
    party_size: int | str = 1
    services: Sequence[str] = ()
    source: str | None = None  # desk (default), phone, api


def book(vault: Vault, actor: Actor, request: BookingRequest) -> Booking:
    """A room/table or technician taken by another open booking at that time is refused, and
    the refusal audited."""
    with use_case(vault, actor) as uc:
        draft = _draft(uc, request)
        _require(uc, draft)
        try:
            check_free(draft, uc.uow.bookings.open_holding(draft))
        except InvalidInputError as error:
            uc.refuse(Action.BOOKING_MANAGE, error, customer_id=draft.customer_id)
        draft, shown = _named(uc, draft)
        booking_id = str(uuid.uuid4())
        uc.uow.bookings.add(booking_id, draft, uc.now, actor.name)
        when = f"{draft.store} {draft.service_on} {draft.slot.label}"
        reason = f"booking {booking_id} booked ({when}, {draft.source.value})"
        uc.record(Action.BOOKING_MANAGE, customer_id=draft.customer_id, fields=shown, reason=reason)
        booked = flagged(uc, _existing(uc.uow, booking_id))
        uc.commit()
    return booked


def arrive(vault: Vault, actor: Actor, booking_id: str) -> Booking:
    return _move(vault, actor, booking_id, BookingStatus.ARRIVED)


def start_service(vault: Vault, actor: Actor, booking_id: str) -> Booking:
    return _move(vault, actor, booking_id, BookingStatus.IN_SERVICE)


def close_booking(vault: Vault, actor: Actor, booking_id: str) -> Booking:
    return _move(vault, actor, booking_id, BookingStatus.DONE)


def mark_no_show(vault: Vault, actor: Actor, booking_id: str) -> Booking:
    return _move(vault, actor, booking_id, BookingStatus.NO_SHOW)


def cancel_booking(vault: Vault, actor: Actor, booking_id: str) -> Booking:
    return _move(vault, actor, booking_id, BookingStatus.CANCELLED)


def move_booking(vault: Vault, actor: Actor, booking_id: str, to: str) -> Booking:
    """A status move named by its status (the API's one door); booked is where a booking
    starts, so moving to it is refused like any illegal move."""
    return _move(vault, actor, booking_id, parse_status(to))


def get_booking(vault: Vault, actor: Actor, booking_id: str) -> Booking:
    with use_case(vault, actor) as uc:
        booking = _existing(uc.uow, booking_id)
        uc.require(
            Action.BOOKING_READ, customer_id=booking.draft.customer_id, store=booking.draft.store
        )
        reason = f"booking {booking_id} read"
        uc.record(Action.BOOKING_READ, customer_id=booking.draft.customer_id, reason=reason)
        booking = flagged(uc, booking)
        uc.commit()
    return booking


@dataclass(frozen=True)
class DayEntry:
    """One booking of the day view, its guest by the booking's salutation; `identity`: the
    masked identity of a customer whose older booking has none."""

    booking: Booking
    identity: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DayView:
    store: str
    day: date
    zone: str  # the shop's time zone, which every slot is in
    by: str  # room or technician
    groups: dict[str, list[DayEntry]]  # "" holds the bookings with neither


GROUPINGS = ("room", "technician")


def day_view(vault: Vault, actor: Actor, store: str, day: str, by: str = "room") -> DayView:
    """Each customer shown is audited with the fields shown under the day view's reason."""
    if by not in GROUPINGS:
        raise InvalidInputError("group by room or technician", field="by")
    on = parse_day(day)
    with use_case(vault, actor) as uc:
        view = read_day(uc, parse_store(store) or uc.vault.settings.default_store, on, by)
        uc.commit()
    return view


def read_day(uc: UseCase, where: str, on: date, by: str = "room") -> DayView:
    """Inside the caller's use case (the card register page's one read), audited as above."""
    uc.require(Action.BOOKING_READ, store=where)
    found = flag_dated(uc, uc.uow.bookings.of_day_dated(where, on))
    unnamed = sorted({b.draft.customer_id or "" for b in found if not b.draft.salutation})
    identities = masked_identities(uc, [c for c in unnamed if c])
    reason = f"day view of {where} on {on} ({len(found)} bookings)"
    uc.record_all(
        [Entry(Action.BOOKING_READ, reason=reason)]
        + [Entry(Action.BOOKING_READ, c, shown, reason=reason) for c, shown in identities.items()]
    )
    zone = uc.vault.opening_hours(uc.uow).zone
    entries = [DayEntry(b, identities.get(b.draft.customer_id or "", {})) for b in found]
    return DayView(where, on, zone, by, _grouped(entries, by))


def _grouped(entries: list[DayEntry], by: str) -> dict[str, list[DayEntry]]:
    groups: dict[str, list[DayEntry]] = {}
    for entry in sorted(entries, key=lambda e: e.booking.draft.slot.window):
        key = getattr(entry.booking.draft, by) or ""
        groups.setdefault(key, []).append(entry)
    return dict(sorted(groups.items()))


def link_customer(vault: Vault, actor: Actor, booking_id: str, customer_id: str) -> Booking:
    """An open walk-in's booking names the customer once registered; the salutation stays
    as the desk's name for them."""
    with use_case(vault, actor) as uc:
        booking = _existing(uc.uow, booking_id, lock=True)
        row = existing_customer(uc.uow, customer_id.strip())
        linked = replace(booking.draft, customer_id=row.id)
        _require(uc, linked)
        if not (booking.is_open and booking.is_walk_in):
            error = ConflictError(
                "booking {id} is {status} or names a customer already; only an open walk-in's "
                "booking is linked to a registered customer",
                params={"id": booking_id, "status": booking.status.value},
            )
            uc.refuse(Action.BOOKING_MANAGE, error, customer_id=linked.customer_id)
        uc.uow.bookings.link_customer(booking_id, row.id)
        adopt_values(uc, booking_id, row.id)
        reason = f"booking {booking_id} walk-in registered and linked"
        uc.record(Action.BOOKING_MANAGE, customer_id=linked.customer_id, reason=reason)
        done = flagged(uc, _existing(uc.uow, booking_id))
        uc.commit()
    return done


def _move(vault: Vault, actor: Actor, booking_id: str, to: BookingStatus) -> Booking:
    """A closed booking is never reopened; an illegal move is refused and audited."""
    with use_case(vault, actor) as uc:
        booking = _existing(uc.uow, booking_id, lock=True)
        who = booking.draft.customer_id
        _require(uc, booking.draft, ending=to in ENDINGS)
        try:
            check_move(booking, to)
        except ConflictError as error:
            uc.refuse(Action.BOOKING_MANAGE, error, customer_id=who)
        uc.uow.bookings.move(booking_id, to, uc.now)
        if to in CLOSED:
            # A restriction stated for this meal only ends with it (never kept on the record).
            uc.uow.cards.forget_restriction(booking_id)
        reason = f"booking {booking_id} {booking.status.value} -> {to.value}"
        uc.record(Action.BOOKING_MANAGE, customer_id=who, reason=reason)
        moved = flagged(uc, _existing(uc.uow, booking_id))
        uc.commit()
    return moved


def _named(uc: UseCase, draft: BookingDraft) -> tuple[BookingDraft, list[str]]:
    """A registered customer booked without a salutation is named by their masked name, as
    far as the desk's roles reach (the fields opened, for the audit event)."""
    if draft.salutation or draft.customer_id is None:
        return draft, []
    identity = masked_identities(uc, [draft.customer_id]).get(draft.customer_id, {})
    name = identity.get("name")
    return replace(draft, salutation=name[:MAX_SALUTATION] if name else None), sorted(identity)


def _require(uc: UseCase, draft: BookingDraft, *, ending: bool = False) -> None:
    """The booking's store, and the customer's own store and status: a restricted customer is
    stored, not booked or served. Ending a booking (`ending`: cancel, no-show) ends the data's
    use, so it stays possible for a restricted or erased customer's booking."""
    row = uc.uow.customers.get(draft.customer_id) if draft.customer_id else None
    stores = dict.fromkeys((draft.store, row.store if row else draft.store))
    for store in stores:
        uc.require(
            Action.BOOKING_MANAGE,
            customer_id=draft.customer_id,
            store=store,
            customer_status=None if ending or row is None else row.status,
        )


def _draft(uc: UseCase, request: BookingRequest) -> BookingDraft:
    customer_id = short_text(request.customer_id, "customer_id", 36)
    salutation = (
        short_text(request.salutation, "salutation", MAX_SALUTATION)
        if customer_id
        else parse_salutation(request.salutation)
    )
    if salutation:  # 王先生, never 王先生 13812345678
        salutation = screen_note(uc.vault, salutation, field="salutation")
    row = existing_customer(uc.uow, customer_id) if customer_id else None
    store = parse_store(request.store) or (row.store if row else None)
    today = uc.vault.opening_hours(uc.uow).local_date(uc.now)
    return BookingDraft(
        store=store or uc.vault.settings.default_store,
        service_on=parse_service_on(request.date, date.fromisoformat(today)),
        slot=parse_slot(request.meal, request.starts, request.ends),
        party_size=parse_party_size(request.party_size),
        source=parse_source(request.source),
        customer_id=customer_id,
        salutation=salutation,
        room=short_text(request.room, "room", MAX_NAME),
        technician=short_text(request.technician, "technician", MAX_NAME),
        services=parse_services(request.services),
    )


def get_existing_booking(uow: UnitOfWork, booking_id: str, *, lock: bool = False) -> Booking:
    """For the service day's other use cases, inside their own policy check."""
    return _existing(uow, booking_id, lock=lock)


def _existing(uow: UnitOfWork, booking_id: str, *, lock: bool = False) -> Booking:
    found = uow.bookings.get(booking_id.strip(), lock=lock)
    if found is None:
        raise NotFoundError("no booking with id {id}", params={"id": booking_id})
    return found


def flagged(uc: UseCase, booking: Booking) -> Booking:
    return flag_all(uc, [booking])[0]


def flag_dated(uc: UseCase, dated: list[tuple[Booking, datetime | None]]) -> list[Booking]:
    """As `flag_all`, with each customer's confirmation read along with the bookings."""
    days = fresh_days(uc)
    return [
        replace(b, needs_contact_confirmation=True)
        if b.is_open and at is not None and is_stale(at, uc.now, days)
        else b
        for b, at in dated
    ]


def flag_all(uc: UseCase, found: list[Booking]) -> list[Booking]:
    """An open booking of a customer whose contact data is stale prompts the desk to confirm
    it with them (issue 17): a flag, no value."""
    stale = stale_among(uc, [b.draft.customer_id for b in found if b.is_open])
    return [
        replace(b, needs_contact_confirmation=True)
        if b.is_open and b.draft.customer_id in stale
        else b
        for b in found
    ]
