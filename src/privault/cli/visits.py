"""`privault visits ...`: record a visit or purchase at check-out, list a customer's history,
reverse a wrong entry."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.transactions import Transaction, split_item_line
from privault.services.customers.transactions import record_transaction, reverse_transaction
from privault.services.customers.visit_history import PER_PAGE, VisitHistory, list_visits

app = typer.Typer(help="Visits and purchases: recorded at check-out, corrected by reversal.")
Customer = Annotated[str, typer.Argument(help="The customer id.")]


@app.command("add")
def add(
    customer: Customer,
    store: Annotated[str | None, typer.Option(help="Where (default the customer's store).")] = None,
    served_by: Annotated[
        list[str] | None, typer.Option("--served-by", help="Staff account who served; repeat.")
    ] = None,
    item: Annotated[
        list[str] | None,
        typer.Option("--item", help='A line of the bill, "TEXT [QUANTITY] AMOUNT"; repeat.'),
    ] = None,
    amount: Annotated[
        str | None, typer.Option(help="Yuan, e.g. 128.00 (default: the lines' sum).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="visit, purchase, refund or top_up (default: by amount).")
    ] = None,
    booking: Annotated[str | None, typer.Option(help="The booking served (its id).")] = None,
    as_json: Json = False,
) -> None:
    """Record a check-out; it counts as the customer's activity for the retention sweep."""
    lines = [split_item_line(line) for line in item or [] if line.strip()]
    with context.vault() as vault:
        recorded = record_transaction(
            vault,
            context.actor(),
            customer,
            kind,
            amount,
            store=store,
            served_by=served_by or [],
            items=lines,
            booking_id=booking,
        )
    show_entry(recorded, as_json, "recorded")


@app.command("list")
def list_(
    customer: Customer,
    page: Annotated[int, typer.Option(help="Newest first; page 1 is the latest.")] = 1,
    per_page: Annotated[int, typer.Option(help="Entries a page.")] = PER_PAGE,
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        history = list_visits(vault, context.actor(), customer, page=page, per_page=per_page)
    show_history(history, as_json)


@app.command("reverse")
def reverse(
    transaction_id: Annotated[int, typer.Argument(help="The entry to reverse.")],
    reason: Annotated[str, typer.Option(help="Why it is reversed; kept with the entry.")],
    as_json: Json = False,
) -> None:
    """Add a reversing entry; the original stays as it was."""
    with context.vault() as vault:
        reversal = reverse_transaction(vault, context.actor(), transaction_id, reason)
    show_entry(reversal, as_json, f"reversed {transaction_id} with")


def show_entry(entry: Transaction, as_json: bool, verb: str) -> None:
    if as_json:
        emit_json(entry)
        return
    paid = f" {entry.amount} {entry.currency}" if entry.amount else ""
    console.print(f"{verb} {entry.kind.value} {entry.id}{paid}")
    if entry.needs_contact_confirmation:
        console.print(
            "contact data not confirmed lately: confirm it with the customer "
            f"(privault customers confirm-contact {entry.customer_id})"
        )


def show_history(history: VisitHistory, as_json: bool) -> None:
    if as_json:
        emit_json(history)
        return
    rows = [
        (
            v.id,
            v.at,
            v.store,
            v.kind,
            v.amount,
            "; ".join(
                " ".join(str(p) for p in (i.text, i.quantity, i.amount) if p) for i in v.items
            ),
            v.served_by,
            v.reverses_id or (f"reversed by {v.reversed_by}" if v.reversed_by else ""),
        )
        for v in history.visits
    ]
    title = f"visits and purchases: page {history.page} of {history.pages} ({history.total})"
    table(title, ["#", "at", "store", "kind", "amount", "items", "served by", "reversal"], rows)


def _line(*parts: object) -> str:
    return " ".join(str(p) for p in parts if p)
