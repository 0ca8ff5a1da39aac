"""Alerts for the privacy officer (the auditor reads them too), acknowledged with a note."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.audit.alerts import ack_alert, list_alerts
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show

router = APIRouter()


@router.get("/alerts")
def alerts_page(
    request: Request, vault: VaultDep, actor: StaffActor, all: bool = False
) -> Response:
    return _page(request, vault, actor, include_acked=all)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    *,
    include_acked: bool = False,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "alerts": list_alerts(vault, actor, include_acked=include_acked),
        "include_acked": include_acked,
        "errors": errors or {},
        "values": values or {},
    }
    return show(request, vault, actor, "alerts/list.html", context, status=status)


@router.post("/alerts/{alert_id}/ack", dependencies=[GenuineForm])
def acknowledge(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    alert_id: int,
    note: Annotated[str, Form()] = "",
) -> Response:
    try:
        ack_alert(vault, actor, alert_id, note)
    except PrivaultError as error:
        errors, status = form_errors(request, error, f"ack-{alert_id}")
        values = {f"ack-{alert_id}": note}
        return _page(request, vault, actor, errors=errors, values=values, status=status)
    return RedirectResponse("/alerts", status_code=303)
