"""`privault bookings ...`: book, list a store's day, and move a booking through its day."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.bookings import Booking
from privault.domain.policy import Actor
from privault.services.service_day.bookings import (
    BookingRequest,
    DayEntry,
    DayView,
    arrive,
    book,
    cancel_booking,
    close_booking,
    day_view,
    mark_no_show,
    start_service,
)
from privault.services.service_day.today import TodayEntry, today_list
from privault.services.vault import Vault

app = typer.Typer(help="Bookings (预约/订餐): the front desk's day, by room or technician.")
BookingId = Annotated[str, typer.Argument(help="The booking's id.")]


@app.command("add")
def add(
    date: Annotated[str, typer.Option(help="The day, YYYY-MM-DD (the shop's calendar).")],
    meal: Annotated[str | None, typer.Option(help="lunch or dinner; or --starts/--ends.")] = None,
    starts: Annotated[str | None, typer.Option(help="HH:MM, the shop's time zone.")] = None,
    ends: Annotated[str | None, typer.Option(help="HH:MM, the shop's time zone.")] = None,
    customer: Annotated[str | None, typer.Option(help="A registered customer's id.")] = None,
    salutation: Annotated[
        str | None, typer.Option(help="A walk-in's salutation, e.g. 王先生 (no customer id).")
    ] = None,
    store: Annotated[str | None, typer.Option(help="Default: the customer's store.")] = None,
    room: Annotated[str | None, typer.Option(help="Room or table.")] = None,
    technician: Annotated[str | None, typer.Option(help="The staff member who serves.")] = None,
    party_size: Annotated[int, typer.Option(help="How many guests.")] = 1,
    service: Annotated[list[str] | None, typer.Option(help="A service; repeat for more.")] = None,
    source: Annotated[str, typer.Option(help="desk, phone or api.")] = "desk",
    as_json: Json = False,
) -> None:
    """Book a registered customer, or a walk-in under a salutation (register them with
    `privault customers add`, with their consent)."""
    request = BookingRequest(
        date, meal, starts, ends, customer, salutation, store, room, technician, party_size,
        tuple(service or ()), source,
    )  # fmt: skip
    with context.vault() as vault:
        booked = book(vault, context.actor(), request)
    _show(booked, as_json)


@app.command("list")
def list_(
    date: Annotated[str, typer.Option(help="The day, YYYY-MM-DD.")],
    store: Annotated[str | None, typer.Option(help="Default: the main store.")] = None,
    by: Annotated[str, typer.Option(help="Group by room or technician.")] = "room",
    as_json: Json = False,
) -> None:
    """A store's day, grouped by room or technician; customers by masked identity."""
    with context.vault() as vault:
        view = day_view(vault, context.actor(), store or "", date, by)
    if as_json:
        emit_json(day_json(view))
        return
    rows = [(group or "-", *_row(e)) for group, entries in view.groups.items() for e in entries]
    title = f"bookings of {view.store} on {view.day} (times in {view.zone})"
    table(title, [by, "id", "slot", "status", "party", "services", "guest"], rows)


@app.command("today")
def today(as_json: Json = False) -> None:
    """The signed-in serving staff's bookings of today with the service-relevant fields (the
    allergy warning only with the separate consent); each opening audited as that booking's."""
    with context.vault() as vault:
        mine = today_list(vault, context.actor())
    entries = [_today_json(e) for e in mine.entries]
    if as_json:
        emit_json(
            {"staff": mine.staff, "date": mine.day.isoformat(), "zone": mine.zone}
            | {"bookings": entries}
        )
        return
    rows = [
        (e["id"], e["slot"], e["room"] or e["technician"], e["guest"], e["serving"], e["warnings"])
        for e in entries
    ]
    title = f"today's bookings of {mine.staff}, {mine.day} (times in {mine.zone})"
    table(title, ["id", "slot", "room/technician", "guest", "for the service", "warning"], rows)


def _today_json(entry: TodayEntry) -> dict[str, Any]:
    draft = entry.booking.draft
    return {
        "id": entry.booking.id,
        "slot": draft.slot.label,
        "room": draft.room,
        "technician": draft.technician,
        "status": entry.booking.status.value,
        "guest": ", ".join(entry.identity.values()) or draft.salutation,
        "serving": {item.key: item.value for item in entry.serving.items},
        "warnings": [item.key for item in entry.serving.warnings],
        "left_out": list(entry.serving.left_out),
    }


def _move(
    step: Callable[[Vault, Actor, str], Booking], summary: str
) -> Callable[[str, bool], None]:
    def command(booking_id: BookingId, as_json: Json = False) -> None:
        with context.vault() as vault:
            moved = step(vault, context.actor(), booking_id)
        _show(moved, as_json)

    command.__doc__ = summary
    return command


app.command("arrive")(_move(arrive, "Check the guest in."))
app.command("start")(_move(start_service, "The service begins."))
app.command("close")(_move(close_booking, "The service is done; the booking closes for good."))
app.command("cancel")(_move(cancel_booking, "Cancel; the booking closes for good."))
app.command("no-show")(_move(mark_no_show, "The guest did not come; the booking closes."))


def day_json(view: DayView) -> dict[str, Any]:
    groups = {
        group: [e.booking.as_record() | {"identity": e.identity} for e in entries]
        for group, entries in view.groups.items()
    }
    return {"store": view.store, "date": view.day.isoformat(), "zone": view.zone, "by": view.by} | {
        "groups": groups
    }


def _row(entry: DayEntry) -> tuple[object, ...]:
    booking, draft = entry.booking, entry.booking.draft
    guest = ", ".join(entry.identity.values()) or draft.salutation
    return (booking.id, draft.slot.label, booking.status, draft.party_size, draft.services, guest)


def _show(booking: Booking, as_json: bool) -> None:
    if as_json:
        emit_json(booking.as_record())
        return
    console.print(f"booking {booking.id}: {booking.status.value} ({booking.draft.slot.label})")
    if booking.needs_contact_confirmation:
        console.print(
            "contact data not confirmed lately: confirm it with the customer "
            f"(privault customers confirm-contact {booking.draft.customer_id})"
        )
