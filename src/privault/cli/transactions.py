"""`privault transactions ...`: record a visit or purchase, list a customer's transactions."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.visits import show_entry, show_history
from privault.services.customers.transactions import record_transaction
from privault.services.customers.visit_history import list_visits

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
    show_entry(recorded, as_json, "recorded")


@app.command("list")
def list_(customer: Customer, as_json: Json = False) -> None:
    """The newest page of the customer's history (`privault visits list` pages through it)."""
    with context.vault() as vault:
        history = list_visits(vault, context.actor(), customer)
    show_history(history, as_json)
