"""`privault consents ...`: grant, withdraw, history."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json, Opt
from privault.cli.output import console, emit_json, table
from privault.services.consents.ledger import grant_consents, list_consents, withdraw_consents

app = typer.Typer(help="Record, withdraw and list a customer's consents per purpose.")
Purposes = Annotated[list[str], typer.Argument(help="Purpose keys.")]


@app.command("grant")
def grant(
    customer_id: str,
    purposes: Purposes,
    notice: Annotated[str, typer.Option()],
    channel: str = "store",
    evidence: Opt = None,
    guardian_name: Opt = None,
    guardian_relation: Opt = None,
    as_json: Json = False,
) -> None:
    """Record consent to purposes, with the notice version shown."""
    with context.vault() as vault:
        granted = grant_consents(
            vault,
            context.actor(),
            customer_id,
            purposes,
            channel=channel,
            notice_version=notice,
            evidence=evidence,
            guardian_name=guardian_name,
            guardian_relation=guardian_relation,
        )
    if as_json:
        emit_json({"id": customer_id, "granted": granted})
    else:
        console.print(f"granted: {', '.join(granted)}")


@app.command("withdraw")
def withdraw(
    customer_id: str,
    purposes: Purposes,
    channel: str = "store",
    notice: Opt = None,
    as_json: Json = False,
) -> None:
    """Withdraw consent; fields no remaining purpose justifies are deleted at once."""
    with context.vault() as vault:
        result = withdraw_consents(
            vault, context.actor(), customer_id, purposes, channel=channel, notice_version=notice
        )
    if as_json:
        emit_json({"id": customer_id, **vars(result)})
    else:
        console.print(
            f"withdrawn: {', '.join(result.withdrawn)}; deleted fields: "
            f"{', '.join(result.deleted_fields) or 'none'}"
        )


@app.command("list")
def list_(customer_id: str, as_json: Json = False) -> None:
    """The consent ledger of one customer, oldest first."""
    with context.vault() as vault:
        records = list_consents(vault, context.actor(), customer_id)
    if as_json:
        emit_json(records)
        return
    table(
        f"consents of {customer_id}",
        ["at", "purpose", "action", "notice", "channel", "by", "given by"],
        [
            (
                r.at,
                r.purpose,
                r.action,
                r.notice_version,
                r.channel,
                r.collected_by,
                r.given_by
                + (f" ({r.guardian_relation} {r.guardian_name})" if r.guardian_name else ""),
            )
            for r in records
        ],
    )
