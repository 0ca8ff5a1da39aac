"""The staff briefing (seed 003: brief the staff on the guests' classes): the serving staff
member's own open bookings of today, each with its guest's class of the latest quarter
computed. Only their bookings, only a class whose consent stands; each class shown is audited
as the briefing for that booking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from privault.domain.bookings import Booking
from privault.domain.classes import CustomerClass
from privault.domain.policy import Action, Actor
from privault.domain.sections import rooms_of
from privault.services.classes.listing import consenting
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class BriefingEntry:
    booking: Booking
    customer_class: CustomerClass | None  # none: a walk-in, no consent, or not classed


@dataclass(frozen=True)
class Briefing:
    day: date
    zone: str
    quarter: str | None  # the quarter the classes are of
    entries: list[BriefingEntry]


def class_briefing(vault: Vault, actor: Actor) -> Briefing:
    with use_case(vault, actor) as uc:
        uc.require(Action.CLASSES_BRIEFING)
        hours = uc.vault.opening_hours(uc.uow)
        day = date.fromisoformat(hours.local_date(uc.now))
        mine = _my_bookings(uc, day)
        runs = uc.uow.classes.runs()
        quarter = runs[0].quarter if runs else None
        classes = _classes(uc, quarter, mine)
        entries = [BriefingEntry(b, classes.get(b.draft.customer_id or "")) for b in mine]
        uc.record_all(
            [Entry(Action.CLASSES_BRIEFING, reason=f"briefing ({len(entries)} bookings)")]
            + [_shown(e) for e in entries if e.customer_class is not None]
        )
        uc.commit()
    return Briefing(day, hours.zone, quarter, entries)


def _my_bookings(uc: UseCase, day: date) -> list[Booking]:
    name = uc.actor.name
    rooms = rooms_of(name, uc.vault.sections(uc.uow))
    found = uc.uow.bookings.of_day_served_by(day, name, rooms)
    stores = uc.actor.stores
    return [b for b in found if b.is_open and (not stores or b.draft.store in stores)]


def _classes(uc: UseCase, quarter: str | None, bookings: list[Booking]) -> dict[str, CustomerClass]:
    ids = sorted({b.draft.customer_id for b in bookings if b.draft.customer_id})
    if quarter is None or not ids:
        return {}
    found = uc.uow.classes.of_customers(quarter, ids)
    who = consenting(uc)
    return {
        cid: p.customer_class for cid, p in found.items() if uc.uow.classes.is_consenting(cid, who)
    }


def _shown(entry: BriefingEntry) -> Entry:
    booking = entry.booking
    return Entry(
        Action.CLASSES_BRIEFING,
        booking.draft.customer_id,
        purpose=f"booking {booking.id}",
        reason=f"class briefing for booking {booking.id}",
    )
