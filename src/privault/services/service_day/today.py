"""Today's list for serving staff (issue 15, point 3) and the service sheet of one booking
(point 5): the bookings of today (the shop's calendar) assigned to the staff member, as their
technician or through a room of their sections, each with its guest's masked identity and the
catalog's serving fields. No search and no typed purpose: the booking is the purpose, and each
opening is audited as "service of booking X". Access ends when the booking closes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from privault.domain.bookings import Booking
from privault.domain.errors import ConflictError, NotFoundError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.domain.sections import is_assigned, rooms_of
from privault.domain.serving import ServingView
from privault.services.service_day.bookings import flag_all, flag_dated
from privault.services.service_day.serving import Guest, open_guests
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

LAST_SERVICES = 3
NOT_ASSIGNED = (
    "booking {id} is not assigned to {name}; serving staff open only today's bookings they "
    "serve (as technician or in a room of their sections)"
)
CLOSED = (
    "booking {id} is {status} and closed; its service has ended, and with it the access to "
    "its guest's data"
)
NOT_TODAY = "booking {id} is on {day}, not today ({today}); it opens on its day"
NOTHING = ServingView((), ())


@dataclass(frozen=True)
class TodayEntry:
    """One booking: the guest by salutation (a walk-in) or masked identity, never contact."""

    booking: Booking
    identity: dict[str, str]
    serving: ServingView

    @property
    def opened(self) -> list[str]:
        """The customer's fields shown, for the audit event."""
        return sorted(self.identity) + [item.key for item in self.serving.items]


@dataclass(frozen=True)
class TodayList:
    staff: str
    day: date
    zone: str  # the shop's time zone, which every slot is in
    entries: list[TodayEntry] = field(default_factory=list)


@dataclass(frozen=True)
class ServiceSheet:
    """The salon's service sheet on screen: the serving fields and the last services."""

    entry: TodayEntry
    day: date
    zone: str
    last_services: tuple[str, ...]  # items of the customer's last visits, newest first


def today_list(vault: Vault, actor: Actor) -> TodayList:
    """Only open bookings: a closed one has left the list, and its data with it."""
    with use_case(vault, actor) as uc:
        uc.require(Action.SERVICE_TODAY)
        day, zone = _today(uc)
        rooms = rooms_of(actor.name, uc.vault.sections(uc.uow))
        found = flag_dated(uc, uc.uow.bookings.served_by_dated(day, actor.name, rooms))
        mine = [b for b in found if b.is_open and _in_stores(actor, b)]
        entries = _entries(uc, mine)
        uc.record_all(
            [Entry(Action.SERVICE_TODAY, reason=f"today's list ({len(entries)} bookings)")]
            + [_opening(e) for e in entries]
        )
        uc.commit()
    return TodayList(actor.name, day, zone, entries)


def open_booking(vault: Vault, actor: Actor, booking_id: str) -> ServiceSheet:
    """One booking's details; refused (and audited) when it is not theirs, not today's or
    closed."""
    with use_case(vault, actor) as uc:
        booking = _booking(uc, booking_id)
        who = booking.draft.customer_id
        row = uc.uow.customers.get(who) if who else None
        uc.require(
            Action.SERVICE_TODAY,
            customer_id=who,
            store=booking.draft.store,
            customer_status=row.status if row else None,
        )
        day, zone = _today(uc)
        _check_open(uc, booking, day)
        (entry,) = _entries(uc, flag_all(uc, [booking]))
        last = _last_services(uc, who) if row else ()
        uc.record_all([_opening(entry)])
        uc.commit()
    return ServiceSheet(entry, day, zone, last)


def serving_booking(uc: UseCase, customer_id: str) -> Booking | None:
    """The actor's open booking of today with this customer (as technician or in a room of
    their sections): the one way serving staff reach a customer outside today's list."""
    day, _ = _today(uc)
    rooms = rooms_of(uc.actor.name, uc.vault.sections(uc.uow))
    found = uc.uow.bookings.of_day_served_by(day, uc.actor.name, rooms)
    mine = (b for b in found if b.is_open and _in_stores(uc.actor, b))
    return next((b for b in mine if b.draft.customer_id == customer_id), None)


def _check_open(uc: UseCase, booking: Booking, day: date) -> None:
    who, name = booking.draft.customer_id, uc.actor.name
    rooms = rooms_of(name, uc.vault.sections(uc.uow))
    if not is_assigned(booking, name, rooms):
        error: PolicyDeniedError | ConflictError = PolicyDeniedError(
            NOT_ASSIGNED, params={"id": booking.id, "name": name}
        )
        uc.refuse(Action.SERVICE_TODAY, error, customer_id=who)
    if not booking.is_open:
        error = ConflictError(CLOSED, params={"id": booking.id, "status": booking.status.value})
        uc.refuse(Action.SERVICE_TODAY, error, customer_id=who)
    if booking.draft.service_on != day:
        params = {"id": booking.id, "day": booking.draft.service_on.isoformat(), "today": day}
        uc.refuse(Action.SERVICE_TODAY, ConflictError(NOT_TODAY, params=params), customer_id=who)


def _opening(entry: TodayEntry) -> Entry:
    booking = entry.booking
    return Entry(
        Action.SERVICE_TODAY,
        booking.draft.customer_id,
        entry.opened if booking.draft.customer_id else (),
        purpose=f"booking {booking.id}",
        reason=f"service of booking {booking.id}",
    )


def _entries(uc: UseCase, bookings: list[Booking]) -> list[TodayEntry]:
    """All the list's guests opened in one read (see `open_guests`)."""
    guests = open_guests(uc, sorted({b.draft.customer_id or "" for b in bookings} - {""}))
    return [_entry(b, guests) for b in bookings]


def _entry(booking: Booking, guests: dict[str, Guest]) -> TodayEntry:
    """A walk-in is their salutation; a restricted or erased customer opens nothing."""
    who = booking.draft.customer_id
    if who is None:
        return TodayEntry(booking, {"salutation": booking.draft.salutation or ""}, NOTHING)
    guest = guests.get(who)
    return (
        TodayEntry(booking, guest.identity, guest.serving)
        if guest
        else TodayEntry(booking, {}, NOTHING)
    )


def _last_services(uc: UseCase, customer_id: str | None) -> tuple[str, ...]:
    visits = uc.uow.transactions.for_customer(customer_id) if customer_id else []
    items = [t.item for t in reversed(visits) if t.item]
    return tuple(items[:LAST_SERVICES])


def _booking(uc: UseCase, booking_id: str) -> Booking:
    found = uc.uow.bookings.get(booking_id.strip())
    if found is None:
        raise NotFoundError("no booking with id {id}", params={"id": booking_id})
    return found


def _in_stores(actor: Actor, booking: Booking) -> bool:
    return not actor.stores or booking.draft.store in actor.stores


def _today(uc: UseCase) -> tuple[date, str]:
    hours = uc.vault.opening_hours(uc.uow)
    return date.fromisoformat(hours.local_date(uc.now)), hours.zone


def shop_today(vault: Vault, actor: Actor) -> tuple[date, str]:
    """Today in the shop's calendar and its time zone, for a page's default day (no data)."""
    with use_case(vault, actor, read_only=True) as uc:
        return _today(uc)
