"""The kitchen's side of a booking: a dietary restriction reaches it as a ticket with the room
and the party, never the guest's name. A guest without the separate consent may still state a
restriction for this meal: it is sealed on the booking only, never copied into their record,
and deleted when the booking closes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from privault.domain.bookings import Booking
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.transactions import short_text
from privault.infra.printing import KitchenTicket, PrintedFor, kitchen_ticket_pdf
from privault.services.service_day.bookings import get_existing_booking
from privault.services.service_day.serving import open_serving
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

MAX_RESTRICTION = 200
DIETARY = ("dietary_restrictions", "allergies")
CLOSED = "booking {id} is {status} and closed; the kitchen gets nothing more for it"
NOTHING_STATED = (
    "booking {id} has no dietary restriction the kitchen may see: none consented on the "
    "customer's record and none stated for this meal"
)


def _context(booking_id: str) -> str:
    return f"meal-restriction:{booking_id}"


def state_meal_restriction(vault: Vault, actor: Actor, booking_id: str, restriction: str) -> None:
    """Kept for this meal only, whatever the guest's consents: the guest said it to be served."""
    text = short_text(restriction, "restriction", MAX_RESTRICTION)
    if text is None:
        raise InvalidInputError("say what the guest cannot eat", field="restriction")
    with use_case(vault, actor) as uc:
        booking = _open_booking(uc, booking_id, Action.BOOKING_MANAGE)
        sealed = vault.meal_secrets().seal(text, _context(booking.id))
        uc.uow.cards.put_restriction(booking.id, sealed, uc.now, actor.name)
        reason = f"booking {booking.id}: a dietary restriction stated for this meal only"
        uc.record(Action.BOOKING_MANAGE, customer_id=booking.draft.customer_id, reason=reason)
        uc.commit()


@dataclass(frozen=True)
class PrintedTicket:
    ticket_no: str
    room: str
    party_size: int
    restriction: str
    pdf: bytes


def kitchen_ticket(
    vault: Vault, actor: Actor, booking_id: str, *, lang: str = "zh"
) -> PrintedTicket:
    """The customer's consented restriction, else the one stated for this meal; the ticket
    itself has no field that could carry a name."""
    with use_case(vault, actor) as uc:
        booking = _open_booking(uc, booking_id, Action.CARD_ISSUE)
        restriction, fields = _restriction(uc, booking)
        ticket = KitchenTicket(
            ticket_no=f"K{booking.draft.service_on:%Y%m%d}-{secrets.token_hex(3).upper()}",
            room=booking.draft.room or booking.draft.technician or "-",
            party_size=booking.draft.party_size,
            restriction=restriction,
        )
        zone = ZoneInfo(uc.vault.opening_hours(uc.uow).zone)
        pdf = kitchen_ticket_pdf(ticket, PrintedFor("kitchen", uc.now, zone), lang)
        uc.record(
            Action.CARD_ISSUE,
            customer_id=booking.draft.customer_id,
            fields=fields,
            purpose=f"service of booking {booking.id}",
            reason=f"kitchen ticket {ticket.ticket_no} for booking {booking.id}",
        )
        uc.commit()
    return PrintedTicket(ticket.ticket_no, ticket.room, ticket.party_size, restriction, pdf)


def _open_booking(uc: UseCase, booking_id: str, action: Action) -> Booking:
    booking = get_existing_booking(uc.uow, booking_id, lock=True)
    who = booking.draft.customer_id
    uc.require(action, customer_id=who, store=booking.draft.store)
    if not booking.is_open:
        params = {"id": booking.id, "status": booking.status.value}
        uc.refuse(action, ConflictError(CLOSED, params=params), customer_id=who)
    return booking


def _restriction(uc: UseCase, booking: Booking) -> tuple[str, list[str]]:
    if booking.draft.customer_id is not None:
        view = open_serving(uc, booking.draft.customer_id)
        consented = [item for item in view.items if item.key in DIETARY]
        if consented:
            return " ".join(item.value for item in consented), [i.key for i in consented]
    sealed = uc.uow.cards.restriction(booking.id)
    if sealed is None:
        raise InvalidInputError(NOTHING_STATED, field="booking", params={"id": booking.id})
    return uc.vault.meal_secrets().open(sealed, _context(booking.id)), []
