"""`privault cards ...` and `privault kitchen ...`: issue a customer information card or a
service sheet to serving staff, take it back, read or export the register, and the kitchen's
tickets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.cards import RegisterEntry
from privault.domain.shop_time import shop_time
from privault.infra.private_files import write_private_bytes
from privault.services.service_day.card_register import (
    Register,
    export_register_xlsx,
    list_register,
    shred_returned_cards,
)
from privault.services.service_day.card_times import set_card_times, show_card_times
from privault.services.service_day.cards import IssuedCard, issue_card, issue_sheet, return_card
from privault.services.service_day.kitchen import kitchen_ticket, state_meal_restriction

app = typer.Typer(help="Customer information cards and service sheets: issue, return, register.")
kitchen = typer.Typer(help="The kitchen's tickets: the room and the restriction, never a name.")
BookingId = Annotated[str, typer.Argument(help="The booking's id.")]
To = Annotated[str, typer.Option("--to", help="The staff account of the server or technician.")]
Pdf = Annotated[Path | None, typer.Option("--pdf", help="Write the printed PDF here.")]
Lang = Annotated[str, typer.Option(help="The printed language: zh or en.")]


@app.command("issue")
def issue(
    booking: BookingId,
    to: To,
    pdf: Pdf = None,
    quantity: int = 1,
    lang: Lang = "zh",
    as_json: Json = False,
) -> None:
    """Issue the card of a booked customer; after the meal's cutoff it is flagged late."""
    with context.vault() as vault:
        issued = issue_card(vault, context.actor(), booking, to, quantity=quantity, lang=lang)
    _issued(issued, pdf, as_json)


@app.command("sheet")
def sheet(
    booking: BookingId, to: To, pdf: Pdf = None, lang: Lang = "zh", as_json: Json = False
) -> None:
    """Issue the printed service sheet of a salon appointment, in the same register."""
    with context.vault() as vault:
        issued = issue_sheet(vault, context.actor(), booking, to, lang=lang)
    _issued(issued, pdf, as_json)


def _issued(issued: IssuedCard, pdf: Path | None, as_json: bool) -> None:
    if pdf is not None:
        write_private_bytes(pdf, issued.pdf)
    record = entry_json(issued.entry, issued.zone) | {
        "salutation": issued.salutation,
        "items": {item.key: item.value for item in issued.view.items},
        "left_out": list(issued.view.left_out),
    }
    if as_json:
        emit_json(record)
        return
    late = " (late)" if issued.entry.is_late else ""
    console.print(f"{issued.entry.kind.value} {issued.entry.card_no} issued{late}")


@app.command("return")
def return_(
    card_no: Annotated[str, typer.Argument(help="The number printed on the card.")],
    quantity: Annotated[int, typer.Option(help="How many copies came back.")],
    as_json: Json = False,
) -> None:
    """Take a card back after the meal."""
    with context.vault() as vault:
        back = return_card(vault, context.actor(), card_no, quantity)
    if as_json:
        emit_json(entry_json(back.entry, back.zone))
        return
    console.print(f"{back.entry.card_no} returned")


@app.command("register")
def register(
    date: Annotated[str, typer.Option(help="The service day, YYYY-MM-DD.")],
    store: Annotated[str | None, typer.Option(help="Default: the main store.")] = None,
    xlsx: Annotated[Path | None, typer.Option(help="Export it here (XLSX).")] = None,
    lang: Lang = "zh",
    as_json: Json = False,
) -> None:
    """The issue and return register of a store's day, customers by masked identity."""
    with context.vault() as vault:
        actor = context.actor()
        if xlsx is not None:
            found = export_register_xlsx(vault, actor, store, date, xlsx, lang)
        else:
            found = list_register(vault, actor, store, date)
    if as_json:
        emit_json(register_json(found))
        return
    rows = [
        (
            e.card_no,
            e.kind,
            e.room,
            e.issued_to,
            e.is_late,
            shop_time(e.returned_at, found.zone),
            e.state,
        )
        for e in (line.entry for line in found.lines)
    ]
    title = f"card register of {found.store} on {found.day} (times in {found.zone})"
    table(title, ["number", "kind", "room", "to", "late", "returned", "state"], rows)


@app.command("shred")
def shred(
    card_no: Annotated[list[str], typer.Argument(help="The returned cards shredded.")],
    destruction: Annotated[int, typer.Option(help="Its paper-destruction entry's id.")],
    as_json: Json = False,
) -> None:
    """Mark returned cards shredded, once logged with `privault paper-destruction add`."""
    with context.vault() as vault:
        done = shred_returned_cards(vault, context.actor(), card_no, destruction)
    if as_json:
        emit_json({"shredded": [e.card_no for e in done], "destruction_id": destruction})
        return
    console.print(f"{len(done)} shredded (paper destruction {destruction})")


@app.command("times")
def times(
    value: Annotated[
        str | None, typer.Argument(help="lunch=HH:MM dinner=HH:MM closing=HH:MM")
    ] = None,
    as_json: Json = False,
) -> None:
    """Show or set the meals' card cutoffs and the closing time (the shop's time zone)."""
    with context.vault() as vault:
        actor = context.actor()
        found = set_card_times(vault, actor, value) if value else show_card_times(vault, actor)
    if as_json:
        emit_json({"card_times": found.as_text()})
        return
    console.print(found.as_text())


@kitchen.command("ticket")
def ticket(booking: BookingId, pdf: Pdf = None, lang: Lang = "zh", as_json: Json = False) -> None:
    """Print the kitchen ticket of a booking's dietary restriction."""
    with context.vault() as vault:
        printed = kitchen_ticket(vault, context.actor(), booking, lang=lang)
    if pdf is not None:
        write_private_bytes(pdf, printed.pdf)
    record = {
        "ticket_no": printed.ticket_no,
        "room": printed.room,
        "party_size": printed.party_size,
    }
    if as_json:
        emit_json(record | {"restriction": printed.restriction})
        return
    console.print(f"kitchen ticket {printed.ticket_no} for {printed.room}")


@kitchen.command("restriction")
def restriction(
    booking: BookingId,
    text: Annotated[str, typer.Option("--text", help="What the guest cannot eat, this meal.")],
    as_json: Json = False,
) -> None:
    """A restriction for this meal only: kept on the booking, deleted when it closes."""
    with context.vault() as vault:
        state_meal_restriction(vault, context.actor(), booking, text)
    if as_json:
        emit_json({"booking": booking, "stated": True})
        return
    console.print(f"booking {booking}: restriction kept for this meal only")


def entry_json(entry: RegisterEntry, zone: str) -> dict[str, Any]:
    return {
        "card_no": entry.card_no,
        "kind": entry.kind.value,
        "booking": entry.booking_id,
        "store": entry.store,
        "date": entry.service_on.isoformat(),
        "meal": entry.meal,
        "room": entry.room,
        "quantity": entry.quantity,
        "issued_at": shop_time(entry.issued_at, zone),
        "issued_by": entry.issued_by,
        "issued_to": entry.issued_to,
        "late": entry.is_late,
        "returned_at": shop_time(entry.returned_at, zone) or None,
        "returned_by": entry.returned_by,
        "returned_quantity": entry.returned_quantity,
        "state": entry.state.value,
        "destruction_id": entry.destruction_id,
    }


def register_json(found: Register) -> dict[str, Any]:
    lines = [
        entry_json(line.entry, found.zone) | {"identity": line.identity} for line in found.lines
    ]
    return {"store": found.store, "date": found.day.isoformat(), "zone": found.zone, "lines": lines}
