"""The privacy officer's incident pages: /incidents (the register, a report form, drills) and
/incidents/{id} (clocks, affected customers, steps, response, notices, reports, closure).
Routes parse and render; the services decide and audit."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from privault.domain.errors import InvalidInputError, PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.incidents.affected import TrailFilter, find_affected_customers
from privault.services.incidents.drills import list_drills, record_drill
from privault.services.incidents.notices import (
    draft_regulator_report,
    notify_affected,
    regulator_report_pdf,
)
from privault.services.incidents.register import (
    IncidentReport,
    close_incident,
    describe_response,
    get_incident,
    list_incidents,
    report_incident,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, may, show

router = APIRouter()
Text = Annotated[str, Form(max_length=2000)]


def when(raw: str, field: str) -> datetime:
    """A time typed with its zone (datetime-local has none: the page asks for the offset)."""
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidInputError(
            "write the time with its zone, e.g. 2026-11-23T17:30+08:00", field=field
        )
    return parsed


@router.get("/incidents")
def incidents_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _register(request, vault, actor)


def _register(
    request: Request,
    vault: Vault,
    actor: Actor,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "register": list_incidents(vault, actor),
        "drills": list_drills(vault, actor),
        "can_manage": may(vault, actor, Action.INCIDENT_MANAGE),
        "errors": errors or {},
        "values": values or {},
    }
    return show(request, vault, actor, "incidents/list.html", context, status=status)


@router.post("/incidents", dependencies=[GenuineForm])
def report(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    title: Text = "",
    description: Text = "",
    severity: Text = "",
    detected_at: Text = "",
    reported_by: Text = "",
    fields: Text = "",
) -> Response:
    typed = {"title": title, "description": description, "severity": severity,
             "detected_at": detected_at, "reported_by": reported_by, "fields": fields}  # fmt: skip
    try:
        filed = IncidentReport(
            title, description, severity, when(detected_at, "detected_at"), reported_by, (fields,)
        )
        incident = report_incident(vault, actor, filed)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "report")
        return _register(request, vault, actor, errors=errors, values=typed, status=status)
    return RedirectResponse(f"/incidents/{incident.id}", status_code=303)


@router.post("/incidents/drills", dependencies=[GenuineForm])
def drill(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    held_on: Text = "",
    scenario: Text = "",
    findings: Text = "",
) -> Response:
    try:
        day = _day(held_on)
        record_drill(vault, actor, day, scenario, findings)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "drill")
        typed = {"held_on": held_on, "scenario": scenario, "findings": findings}
        return _register(request, vault, actor, errors=errors, values=typed, status=status)
    return RedirectResponse("/incidents", status_code=303)


def _day(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInputError("write the date as YYYY-MM-DD", field="held_on") from None


@router.get("/incidents/{incident_id}")
def incident_page(
    request: Request, vault: VaultDep, actor: StaffActor, incident_id: str
) -> Response:
    return _incident(request, vault, actor, incident_id)


def _incident(
    request: Request,
    vault: Vault,
    actor: Actor,
    incident_id: str,
    *,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "view": get_incident(vault, actor, incident_id),
        "can_manage": may(vault, actor, Action.INCIDENT_MANAGE),
        "can_notify": may(vault, actor, Action.INCIDENT_NOTIFY),
        "errors": errors or {},
        "notice": notice,
    }
    return show(request, vault, actor, "incidents/show.html", context, status=status)


@router.post("/incidents/{incident_id}/affected", dependencies=[GenuineForm])
def affected(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    incident_id: str,
    since: Text = "",
    until: Text = "",
    staff: Text = "",
    token: Text = "",
    store: Text = "",
    fields: Text = "",
    actions: Text = "",
) -> Response:
    try:
        wanted = TrailFilter(
            when(since, "since"), when(until, "until"), staff, token, store, (fields,), (actions,)
        )
        find_affected_customers(vault, actor, incident_id, wanted)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "affected")
        return _incident(request, vault, actor, incident_id, errors=errors, status=status)
    return RedirectResponse(f"/incidents/{incident_id}#affected", status_code=303)


@router.post("/incidents/{incident_id}/respond", dependencies=[GenuineForm])
def respond(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    incident_id: str,
    measures: Text = "",
    advice: Text = "",
    contact: Text = "",
) -> Response:
    try:
        describe_response(
            vault, actor, incident_id, measures=measures, advice=advice, contact=contact
        )
    except PrivaultError as error:
        errors, status = form_errors(request, error, "respond")
        return _incident(request, vault, actor, incident_id, errors=errors, status=status)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.post("/incidents/{incident_id}/notify", dependencies=[GenuineForm])
def notify(request: Request, vault: VaultDep, actor: StaffActor, incident_id: str) -> Response:
    try:
        notify_affected(vault, actor, incident_id)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "notify")
        return _incident(request, vault, actor, incident_id, errors=errors, status=status)
    return RedirectResponse(f"/incidents/{incident_id}#affected", status_code=303)


@router.post("/incidents/{incident_id}/close", dependencies=[GenuineForm])
def close(
    request: Request, vault: VaultDep, actor: StaffActor, incident_id: str, lessons: Text = ""
) -> Response:
    try:
        close_incident(vault, actor, incident_id, lessons)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "close")
        return _incident(request, vault, actor, incident_id, errors=errors, status=status)
    return RedirectResponse(f"/incidents/{incident_id}", status_code=303)


@router.get("/incidents/{incident_id}/report")
def regulator_report(
    vault: VaultDep, actor: StaffActor, incident_id: str, language: str = "zh", fmt: str = "text"
) -> Response:
    """The draft as plain text, to paste into the regulator's form, or as a PDF to file."""
    if fmt == "pdf":
        data = regulator_report_pdf(vault, actor, incident_id, language)
        name = f"incident-{incident_id[:8]}-report-{language}.pdf"
        disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(data, media_type="application/pdf", headers=disposition)
    text = draft_regulator_report(vault, actor, incident_id, language)
    return PlainTextResponse(text)
