"""The privacy officer's violations page: /violations (the register, a form to record one, and
sanctions). Routes parse and render; the services decide and audit."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError, PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.vault import Vault
from privault.services.violations.register import (
    ViolationReport,
    list_violations,
    parse_ids,
    record_violation,
)
from privault.services.violations.sanctions import impose_sanction
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, may, show

router = APIRouter()
Text = Annotated[str, Form(max_length=2000)]


def _day(raw: str, field: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInputError("write the date as YYYY-MM-DD", field=field) from None


@router.get("/violations")
def violations_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _page(request, vault, actor)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "violations": list_violations(vault, actor),
        "can_manage": may(vault, actor, Action.VIOLATION_MANAGE),
        "errors": errors or {},
        "values": values or {},
    }
    return show(request, vault, actor, "violations/list.html", context, status=status)


@router.post("/violations", dependencies=[GenuineForm])
def record(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    staff: Text = "",
    occurred_on: Text = "",
    description: Text = "",
    alerts: Text = "",
    events: Text = "",
) -> Response:
    typed = {"staff": staff, "occurred_on": occurred_on, "description": description,
             "alerts": alerts, "events": events}  # fmt: skip
    try:
        day = _day(occurred_on, "occurred_on") or vault.clock().date()
        report = ViolationReport(
            staff, day, description, parse_ids([alerts], "alert_ids"),
            parse_ids([events], "event_ids"),
        )  # fmt: skip
        record_violation(vault, actor, report)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "record")
        return _page(request, vault, actor, errors=errors, values=typed, status=status)
    return RedirectResponse("/violations", status_code=303)


@router.post("/violations/{violation_id}/sanction", dependencies=[GenuineForm])
def sanction(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    violation_id: str,
    kind: Text = "",
    starts_on: Text = "",
    ends_on: Text = "",
) -> Response:
    try:
        first, last = _day(starts_on, "starts_on"), _day(ends_on, "ends_on")
        impose_sanction(vault, actor, violation_id, kind, first, last)
    except PrivaultError as error:
        errors, status = form_errors(request, error, f"sanction-{violation_id}")
        return _page(request, vault, actor, errors=errors, status=status)
    return RedirectResponse("/violations", status_code=303)
