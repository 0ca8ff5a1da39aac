"""Bookings (预约/订餐): what a booking may say, which status moves are legal, and when a room,
table or technician is already taken."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.transactions import short_text


class Meal(StrEnum):
    LUNCH = "lunch"
    DINNER = "dinner"


class BookingStatus(StrEnum):
    BOOKED = "booked"
    ARRIVED = "arrived"
    IN_SERVICE = "in_service"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


class BookingSource(StrEnum):
    DESK = "desk"
    PHONE = "phone"
    API = "api"


CLOSED = frozenset({BookingStatus.DONE, BookingStatus.NO_SHOW, BookingStatus.CANCELLED})
# booked → arrived → in service → done; a restaurant may close an arrived table without a
# separate "in service" step, and a guest who arrived may still leave (cancelled).
MOVES: dict[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.BOOKED: frozenset(
        {BookingStatus.ARRIVED, BookingStatus.NO_SHOW, BookingStatus.CANCELLED}
    ),
    BookingStatus.ARRIVED: frozenset(
        {BookingStatus.IN_SERVICE, BookingStatus.DONE, BookingStatus.CANCELLED}
    ),
    BookingStatus.IN_SERVICE: frozenset({BookingStatus.DONE}),
}
# A meal occupies its room for this window of the shop's local time, so a timed booking of the
# same room (a salon's private room, say) that overlaps it is refused too.
MEAL_WINDOWS = {Meal.LUNCH: (time(11, 0), time(14, 30)), Meal.DINNER: (time(17, 0), time(21, 30))}
MAX_PARTY = 200
MAX_SERVICES = 10
MAX_SERVICE = 100
MAX_NAME = 64  # a room, table or technician
MAX_SALUTATION = 32
E = TypeVar("E", bound=StrEnum)
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

CLOSED_NEVER_REOPENED = (
    "booking {id} is {status} and closed; a closed booking is never reopened: make a new booking"
)
ILLEGAL_MOVE = "booking {id} is {status}; it cannot go to {to} (from {status} it may go to {moves})"
ROOM_TAKEN = (
    "{room} is taken by booking {other} at that time; choose another room or table, or another time"
)
TECHNICIAN_TAKEN = (
    "{technician} is booked (booking {other}) at that time; choose another technician or time"
)


@dataclass(frozen=True)
class Slot:
    """A meal, or a start and an end in the shop's local time."""

    meal: Meal | None = None
    starts: time | None = None
    ends: time | None = None

    @property
    def window(self) -> tuple[time, time]:
        if self.meal is not None:
            return MEAL_WINDOWS[self.meal]
        # parse_slot gives a slot without a meal both times
        return self.starts or time.min, self.ends or time.max

    def overlaps(self, other: Slot) -> bool:
        if self.meal is not None and other.meal is not None:
            return self.meal is other.meal
        (a_start, a_end), (b_start, b_end) = self.window, other.window
        return a_start < b_end and b_start < a_end

    @property
    def label(self) -> str:
        return self.meal.value if self.meal else f"{self.starts:%H:%M}-{self.ends:%H:%M}"


@dataclass(frozen=True)
class BookingDraft:
    """A booking's parsed, valid terms, before it has an id."""

    store: str
    service_on: date
    slot: Slot
    party_size: int
    source: BookingSource
    customer_id: str | None = None
    # How the desk names the guest on its own lists (王先生): a walk-in's only name; for a
    # registered customer the one given at booking, else their masked name as the desk saw it.
    salutation: str | None = None
    room: str | None = None
    technician: str | None = None
    services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Booking:
    id: str
    draft: BookingDraft
    status: BookingStatus
    created_at: datetime
    created_by: str
    arrived_at: datetime | None = None
    started_at: datetime | None = None
    closed_at: datetime | None = None
    # The customer's contact data is stale: the desk confirms it with them (issue 17).
    needs_contact_confirmation: bool = False

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED

    @property
    def is_walk_in(self) -> bool:
        return self.draft.customer_id is None

    def as_record(self) -> dict[str, Any]:
        """Flat, for scripts and integrations: the slot as a meal or HH:MM in the shop's zone."""
        draft, slot = self.draft, self.draft.slot
        return {
            "id": self.id,
            "status": self.status.value,
            "store": draft.store,
            "date": draft.service_on.isoformat(),
            "meal": slot.meal.value if slot.meal else None,
            "starts": hhmm(slot.starts),
            "ends": hhmm(slot.ends),
            "customer_id": draft.customer_id,
            "salutation": draft.salutation,
            "room": draft.room,
            "technician": draft.technician,
            "party_size": draft.party_size,
            "services": list(draft.services),
            "source": draft.source.value,
        } | {
            "created_at": self.created_at,
            "arrived_at": self.arrived_at,
            "started_at": self.started_at,
            "closed_at": self.closed_at,
            "needs_contact_confirmation": self.needs_contact_confirmation,
        }


