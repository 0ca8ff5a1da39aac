"""`privault audit ...`: read, verify, checkpoint and purge the audit trail (never values)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json, PageOpt
from privault.cli.output import console, emit_json, paged, plain, refuse, table
from privault.domain.audit import AuditEvent
from privault.domain.audit_trail import VerifyReport, events
from privault.domain.errors import InvalidInputError
from privault.services.audit.events import list_audit_events
from privault.services.audit.retention import purge_audit, set_audit_retention
from privault.services.audit.search import audit_filter, search_audit_events
from privault.services.audit.trail import export_checkpoint, verify_audit_trail

app = typer.Typer(help="The audit trail of every access to personal data.")


@app.command("list")
def list_(
    customer: Annotated[str | None, typer.Option(help="Only this customer id.")] = None,
    limit: int = 50,
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        events = list_audit_events(vault, context.actor(), customer_id=customer, limit=limit)
    if as_json:
        emit_json(events)
        return
    _events_table(events)


def _events_table(events: list[AuditEvent]) -> None:
    table(
        "audit trail (newest first)",
        [
            "at",
            "actor",
            "action",
            "outcome",
            "customer",
            "fields",
            "purpose / reason",
            "via",
            "client address",
            "token",
        ],
        [
            (
                e.at,
                e.actor,
                e.action,
                e.outcome,
                (e.customer_id or "")[:8],
                ", ".join(e.fields),
                e.purpose or e.reason,
                e.channel,
                e.client_address,
                e.token_name,
            )
            for e in events
        ],
    )


@app.command("search")
def search(
    actor: Annotated[str | None, typer.Option(help="Only this staff member or token.")] = None,
    action: Annotated[str | None, typer.Option(help="Only this action.")] = None,
    outcome: Annotated[str | None, typer.Option(help="allowed, denied or error.")] = None,
    from_on: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    to_on: Annotated[str | None, typer.Option("--to", help="Last shop day, YYYY-MM-DD.")] = None,
    tail: Annotated[str | None, typer.Option(help="A customer's mobile, last 4 digits.")] = None,
    surname: Annotated[
        str | None, typer.Option(help="A customer's surname (张, 欧阳) or masked name (张*三).")
    ] = None,
    page: PageOpt = None,
    after: Annotated[int | None, typer.Option(help="From the footer of the page before.")] = None,
    as_json: Json = False,
) -> None:
    """The trail as on the console's audit page, 50 events a page, newest first; the search is
    itself audited."""
    typed = {"actor": actor, "action": action, "outcome": outcome, "from_on": from_on,
             "to_on": to_on, "mobile_tail": tail, "surname": surname,
             "page": page, "after": after}  # fmt: skip
    wanted = audit_filter({k: str(v) for k, v in typed.items() if v is not None})
    with context.vault() as vault:
        found = search_audit_events(vault, context.actor(), wanted)
    paged(found, as_json, _events_table)


@app.command("verify")
def verify(
    checkpoint: Annotated[
        Path | None,
        typer.Option(help="A file from export-checkpoint: also catches a chain cut short."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Check every link of the hash chain; exit code 1 names the first bad event."""
    with context.vault() as vault:
        report = verify_audit_trail(vault, context.actor(), checkpoint=checkpoint)
    if as_json:
        emit_json({**plain(report), "is_intact": report.is_intact})
    else:
        _print_report(report)
    if report.first_problem is not None:
        more = report.problem_count - 1
        refuse(
            f"the audit trail is broken: {report.first_problem.message}"
            + (f" (and {more} more problem{'s' if more != 1 else ''})" if more else "")
        )
        raise typer.Exit(1)


def _print_report(report: VerifyReport) -> None:
    rate = report.events_checked / report.seconds if report.seconds else 0
    console.print(
        f"{events(report.events_checked)} in {report.chains_checked} "
        f"chain{'s' if report.chains_checked != 1 else ''} checked "
        f"in {report.seconds:.2f} s ({rate:,.0f} events/s)",
        highlight=False,
    )
    if report.checkpoint_taken_at is not None:
        console.print(
            f"compared with the checkpoint of {report.checkpoint_taken_at.isoformat()} "
            f"on {report.checkpoint_chains} chains",
            highlight=False,
        )
    if report.is_intact:
        console.print("audit trail intact", highlight=False)
    for problem in report.problems[1:]:
        console.print(f"also: {problem.message}", highlight=False, markup=False)


@app.command("export-checkpoint")
def export_checkpoint_(
    out: Annotated[
        Path | None, typer.Option(help="Write to this new file instead of printing it.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Each chain's head with a MAC; keep it off this machine, then `verify --checkpoint`."""
    if out is not None and out.exists():
        raise InvalidInputError(f"{out} exists; a checkpoint never overwrites another", field="out")
    with context.vault() as vault:
        document = export_checkpoint(vault, context.actor())
    text = json.dumps(document, indent=2)
    if out is None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)
        return
    out.write_text(text + "\n", encoding="utf-8")
    if as_json:
        emit_json({"out": str(out), "taken_at": document["taken_at"]})
    else:
        console.print(f"checkpoint written to {out}; keep a copy away from this machine")


@app.command("purge")
def purge(
    before: Annotated[
        datetime,
        typer.Option(formats=["%Y-%m-%d"], help="Delete events written before this day (UTC)."),
    ],
    as_json: Json = False,
) -> None:
    """Delete old events; entries younger than the retention period are always kept."""
    with context.vault() as vault:
        result = purge_audit(vault, context.actor(), before.date())
    if as_json:
        emit_json(result)
    else:
        console.print(
            f"{result.purged} events written before {result.before.isoformat()} purged "
            f"(retention {result.retention_days} days)",
            highlight=False,
        )


@app.command("retention")
def retention(
    days: Annotated[int, typer.Option(help="Keep audit events this many days (at least 183).")],
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        result = set_audit_retention(vault, context.actor(), days)
    if as_json:
        emit_json(result)
    else:
        console.print(
            f"audit events are kept {result.days} days (was {result.previous_days}); "
            f"purging is allowed before {result.latest_purge_date.isoformat()} at the latest",
            highlight=False,
        )
