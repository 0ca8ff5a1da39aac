"""A customer's profile tabs beside the details and consents: their rights requests, and who saw
the customer (their audit trail, for the roles that read audit). Routes parse and render; the
services check the policy and record each reading."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from privault.services.audit.events import list_audit_events
from privault.services.customers.records import get_customer
from privault.services.requests.handling import list_requests
from privault.web.auth import StaffActor, VaultDep
from privault.web.frame import frame
from privault.web.templating import render

router = APIRouter()
TRAIL_ROWS = 200  # the newest; the audit page pages through the rest


@router.get("/customers/{customer_id}/requests")
def customer_requests(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    customer = get_customer(vault, actor, customer_id)
    requests = list_requests(vault, actor, customer_id=customer.id)
    context = frame(request, vault, actor, customer=customer, requests=requests)
    return render(request, "customers/requests.html", context)


@router.get("/customers/{customer_id}/trail")
def customer_trail(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    customer = get_customer(vault, actor, customer_id)
    events = list_audit_events(vault, actor, customer_id=customer.id, limit=TRAIL_ROWS)
    context = frame(request, vault, actor, customer=customer, events=events)
    return render(request, "customers/trail.html", context)
