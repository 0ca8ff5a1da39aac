"""Serving sections (区域): a store's rooms grouped under the service staff who serve them. A
section head (部长) is a service staff member with a section; a booking is theirs when it names
them as its technician or its room lies in one of their sections (issue 15, point 3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from privault.domain.bookings import Booking
from privault.domain.errors import InvalidInputError
from privault.domain.transactions import short_text

MAX_NAME = 64  # a section, a room or a staff account name
MAX_MEMBERS = 100


@dataclass(frozen=True)
class Section:
    store: str
    name: str
    rooms: tuple[str, ...]
    staff: tuple[str, ...]  # staff account names


def parse_section_name(raw: str | None) -> str:
    name = short_text(raw, "section", MAX_NAME)
    if name is None:
        raise InvalidInputError("name the section, e.g. A区 or 二楼", field="section")
    return name


def parse_members(raw: Iterable[str], field: str) -> tuple[str, ...]:
    """Comma- or space-separated names, each given once, in the order typed."""
    names: list[str] = []
    for chunk in raw:
        for part in chunk.replace("，", ",").split(","):
            name = short_text(part, field, MAX_NAME)
            if name is not None and name not in names:
                names.append(name)
    if len(names) > MAX_MEMBERS:
        raise InvalidInputError("at most {limit} names", field=field, params={"limit": MAX_MEMBERS})
    return tuple(names)


def rooms_of(staff_name: str, sections: Iterable[Section]) -> dict[str, frozenset[str]]:
    """Per store, the rooms of the sections this staff member serves."""
    rooms: dict[str, set[str]] = {}
    for section in sections:
        if staff_name in section.staff:
            rooms.setdefault(section.store, set()).update(section.rooms)
    return {store: frozenset(held) for store, held in rooms.items()}


def is_assigned(booking: Booking, staff_name: str, rooms: dict[str, frozenset[str]]) -> bool:
    """`rooms`: from `rooms_of`. The technician named, or a room of their sections."""
    draft = booking.draft
    if draft.technician == staff_name:
        return True
    return draft.room is not None and draft.room in rooms.get(draft.store, frozenset())
