"""Customer information cards and salon service sheets (客户信息卡, 领取、回收登记表): when a meal's
cards are due, what a register row says, and which returns are legal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from privault.domain.alerts import CARD_DETAIL, Alert, AlertKind
from privault.domain.errors import ConflictError, InvalidInputError


class DocumentKind(StrEnum):
    CARD = "card"  # the restaurant's card for a booked room
    SHEET = "sheet"  # the salon's printed service sheet for one appointment


class CardState(StrEnum):
    OUT = "out"
    RETURNED = "returned"
    RECALLED = "recalled"  # the customer was erased while the card was out: fetch it back


@dataclass(frozen=True)
class CardTimes:
    """The meals' cutoffs and the closing time, in the shop's local time."""

    lunch: time
    dinner: time
    closing: time

    def as_text(self) -> str:
        return f"lunch={self.lunch:%H:%M} dinner={self.dinner:%H:%M} closing={self.closing:%H:%M}"


DEFAULT_CARD_TIMES = "lunch=11:30 dinner=17:00 closing=22:00"
_TIMES = re.compile(r"^lunch=(\d{2}:\d{2}) dinner=(\d{2}:\d{2}) closing=(\d{2}:\d{2})$")
MAX_QUANTITY = 20
PREFIX = {DocumentKind.CARD: "C", DocumentKind.SHEET: "S"}


def parse_card_times(text: str) -> CardTimes:
    match = _TIMES.match(" ".join(text.split()))
    if not match:
        raise InvalidInputError(
            "write the card times as lunch=HH:MM dinner=HH:MM closing=HH:MM, e.g. {example}",
            field="card_times",
            params={"example": DEFAULT_CARD_TIMES},
        )
    try:
        lunch, dinner, closing = (time.fromisoformat(part) for part in match.groups())
    except ValueError:
        raise InvalidInputError(
            "not a time of day; use HH:MM from 00:00 to 23:59", field="card_times"
        ) from None
    return CardTimes(lunch, dinner, closing)


def local_moment(on: date, at: time, zone: str) -> datetime:
    return datetime.combine(on, at, tzinfo=ZoneInfo(zone))


def cutoff(
    times: CardTimes, on: date, meal: str | None, starts: time | None, zone: str
) -> datetime:
    """A meal's cards are due by its cutoff; a salon appointment's sheet by its start."""
    if meal is not None:
        return local_moment(on, times.lunch if meal == "lunch" else times.dinner, zone)
    return local_moment(on, starts or time.min, zone)


def closing(times: CardTimes, on: date, zone: str) -> datetime:
    """A closing time before noon is after midnight: the next morning of the service day."""
    moment = local_moment(on, times.closing, zone)
    return moment + timedelta(days=1) if times.closing < time(12) else moment


def parse_quantity(value: int | str, field: str = "quantity") -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_QUANTITY:
        raise InvalidInputError(
            "give a whole number from 1 to {limit}", field=field, params={"limit": MAX_QUANTITY}
        )
    return number


def card_number(kind: DocumentKind, on: date, sequence: int) -> str:
    """Short enough to read aloud at the desk and write on the paper register."""
    return f"{PREFIX[kind]}{on:%Y%m%d}-{sequence:03d}"


@dataclass(frozen=True)
class RegisterEntry:
    """One line of the issue and return register; names the customer by id only."""

    card_no: str
    kind: DocumentKind
    booking_id: str
    store: str
    service_on: date
    meal: str | None
    room: str | None  # the room or table; a salon sheet's technician
    customer_id: str | None  # gone once the customer is erased
    quantity: int
    issued_at: datetime
    issued_by: str
    issued_to: str
    is_late: bool
    returned_at: datetime | None = None
    returned_by: str | None = None
    returned_quantity: int | None = None
    recalled_at: datetime | None = None
    destruction_id: int | None = None  # the paper-destruction entry of its shredding

    @property
    def state(self) -> CardState:
        if self.returned_at is not None:
            return CardState.RETURNED
        return CardState.RECALLED if self.recalled_at is not None else CardState.OUT

    @property
    def is_out(self) -> bool:
        return self.returned_at is None


NEVER_ISSUED = "no card or sheet numbered {card_no} was issued; check the number on the card"
RETURNED_ALREADY = "{card_no} was returned already; nothing was changed"
SHRED_NOT_RETURNED = "{card_no} is not returned yet; only returned cards are shredded"
SHRED_ALREADY = "{card_no} was shredded already (paper destruction {destruction_id})"


def check_return(entry: RegisterEntry | None, card_no: str) -> RegisterEntry:
    """A card never issued, or returned before, is refused."""
    if entry is None:
        raise InvalidInputError(NEVER_ISSUED, field="card_no", params={"card_no": card_no})
    if entry.returned_at is not None:
        raise ConflictError(RETURNED_ALREADY, params={"card_no": card_no})
    return entry


def check_shred(entry: RegisterEntry | None, card_no: str) -> RegisterEntry:
    if entry is None:
        raise InvalidInputError(NEVER_ISSUED, field="card_no", params={"card_no": card_no})
    if entry.returned_at is None:
        raise ConflictError(SHRED_NOT_RETURNED, params={"card_no": card_no})
    if entry.destruction_id is not None:
        raise ConflictError(
            SHRED_ALREADY, params={"card_no": card_no, "destruction_id": entry.destruction_id}
        )
    return entry


# Where each serving field goes on the printed card (infra/printing CardItem values); a field
# the card has no slot for is a preference.
CARD_SLOTS = {
    "favourite_dishes": "dishes_and_drinks",
    "favourite_drinks": "dishes_and_drinks",
    "seating": "seating",
    "dietary_restrictions": "dietary",
    "allergies": "dietary",
}
PREFERENCES = "preferences"


def card_slot(field_key: str) -> str:
    return CARD_SLOTS.get(field_key, PREFERENCES)


def unreturned_alert(entry: RegisterEntry, closing_text: str) -> Alert:
    """For the store manager: a card still out at closing (or recalled at erasure), once per
    card; counts and numbers only, nothing of the customer."""
    why = "recalled: the customer was erased" if entry.state is CardState.RECALLED else "not back"
    return Alert(
        AlertKind.CARD_UNRETURNED,
        entry.issued_to,
        CARD_DETAIL.format(
            store=entry.store,
            kind=entry.kind.value,
            card_no=entry.card_no,
            room=entry.room or "-",
            issued_to=entry.issued_to,
            why=why,
            closing=closing_text,
        ),
        f"card_unreturned:{entry.card_no}:{entry.state.value}",
    )
