"""`privault holds ...`: legal holds that keep customers from erasure and retention."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.db.holds import LegalHold
from privault.services.retention.holds import lift_hold, list_holds, place_hold

app = typer.Typer(help="Legal holds: while one is active the customer is neither erased nor swept.")
Reason = Annotated[str, typer.Option(help="Why, at most 500 characters (a case number, say).")]


def _show(hold: LegalHold, as_json: bool, verb: str) -> None:
    if as_json:
        emit_json(hold._asdict())
    else:
        console.print(f"hold {hold.id} {verb} for customer {hold.customer_id}")


@app.command("add")
def add(
    customer: Annotated[str, typer.Option("--customer", help="The customer id.")],
    reason: Reason,
    as_json: Json = False,
) -> None:
    """Place a hold (privacy officer)."""
    with context.vault() as vault:
        hold = place_hold(vault, context.actor(), customer, reason)
    _show(hold, as_json, "placed")


@app.command("lift")
def lift(
    hold_id: Annotated[str, typer.Argument(help="The hold id from `holds list`.")],
    reason: Reason,
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        hold = lift_hold(vault, context.actor(), hold_id, reason)
    _show(hold, as_json, "lifted")


@app.command("list")
def list_(
    customer: Annotated[str | None, typer.Option("--customer", help="Only this customer.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Lifted holds too.")] = False,
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        found = list_holds(vault, context.actor(), customer, include_lifted=all_)
    if as_json:
        emit_json([h._asdict() for h in found])
        return
    table(
        "legal holds",
        ["id", "customer", "placed", "by", "reason", "lifted", "lift reason"],
        [
            (h.id, h.customer_id, h.placed_at, h.placed_by, h.reason, h.lifted_at, h.lift_reason)
            for h in found
        ],
    )
