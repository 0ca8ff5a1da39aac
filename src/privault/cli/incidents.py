"""`privault incidents ...`: the register, affected customers from the trail, clocks, notices,
the regulator's reports, closure and drills."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, record, table
from privault.domain.errors import InvalidInputError
from privault.services.incidents.affected import TrailFilter, find_affected_customers
from privault.services.incidents.drills import check_drills, list_drills, record_drill
from privault.services.incidents.notices import (
    draft_regulator_report,
    notify_affected,
    regulator_report_pdf,
)
from privault.services.incidents.register import (
    IncidentReport,
    IncidentView,
    close_incident,
    describe_response,
    get_incident,
    list_incidents,
    record_step,
    report_incident,
)

app = typer.Typer(help="Security incidents: register, affected customers, clocks, notices.")
IncidentId = Annotated[str, typer.Argument(help="The incident's id.")]
When = Annotated[str, typer.Option(help="ISO time with its zone, e.g. 2026-11-23T17:30+08:00.")]


def when(raw: str, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidInputError(
            "write the time with its zone, e.g. 2026-11-23T17:30+08:00", field=field
        )
    return parsed


@app.command("report")
def report(
    title: Annotated[str, typer.Option(help="What happened, in a line.")],
    description: Annotated[str, typer.Option(help="What happened, in full.")],
    severity: Annotated[str, typer.Option(help="一般/较大/重大/特别重大 or general ...")],
    detected_at: When,
    reported_by: Annotated[str, typer.Option(help="Who reported it.")],
    fields: Annotated[str, typer.Option(help="The data involved, e.g. name,mobile.")] = "",
    as_json: Json = False,
) -> None:
    """Register an incident; its clocks run from the detection."""
    filed = IncidentReport(
        title, description, severity, when(detected_at, "detected_at"), reported_by, (fields,)
    )
    with context.vault() as vault:
        incident = report_incident(vault, context.actor(), filed)
    if as_json:
        emit_json(incident)
    else:
        console.print(f"incident {incident.id} registered", highlight=False)


@app.command("list")
def list_(as_json: Json = False) -> None:
    with context.vault() as vault:
        found = list_incidents(vault, context.actor())
    if as_json:
        emit_json({"incidents": found.incidents, "zone": found.zone})
        return
    rows = [
        (i.id, i.severity.value, i.status.value, found.local(i.detected_at), i.title)
        for i in found.incidents
    ]
    table("incidents", ["id", "severity", "status", "detected", "title"], rows)


@app.command("show")
def show(incident_id: IncidentId, as_json: Json = False) -> None:
    """The incident, its steps, the affected customers per regime and its clocks."""
    with context.vault() as vault:
        view = get_incident(vault, context.actor(), incident_id)
    _show(view, as_json)


def _show(view: IncidentView, as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "incident": view.incident,
                "actions": view.actions,
                "affected": len(view.affected),
                "people_by_regime": view.people_by_regime,
                "clocks": view.clocks,
                "trail": view.trail,
            }
        )
        return
    i = view.incident
    record("incident", [("id", i.id), ("title", i.title), ("severity", i.severity.value),
                        ("status", i.status.value), ("detected", i.detected_at),
                        ("affected", len(view.affected))])  # fmt: skip
    rows = [(c.duty.value, c.regime, c.due_at, c.people) for c in view.clocks]
    table("clocks", ["duty", "regime", "due", "people"], rows)


@app.command("affected")
def affected(
    incident_id: IncidentId,
    since: When,
    until: When,
    staff: Annotated[str | None, typer.Option(help="Only this staff member's events.")] = None,
    token: Annotated[str | None, typer.Option(help="Only this API token's events.")] = None,
    store: Annotated[str | None, typer.Option(help="Only this store's events.")] = None,
    fields: Annotated[str, typer.Option(help="Only events on these fields.")] = "",
    actions: Annotated[str, typer.Option(help="Only these actions.")] = "",
    checkpoint: Annotated[
        Path | None, typer.Option(help="Check the trail from this checkpoint on.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Find the affected customers in the audit trail, checking its integrity in the same step."""
    wanted = TrailFilter(
        when(since, "since"), when(until, "until"), staff, token, store, (fields,), (actions,)
    )
    with context.vault() as vault:
        found = find_affected_customers(
            vault, context.actor(), incident_id, wanted, checkpoint=checkpoint
        )
    if as_json:
        emit_json(found)
        return
    trail = "intact" if found.integrity.is_intact else f"BROKEN: {found.integrity.first_problem}"
    console.print(
        f"{found.customers} affected customers ({found.people_by_regime}); audit trail {trail}, "
        f"{found.integrity.events_checked} events checked",
        highlight=False,
    )


