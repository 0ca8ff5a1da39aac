"""The audit trail view: a page of filtered events, and verifying the chain with its first bad
event."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.services.audit.search import (
    ACTIONS,
    FILTERS,
    AuditFilter,
    audit_filter,
    search_audit_events,
)
from privault.services.audit.trail import verify_audit_trail
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show
from privault.web.paging import filter_query, typed_filters

router = APIRouter()
PARAMETERS = (*FILTERS, "order", "page", "after", "before")


@router.get("/audit")
def audit_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    typed = typed_filters(request, PARAMETERS)
    context = _context(typed)
    try:
        wanted = audit_filter(typed)
    except InvalidInputError as error:
        errors, status = form_errors(request, error, "filter")
        # The first page unfiltered, its links without the bad value.
        first = search_audit_events(vault, actor, AuditFilter())
        context |= {"errors": errors, "page": first, "query": ""}
        return show(request, vault, actor, "audit/list.html", context, status=status)
    context["page"] = search_audit_events(vault, actor, wanted)
    return show(request, vault, actor, "audit/list.html", context)


@router.post("/audit/verify", dependencies=[GenuineForm])
def verify(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    report = verify_audit_trail(vault, actor)
    context = _context(dict.fromkeys(PARAMETERS, "")) | {"report": report}
    return _first_page(request, vault, actor, context)


def _first_page(request: Request, vault: Vault, actor: Actor, context: dict[str, Any]) -> Response:
    context["page"] = search_audit_events(vault, actor, AuditFilter())
    return show(request, vault, actor, "audit/list.html", context)


def _context(typed: dict[str, str]) -> dict[str, Any]:
    return {
        "values": typed,
        "query": filter_query(typed),
        "outcomes": list(Outcome),
        "actions": ACTIONS,
        "report": None,
    }
