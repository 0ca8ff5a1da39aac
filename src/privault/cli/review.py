"""`privault review ...`: the entry-review queue (信息审核, issue 17): list what is pending and
for how long, accept, reject (the record is erased); all audited."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import emit_json, record, table
from privault.domain.entry_review import PendingEntry
from privault.services.customers.entry_review import (
    accept_entry,
    correct_entry,
    list_pending_entries,
    reject_entry,
)

app = typer.Typer(help="Entry review (信息审核): new records from reviewed channels wait here.")
CustomerId = Annotated[str, typer.Argument(help="The pending customer's id.")]
Yes = Annotated[bool, typer.Option("--yes", help="Confirm that the erasure cannot be undone.")]


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Pending records, oldest first (at most 200): store, channel, arrival (shop time) and
    time waited."""
    with context.vault() as vault:
        queue = list_pending_entries(vault, context.actor())
    if as_json:
        emit_json({"total": queue.total, "pending": [_json(e) for e in queue.entries]})
        return
    columns = ["customer", "store", "channel", "arrived", "waited (h)", "overdue"]
    title = f"entry review ({queue.total} pending, the oldest {len(queue.entries)} shown)"
    table(title, columns, [_row(e) for e in queue.entries])


@app.command("accept")
def accept(
    customer_id: CustomerId,
    fix: Annotated[
        list[str] | None,
        typer.Option("--correct", help="KEY=VALUE corrected before accepting; repeat."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Accept a pending record, with corrections (the update's rules) if given."""
    with context.vault() as vault:
        if fix:
            correct_entry(vault, context.actor(), customer_id, context.key_values(fix))
        else:
            accept_entry(vault, context.actor(), customer_id)
    _done(customer_id, "corrected and accepted" if fix else "accepted", as_json)


@app.command("reject")
def reject(customer_id: CustomerId, yes: Yes = False, as_json: Json = False) -> None:
    """Reject a pending record: it is erased (crypto-shredded); a tombstone keeps the channel
    and the time."""
    if not yes:
        raise typer.BadParameter("rejecting erases the record; add --yes", param_hint="--yes")
    with context.vault() as vault:
        stone = reject_entry(vault, context.actor(), customer_id)
    if as_json:
        emit_json({"id": customer_id, "outcome": "rejected", "tombstone": stone.reason})
        return
    record("rejected and erased", [("customer", customer_id), ("tombstone", stone.reason)])


def _done(customer_id: str, outcome: str, as_json: bool) -> None:
    if as_json:
        emit_json({"id": customer_id, "outcome": outcome})
        return
    record(outcome, [("customer", customer_id)])


def _json(entry: PendingEntry) -> dict[str, object]:
    return {
        "id": entry.customer_id,
        "store": entry.store,
        "channel": entry.channel,
        "arrived_at": entry.arrived_at.isoformat(),
        "waited_hours": int(entry.waited.total_seconds() // 3600),
        "is_overdue": entry.is_overdue,
    }


def _row(entry: PendingEntry) -> tuple[object, ...]:
    hours = int(entry.waited.total_seconds() // 3600)
    return (
        entry.customer_id,
        entry.store,
        entry.channel,
        entry.arrived_at,
        hours,
        entry.is_overdue,
    )