@app.command("respond")
def respond(
    incident_id: IncidentId,
    measures: Annotated[str, typer.Option(help="What was done.")],
    advice: Annotated[str, typer.Option(help="What the people affected can do.")],
    contact: Annotated[str, typer.Option(help="Whom they contact.")],
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        incident = describe_response(
            vault, context.actor(), incident_id, measures=measures, advice=advice, contact=contact
        )
    _done(as_json, incident, f"incident {incident.id} is {incident.status.value}")


@app.command("step")
def step(incident_id: IncidentId, note: str, as_json: Json = False) -> None:
    """Record a step the privacy officer took."""
    with context.vault() as vault:
        taken = record_step(vault, context.actor(), incident_id, note)
    _done(as_json, taken, "step recorded")


@app.command("notify")
def notify(incident_id: IncidentId, as_json: Json = False) -> None:
    """Tell every affected customer not yet told, by SMS or email."""
    with context.vault() as vault:
        run = notify_affected(vault, context.actor(), incident_id)
    _done(as_json, run, f"sent {run.sent}; {run.unreachable} unreachable; {run.already} before")


@app.command("draft-report")
def draft_report(
    incident_id: IncidentId,
    language: Annotated[str, typer.Option(help="zh (the CAC) or en.")] = "zh",
    fmt: Annotated[str, typer.Option("--format", help="text, or pdf (needs --out).")] = "text",
    out: Annotated[Path | None, typer.Option(help="Where to write the PDF.")] = None,
    as_json: Json = False,
) -> None:
    """The regulator's report drafted from the record, as text or a PDF file."""
    if fmt == "pdf":
        _report_pdf(incident_id, language, out, as_json)
        return
    with context.vault() as vault:
        text = draft_regulator_report(vault, context.actor(), incident_id, language)
    if as_json:
        emit_json({"language": language, "report": text})
    else:
        console.print(text, markup=False, highlight=False, soft_wrap=True)


@app.command("close")
def close(
    incident_id: IncidentId,
    lessons: Annotated[str, typer.Option(help="The lessons learned.")],
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        incident = close_incident(vault, context.actor(), incident_id, lessons)
    _done(as_json, incident, f"incident {incident.id} closed")


@app.command("drill")
def drill(
    held_on: Annotated[str, typer.Option(help="The day, YYYY-MM-DD.")],
    scenario: Annotated[str, typer.Option(help="What was rehearsed.")],
    findings: Annotated[str, typer.Option(help="What was learned.")],
    as_json: Json = False,
) -> None:
    """Record an incident drill (yearly)."""
    try:
        day = date.fromisoformat(held_on)
    except ValueError:
        raise InvalidInputError("write the date as YYYY-MM-DD", field="held_on") from None
    with context.vault() as vault:
        held = record_drill(vault, context.actor(), day, scenario, findings)
    _done(as_json, held, f"drill {held.id} recorded")


@app.command("drills")
def drills(as_json: Json = False) -> None:
    """The drills held, newest first; alerts the officer when none in 12 months."""
    with context.vault() as vault:
        found = list_drills(vault, context.actor())
        overdue = check_drills(vault, context.actor())
    if as_json:
        emit_json({"drills": found, "overdue": overdue})
        return
    table("drills", ["held", "scenario"], [(d.held_on, d.scenario) for d in found])
    if overdue:
        console.print("no drill in the last 12 months: the privacy officer was alerted")


def _done(as_json: bool, value: object, text: str) -> None:
    if as_json:
        emit_json(value)
    else:
        console.print(text, highlight=False)


def _report_pdf(incident_id: str, language: str, out: Path | None, as_json: bool) -> None:
    if out is None:
        raise InvalidInputError("name the file to write with --out", field="out")
    with context.vault() as vault:
        data = regulator_report_pdf(vault, context.actor(), incident_id, language)
    out.write_bytes(data)
    _done(as_json, {"language": language, "file": str(out)}, f"report written to {out}")
