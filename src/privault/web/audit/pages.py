"""The audit trail view: filtered events, and verifying the chain with its first bad event."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError
from privault.services.audit.search import AuditFilter, audit_filter, search_audit_events
from privault.services.audit.trail import verify_audit_trail
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show

router = APIRouter()
FILTERS = ("customer_id", "actor", "action", "outcome")


@router.get("/audit")
def audit_page(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str = "",
    actor_name: str = "",
    action: str = "",
    outcome: str = "",
) -> Response:
    typed = {"customer_id": customer_id, "actor": actor_name, "action": action, "outcome": outcome}
    context: dict[str, Any] = {"values": typed, "outcomes": list(Outcome), "report": None}
    try:
        wanted = audit_filter(customer_id, actor_name, action, outcome)
    except InvalidInputError as error:
        errors, status = form_errors(request, error, "filter")
        context |= {"errors": errors, "events": search_audit_events(vault, actor, AuditFilter())}
        return show(request, vault, actor, "audit/list.html", context, status=status)
    context["events"] = search_audit_events(vault, actor, wanted)
    return show(request, vault, actor, "audit/list.html", context)


@router.post("/audit/verify", dependencies=[GenuineForm])
def verify(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    report = verify_audit_trail(vault, actor)
    context = {
        "values": dict.fromkeys(FILTERS, ""),
        "outcomes": list(Outcome),
        "report": report,
        "events": search_audit_events(vault, actor, AuditFilter()),
    }
    return show(request, vault, actor, "audit/list.html", context)
