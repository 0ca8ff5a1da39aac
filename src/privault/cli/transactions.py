"""`privault transactions ...`: record a visit or purchase, list a customer's transactions."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.services.customers.transactions import list_transactions, record_transaction

app = typer.Typer(help="Visits and purchases: kept for accounting, even after erasure.")
Customer = Annotated[str, typer.Option("--customer", help="The customer id.")]


@app.command("add")
def add(
    customer: Customer,
    kind: Annotated[str, typer.Option(help="visit, purchase, refund or top_up")],
    amount: Annotated[
        str | None, typer.Option(help="Yuan, e.g. 128.00 (a visit may omit).")
    ] = None,
    item: Annotated[
        str | None, typer.Option(help="What was bought, at most 200 characters.")
    ] = None,
    store: Annotated[str | None, typer.Option(help="Where (default the customer's store).")] = None,
    as_json: Json = False,
) -> None:
    """Record a visit or purchase; it counts as activity for the retention sweep."""
    with context.vault() as vault:
        recorded = record_transaction(
            vault, context.actor(), customer, kind, amount, item=item, store=store
        )
    if as_json:
        emit_json(recorded)
        return
    paid = f" {recorded.amount} {recorded.currency}" if recorded.amount else ""
    console.print(f"recorded {recorded.kind.value} {recorded.id}{paid}")


@app.command("list")
def list_(customer: Customer, as_json: Json = False) -> None:
    with context.vault() as vault:
        found = list_transactions(vault, context.actor(), customer)
    if as_json:
        emit_json(found)
        return
    table(
        "transactions",
        ["#", "at", "store", "kind", "amount", "item", "by"],
        [(t.id, t.at, t.store, t.kind, t.amount, t.item, t.recorded_by) for t in found],
    )
