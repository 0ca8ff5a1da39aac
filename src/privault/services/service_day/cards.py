"""Issuing a customer information card (restaurant) or a printed service sheet (salon) to the
serving staff of a booking, and taking it back, against one register (seed 003 6.3).

Each issue opens the customer's serving fields under the booking and is audited as the service
of that booking. Issuing after the meal's cutoff is allowed and flagged late; a closed booking,
a walk-in without a record and a recipient who does not serve in the store are refused."""

from __future__ import annotations

from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from privault.domain.bookings import Booking
from privault.domain.cards import (
    DocumentKind,
    RegisterEntry,
    card_number,
    check_return,
    cutoff,
    local_moment,
    parse_quantity,
)
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.serving import ServingView
from privault.domain.staff import StaffStatus
from privault.infra.printing import PrintedFor, customer_card_pdf, service_sheet_pdf
from privault.services.customers.records import existing_customer, masked_identities
from privault.services.service_day.bookings import get_existing_booking
from privault.services.service_day.card_content import SheetTerms, card_of, sheet_of
from privault.services.service_day.card_times import card_times
from privault.services.service_day.serving import open_serving
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

SERVING_ROLE = "service_staff"
CLOSED_BOOKING = "booking {id} is {status} and closed; no card or sheet is issued for it"
WALK_IN = (
    "booking {id} is a walk-in's with no customer record, so there is no card to issue; "
    "register the guest with their consent first"
)
NOT_SERVING = (
    "{to} is not active serving staff of store {store}; "
    "hand it to a server, section head or technician of that store"
)
STILL_OUT = "{card_no} for booking {id} is still out; take it back before issuing another"


@dataclass(frozen=True)
class IssuedCard:
    """The register row, what the document shows, and the printed PDF."""

    entry: RegisterEntry
    salutation: str  # the masked identity, never a full name
    view: ServingView
    zone: str
    pdf: bytes
    left_out_labels: tuple[tuple[str, str], ...] = ()  # (zh, en) of each field held back


def issue_card(
    vault: Vault,
    actor: Actor,
    booking_id: str,
    to: str,
    *,
    quantity: int | str = 1,
    lang: str = "zh",
) -> IssuedCard:
    return _issue(vault, actor, (booking_id, to.strip(), DocumentKind.CARD), quantity, lang)


def issue_sheet(
    vault: Vault, actor: Actor, booking_id: str, to: str, lang: str = "zh"
) -> IssuedCard:
    """The salon's printed service sheet for one appointment, in the same register."""
    return _issue(vault, actor, (booking_id, to.strip(), DocumentKind.SHEET), 1, lang)


def _issue(
    vault: Vault, actor: Actor, what: tuple[str, str, DocumentKind], quantity: int | str, lang: str
) -> IssuedCard:
    booking_id, to, kind = what
    count = parse_quantity(quantity)
    with use_case(vault, actor) as uc:
        booking = get_existing_booking(uc.uow, booking_id, lock=True)
        customer_id = _servable(uc, booking, to)
        view = open_serving(uc, customer_id)
        salutation = _salutation(uc, customer_id)
        entry = _entry(uc, booking, customer_id, to, kind, count)
        zone = uc.vault.opening_hours(uc.uow).zone
        pdf = _printed(uc, entry, booking, view, salutation, lang, zone)
        uc.uow.cards.add(entry)
        late = " late" if entry.is_late else ""
        reason = f"{kind.value} {entry.card_no} issued{late} to {to} (x{count})"
        fields = [item.key for item in view.items]
        uc.record(
            Action.CARD_ISSUE,
            customer_id=customer_id,
            fields=fields,
            purpose=f"service of booking {booking.id}",
            reason=reason,
        )
        held_back = tuple(
            (uc.catalog.fields[k].label_zh, uc.catalog.fields[k].label_en) for k in view.left_out
        )
        uc.commit()
    return IssuedCard(entry, salutation, view, zone, pdf, held_back)


def _servable(uc: UseCase, booking: Booking, to: str) -> str:
    """The booking's customer, once the policy, the booking's state and the recipient allow."""
    customer_id = booking.draft.customer_id
    params = {"id": booking.id, "status": booking.status.value}
    if customer_id is None:
        uc.require(Action.CARD_ISSUE, store=booking.draft.store)
        uc.refuse(Action.CARD_ISSUE, InvalidInputError(WALK_IN, field="booking", params=params))
    row = existing_customer(uc.uow, customer_id)
    uc.require(
        Action.CARD_ISSUE,
        customer_id=customer_id,
        store=booking.draft.store,
        customer_status=row.status,
    )
    if not booking.is_open:
        error = ConflictError(CLOSED_BOOKING, params=params)
        uc.refuse(Action.CARD_ISSUE, error, customer_id=customer_id)
    _check_recipient(uc, to, booking.draft.store)
    return customer_id


