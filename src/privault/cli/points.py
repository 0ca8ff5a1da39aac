"""`privault points ...`: a customer's points (earned at check-out with `visits add`), redeemed,
adjusted by hand, reversed; the business's rate and expiry."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.ledger_output import Customer, account_commands, show_entries
from privault.cli.options import Json
from privault.cli.output import console, emit_json
from privault.domain.ledger import Ledger
from privault.services.points.movements import (
    adjust_points,
    points_rules,
    redeem_points,
    set_points_rules,
)

app = typer.Typer(help="Points: earned on purchases, redeemed, adjusted, expired by the scheduler.")
account_commands(app, Ledger.POINTS)
Points = Annotated[str, typer.Argument(help="Whole points, e.g. 100.")]


@app.command("redeem")
def redeem(
    customer: Customer,
    points: Points,
    note: Annotated[str | None, typer.Option(help="What the points paid for.")] = None,
    as_json: Json = False,
) -> None:
    """Refused above the points held."""
    with context.vault() as vault:
        entry = redeem_points(vault, context.actor(), customer, points, note)
    show_entries([entry], as_json)


@app.command("adjust")
def adjust(
    customer: Customer,
    reason: Annotated[str, typer.Option(help="Why; kept with the entry.")],
    points: Annotated[
        str, typer.Option("--points", help="Points to add, or take away with a minus: -20.")
    ],
    as_json: Json = False,
) -> None:
    """By hand, with a reason (store manager)."""
    with context.vault() as vault:
        entry = adjust_points(vault, context.actor(), customer, points, reason)
    show_entries([entry], as_json)


@app.command("rules")
def rules(
    per_yuan: Annotated[
        str | None, typer.Option(help="Points per yuan spent, e.g. 1 or 0.5.")
    ] = None,
    expiry_months: Annotated[str | None, typer.Option(help="Months points last, e.g. 24.")] = None,
    as_json: Json = False,
) -> None:
    """Show the rules, or set them (settings.shop) for purchases from now on."""
    with context.vault() as vault:
        if per_yuan is None and expiry_months is None:
            found = points_rules(vault, context.actor())
        else:
            found = set_points_rules(
                vault, context.actor(), points_per_yuan=per_yuan, expiry_months=expiry_months
            )
    if as_json:
        emit_json(
            {"points_per_yuan": str(found.points_per_yuan), "expiry_months": found.expiry_months}
        )
        return
    console.print(
        f"{found.points_per_yuan} points a yuan; points last {found.expiry_months} months"
    )
