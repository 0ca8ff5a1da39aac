"""`privault violations ...`: the violations register, sanctions and their terms."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.errors import InvalidInputError
from privault.services.violations.register import (
    ViolationReport,
    list_violations,
    parse_ids,
    record_violation,
    staff_record,
)
from privault.services.violations.sanctions import apply_sanctions, impose_sanction

app = typer.Typer(help="Staff violations and sanctions (警告、停职、解雇).")
Day = Annotated[str | None, typer.Option(help="YYYY-MM-DD.")]


def _day(raw: str | None, field: str) -> date | None:
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise InvalidInputError("write the date as YYYY-MM-DD", field=field) from None


@app.command("record")
def record(
    staff: Annotated[str, typer.Option(help="The staff member's account name.")],
    description: Annotated[str, typer.Option(help="What they did.")],
    occurred_on: Day = None,
    alerts: Annotated[str, typer.Option(help="Alert ids that show it, e.g. 3,7.")] = "",
    events: Annotated[str, typer.Option(help="Audit event ids that show it.")] = "",
    as_json: Json = False,
) -> None:
    """Record a violation; training falls due and a repeat within 12 months is alerted."""
    with context.vault() as vault:
        day = _day(occurred_on, "occurred_on") or vault.clock().date()
        report = ViolationReport(
            staff, day, description, parse_ids([alerts], "alerts"), parse_ids([events], "events")
        )
        violation = record_violation(vault, context.actor(), report)
    if as_json:
        emit_json(violation)
    else:
        console.print(
            f"violation {violation.id} recorded; training due {violation.training_due_on}",
            highlight=False,
        )


@app.command("list")
def list_(
    staff: Annotated[str | None, typer.Option(help="One staff member's record.")] = None,
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        if staff is not None:
            found = staff_record(vault, context.actor(), staff)
            if as_json:
                emit_json(found)
                return
            violations, sanctions = found.violations, found.sanctions
        else:
            violations, sanctions = list_violations(vault, context.actor()), []
    if as_json:
        emit_json({"violations": violations})
        return
    rows = [(v.id, v.staff_name, v.occurred_on, v.training_due_on) for v in violations]
    table("violations", ["id", "staff", "occurred", "training due"], rows)
    if sanctions:
        srows = [(s.kind.value, s.starts_on, s.ends_on, s.violation_id) for s in sanctions]
        table("sanctions", ["kind", "from", "to", "violation"], srows)


@app.command("sanction")
def sanction(
    violation_id: Annotated[str, typer.Argument(help="The violation's id.")],
    kind: Annotated[str, typer.Option(help="warning, suspension or dismissal.")],
    starts_on: Day = None,
    ends_on: Day = None,
    as_json: Json = False,
) -> None:
    """A suspension disables the account for its term; a dismissal for good."""
    with context.vault() as vault:
        imposed = impose_sanction(
            vault, context.actor(), violation_id, kind,
            _day(starts_on, "starts_on"), _day(ends_on, "ends_on"),
        )  # fmt: skip
    if as_json:
        emit_json(imposed)
    else:
        console.print(f"{imposed.kind.value} of {imposed.staff_name} recorded", highlight=False)


@app.command("apply")
def apply(as_json: Json = False) -> None:
    """Start the suspensions due and enable the accounts whose suspension ended."""
    with context.vault() as vault:
        disabled, enabled = apply_sanctions(vault, context.actor())
    if as_json:
        emit_json({"disabled": disabled, "enabled": enabled})
    else:
        console.print(f"{disabled} accounts disabled, {enabled} enabled", highlight=False)
