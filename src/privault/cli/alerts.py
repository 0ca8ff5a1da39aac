"""`privault alerts ...`: what the privacy officer should look at."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.services.audit.alerts import ack_alert, list_alerts

app = typer.Typer(help="Alerts: bulk access, off-hours access, failed sign-ins, exports.")


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include acknowledged alerts.")] = False,
    limit: int = 100,
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        found = list_alerts(vault, context.actor(), include_acked=all_, limit=limit)
    if as_json:
        emit_json(found)
        return
    table(
        "alerts (newest first)",
        ["id", "at", "kind", "staff", "detail", "acknowledged"],
        [
            (
                a.id,
                a.at,
                a.kind,
                a.staff_name,
                a.detail,
                f"{a.acked_by}: {a.note}" if a.acked_by else "",
            )
            for a in found
        ],
    )


@app.command("ack")
def ack(
    alert_id: int,
    note: Annotated[str, typer.Option(help="What was checked or done.")],
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        acked = ack_alert(vault, context.actor(), alert_id, note)
    if as_json:
        emit_json(acked)
    else:
        console.print(f"alert {acked.id} acknowledged")