def _check_recipient(uc: UseCase, to: str, store: str) -> None:
    found = uc.uow.staff.get(to) if to else None
    member = found.member if found else None
    if (
        member is None
        or member.status is not StaffStatus.ACTIVE
        or SERVING_ROLE not in member.roles
        or store not in member.stores
    ):
        raise InvalidInputError(NOT_SERVING, field="to", params={"to": to, "store": store})


def _salutation(uc: UseCase, customer_id: str) -> str:
    identity = masked_identities(uc, [customer_id]).get(customer_id, {})
    return identity.get("name") or "-"


def _entry(
    uc: UseCase, booking: Booking, customer_id: str, to: str, kind: DocumentKind, count: int
) -> RegisterEntry:
    draft = booking.draft
    out = uc.uow.cards.out_for_booking(booking.id, kind)
    if out is not None:
        raise ConflictError(STILL_OUT, params={"card_no": out.card_no, "id": booking.id})
    zone = uc.vault.opening_hours(uc.uow).zone
    due = cutoff(card_times(uc), draft.service_on, _meal(booking), draft.slot.starts, zone)
    number = card_number(kind, draft.service_on, uc.uow.cards.issued_on(kind, draft.service_on) + 1)
    return RegisterEntry(
        card_no=number,
        kind=kind,
        booking_id=booking.id,
        store=draft.store,
        service_on=draft.service_on,
        meal=_meal(booking),
        room=draft.room if kind is DocumentKind.CARD else draft.technician,
        customer_id=customer_id,
        quantity=count,
        issued_at=uc.now,
        issued_by=uc.actor.name,
        issued_to=to,
        is_late=uc.now > due,
    )


def _meal(booking: Booking) -> str | None:
    meal = booking.draft.slot.meal
    return None if meal is None else meal.value


def _printed(
    uc: UseCase,
    entry: RegisterEntry,
    booking: Booking,
    view: ServingView,
    salutation: str,
    lang: str,
    zone: str,
) -> bytes:
    printed_for = PrintedFor(entry.issued_to, uc.now, ZoneInfo(zone))
    if entry.kind is DocumentKind.CARD:
        card = card_of(view, entry.card_no, booking, salutation, lang=lang)
        return customer_card_pdf(card, printed_for, lang)
    starts = local_moment(booking.draft.service_on, booking.draft.slot.window[0], zone)
    labels = tuple(_field_label(uc, key, lang) for key in view.left_out)
    terms = SheetTerms(entry.card_no, starts, salutation, labels)
    return service_sheet_pdf(sheet_of(view, terms, booking, lang), printed_for, lang)


def _field_label(uc: UseCase, key: str, lang: str) -> str:
    spec = uc.catalog.fields[key]
    return spec.label_zh if lang == "zh" else spec.label_en


@dataclass(frozen=True)
class ReturnedCard:
    entry: RegisterEntry
    zone: str


def return_card(vault: Vault, actor: Actor, card_no: str, quantity: int | str) -> ReturnedCard:
    """A card never issued, or returned before, is refused and nothing changes."""
    count = parse_quantity(quantity)
    number = card_no.strip().upper()
    with use_case(vault, actor) as uc:
        found = uc.uow.cards.get(number, lock=True)
        store = found.store if found else None
        uc.require(Action.CARD_RETURN, store=store)
        try:
            entry = check_return(found, number)
        except (InvalidInputError, ConflictError) as error:
            uc.refuse(Action.CARD_RETURN, error, customer_id=found.customer_id if found else None)
        uc.uow.cards.mark_returned(number, uc.now, actor.name, count)
        short = f" ({count} of {entry.quantity})" if count != entry.quantity else ""
        reason = f"{entry.kind.value} {number} of booking {entry.booking_id} returned{short}"
        uc.record(Action.CARD_RETURN, customer_id=entry.customer_id, reason=reason)
        zone = uc.vault.opening_hours(uc.uow).zone
        uc.commit()
    back = replace(entry, returned_at=uc.now, returned_by=actor.name, returned_quantity=count)
    return ReturnedCard(back, zone)