@lru_cache(maxsize=2048)
def hhmm(value: time | None) -> str | None:
    """A day view writes two per booking, from a few distinct times: each formatted once."""
    return None if value is None else value.strftime("%H:%M")


def check_move(booking: Booking, to: BookingStatus) -> None:
    """A closed booking (done, no-show, cancelled) is never reopened, not even to read data."""
    status = booking.status
    if status in CLOSED:
        raise ConflictError(
            CLOSED_NEVER_REOPENED, params={"id": booking.id, "status": status.value}
        )
    allowed = MOVES[status]
    if to not in allowed:
        moves = ", ".join(sorted(s.value for s in allowed))
        raise ConflictError(
            ILLEGAL_MOVE,
            params={"id": booking.id, "status": status.value, "to": to.value, "moves": moves},
        )


def check_free(draft: BookingDraft, others: Iterable[Booking]) -> None:
    """A room/table or technician held by another open booking of the same store and date
    whose slot overlaps is refused; closed bookings free what they held."""
    for other in others:
        theirs = other.draft
        if not other.is_open or (theirs.store, theirs.service_on) != (
            draft.store,
            draft.service_on,
        ):
            continue
        if not theirs.slot.overlaps(draft.slot):
            continue
        if draft.room is not None and theirs.room == draft.room:
            raise InvalidInputError(
                ROOM_TAKEN, field="room", params={"room": draft.room, "other": other.id}
            )
        if draft.technician is not None and theirs.technician == draft.technician:
            raise InvalidInputError(
                TECHNICIAN_TAKEN,
                field="technician",
                params={"technician": draft.technician, "other": other.id},
            )


def parse_slot(meal: str | None, starts: str | None, ends: str | None) -> Slot:
    """Either a meal (lunch, dinner) or a start and an end (HH:MM), never both."""
    has_times = bool((starts or "").strip() or (ends or "").strip())
    if (meal or "").strip():
        if has_times:
            raise InvalidInputError("give a meal or a start and an end, not both", field="meal")
        return Slot(meal=_choice(Meal, meal or "", "meal"))
    if not has_times:
        raise InvalidInputError(
            "give a meal (lunch or dinner) or a start and an end such as 14:00 and 15:30",
            field="meal",
        )
    start, end = parse_time(starts, "starts"), parse_time(ends, "ends")
    if end <= start:
        raise InvalidInputError("must be after the start", field="ends")
    return Slot(starts=start, ends=end)


def parse_time(raw: str | None, field: str) -> time:
    match = _TIME.match((raw or "").strip())
    if match is None:
        raise InvalidInputError("write the time as HH:MM, e.g. 14:30", field=field)
    return time(int(match.group(1)), int(match.group(2)))


def parse_service_on(raw: str, today: date) -> date:
    """The day of the service, in the shop's calendar; not before today."""
    day = parse_day(raw)
    if day < today:
        raise InvalidInputError(
            "{day} is in the past; book today ({today}) or later",
            field="date",
            params={"day": day.isoformat(), "today": today.isoformat()},
        )
    return day


def parse_day(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInputError(
            "write the date as YYYY-MM-DD, e.g. 2026-12-24", field="date"
        ) from None


def parse_party_size(raw: int | str) -> int:
    try:
        size = int(str(raw).strip())
    except ValueError:
        size = 0
    if not 1 <= size <= MAX_PARTY:
        raise InvalidInputError(
            "a whole number of guests from 1 to {limit}",
            field="party_size",
            params={"limit": MAX_PARTY},
        )
    return size


def parse_source(raw: str | None) -> BookingSource:
    return _choice(BookingSource, raw or BookingSource.DESK.value, "source")


def parse_status(raw: str) -> BookingStatus:
    return _choice(BookingStatus, raw, "status")


def parse_services(raw: Iterable[str]) -> tuple[str, ...]:
    cleaned = tuple(s for s in (short_text(r, "services", MAX_SERVICE) for r in raw) if s)
    if len(cleaned) > MAX_SERVICES:
        raise InvalidInputError(
            "at most {limit} services", field="services", params={"limit": MAX_SERVICES}
        )
    return cleaned


def parse_salutation(raw: str | None) -> str:
    """A walk-in is named only by how staff address them (王先生); registering them is the
    customer registration's job, with its consent."""
    cleaned = short_text(raw, "salutation", MAX_SALUTATION)
    if cleaned is None:
        raise InvalidInputError(
            "a walk-in needs a salutation such as 王先生, or give the registered customer's id",
            field="salutation",
        )
    return cleaned


def _choice(kind: type[E], raw: str, field: str) -> E:
    try:
        return kind(raw.strip().lower().replace("-", "_"))
    except ValueError:
        choices = ", ".join(k.value for k in kind)
        raise InvalidInputError(
            "unknown {field}; use one of {choices}",
            field=field,
            params={"field": field, "choices": choices},
        ) from None
