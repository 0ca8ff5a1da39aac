"""`privault audit ...`: read the audit trail (ids and field names, never values)."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import emit_json, table
from privault.services.audit import list_audit_events

app = typer.Typer(help="The audit trail of every access to personal data.")


@app.command("list")
def list_(
    customer: Annotated[str | None, typer.Option(help="Only this customer id.")] = None,
    limit: int = 50,
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        events = list_audit_events(vault, context.operator(), customer_id=customer, limit=limit)
    if as_json:
        emit_json(events)
        return
    table(
        "audit trail (newest first)",
        ["at", "actor", "action", "outcome", "customer", "fields", "purpose / reason"],
        [
            (
                e.at,
                e.actor,
                e.action,
                e.outcome,
                (e.customer_id or "")[:8],
                ", ".join(e.fields),
                e.purpose or e.reason,
            )
            for e in events
        ],
    )
