"""`privault wallet ...`: a customer's stored value (储值): top-up with the business's bonus,
spend, refund, reversal, balance and history; the bonus tiers."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.ledger_output import Customer, account_commands, show_entries
from privault.cli.options import Json
from privault.cli.output import console, emit_json
from privault.domain.ledger import Ledger
from privault.domain.wallet import describe_tiers
from privault.services.wallet.movements import refund as refund_value
from privault.services.wallet.movements import spend as spend_value
from privault.services.wallet.movements import top_up
from privault.services.wallet.rules import set_bonus_tiers, wallet_rules

app = typer.Typer(help="Stored value (储值): top-up, spend, refund, reversal; amounts in yuan.")
account_commands(app, Ledger.WALLET)
Amount = Annotated[str, typer.Argument(help="Yuan, e.g. 1000.00.")]
Note = Annotated[str | None, typer.Option(help="A note kept with the entry.")]


@app.command("topup")
def topup(customer: Customer, amount: Amount, note: Note = None, as_json: Json = False) -> None:
    """Money paid in; the bonus of the highest tier it reaches is its own entry."""
    with context.vault() as vault:
        entries = top_up(vault, context.actor(), customer, amount, note)
    show_entries(entries, as_json)


@app.command("spend")
def spend(customer: Customer, amount: Amount, note: Note = None, as_json: Json = False) -> None:
    """Refused above the balance."""
    with context.vault() as vault:
        entry = spend_value(vault, context.actor(), customer, amount, note)
    show_entries([entry], as_json)


@app.command("refund")
def refund(
    customer: Customer,
    amount: Amount,
    reason: Annotated[str, typer.Option(help="Why; kept with the entry.")],
    as_json: Json = False,
) -> None:
    """Stored value paid back to the customer (store manager)."""
    with context.vault() as vault:
        entry = refund_value(vault, context.actor(), customer, amount, reason)
    show_entries([entry], as_json)


@app.command("bonus")
def bonus(
    tier: Annotated[
        list[str] | None,
        typer.Option("--tier", help='"PAID:BONUS" in yuan, e.g. 1000:100; repeat.'),
    ] = None,
    clear: Annotated[bool, typer.Option(help="Remove every tier (no bonus).")] = False,
    as_json: Json = False,
) -> None:
    """Show the top-up bonus tiers, or set them (settings.shop)."""
    with context.vault() as vault:
        if tier or clear:
            rules = set_bonus_tiers(vault, context.actor(), tier or [])
        else:
            rules = wallet_rules(vault, context.actor())
    tiers = describe_tiers(rules)
    if as_json:
        emit_json({"bonus_tiers": tiers})
        return
    console.print("top-up bonus: " + (", ".join(tiers) or "none"))
