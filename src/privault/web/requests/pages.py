"""The request queue, one request's page with its deadlines, and opening a request for a
customer at the front desk."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError, PrivaultError
from privault.domain.paging import Page
from privault.domain.policy import Action, Actor
from privault.domain.requests import (
    COMPLAINT_ROUTES,
    RefusalReason,
    Regime,
    RequestChannel,
    RequestStatus,
    RequestType,
    needs_verification,
)
from privault.services.consents.catalog_labels import catalog_labels
from privault.services.customers.records import get_customer
from privault.services.requests.files import PACKAGE_TYPES, list_answer_files, read_answer_file
from privault.services.requests.handling import get_request, open_request
from privault.services.requests.queue import page_requests, queue_filter
from privault.services.requests.subject import masked_subjects, subject_state
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, gate, may, show
from privault.web.paging import filter_query, typed_filters

router = APIRouter()
EXTENDABLE = (Regime.EU, Regime.CA)
NEW_FIELDS = ("type", "channel", "received_on", "note")
QUEUE_PARAMETERS = ("status", "type", "mobile_tail", "surname", "sort", "page")


@router.get("/requests")
def request_queue(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    typed = typed_filters(request, QUEUE_PARAMETERS)
    context: dict[str, Any] = {
        "statuses": list(RequestStatus),
        "types": list(RequestType),
        "values": typed,
        "query": filter_query(typed),
    }
    try:
        wanted = queue_filter(typed)
    except InvalidInputError as error:
        errors, code = form_errors(request, error, "filter")
        context |= {"page": Page.cut([], 1), "names": {}, "errors": errors}
        return show(request, vault, actor, "requests/queue.html", context, status=code)
    listed = page_requests(vault, actor, wanted)
    names = masked_subjects(vault, actor, [r.customer_id for r in listed.items])
    context |= {"page": listed, "names": names}
    return show(request, vault, actor, "requests/queue.html", context)


@router.get("/requests/new")
def new_request_form(
    request: Request, vault: VaultDep, actor: StaffActor, customer: str = ""
) -> Response:
    gate(vault, actor, Action.REQUEST_OPEN, "GET /requests/new")
    return _new_form(request, vault, actor, customer, {}, {})


@router.post("/requests/new", dependencies=[GenuineForm])
def open_new_request(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer: Annotated[str, Form()] = "",
    type: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "",
    received_on: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    values = dict(zip(NEW_FIELDS, (type, channel, received_on, note), strict=True))
    try:
        opened = open_request(vault, actor, customer, type, channel, received_on or None, note)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "new")
        return _new_form(request, vault, actor, customer, values, errors, status=status)
    if not may(vault, actor, Action.REQUEST_READ):  # the desk opens; the officer answers
        return RedirectResponse(f"/customers/{customer}?done=request_with_officer", status_code=303)
    return RedirectResponse(f"/requests/{opened.id}", status_code=303)


def _new_form(
    request: Request,
    vault: Vault,
    actor: Actor,
    customer: str,
    values: dict[str, str],
    errors: dict[str, str],
    *,
    status: int = 200,
) -> Response:
    context = {
        "customer": customer,
        "customer_name": _customer_name(vault, actor, customer),
        "types": list(RequestType),
        "channels": list(RequestChannel),
        "values": values,
        "errors": errors,
    }
    return show(request, vault, actor, "requests/new.html", context, status=status)


def _customer_name(vault: Vault, actor: Actor, customer: str) -> str:
    """The masked name of the customer a request is opened for (the desk comes from their
    profile), so the form never asks anyone to type an internal id."""
    if not customer:
        return ""
    try:
        return get_customer(vault, actor, customer).fields.get("name", "")
    except PrivaultError:
        return ""  # the service's refusal is shown when the form is sent


@router.get("/requests/{request_id}")
def request_page(request: Request, vault: VaultDep, actor: StaffActor, request_id: str) -> Response:
    return show_request(request, vault, actor, request_id)


def show_request(
    request: Request,
    vault: Vault,
    actor: Actor,
    request_id: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    notice: str | None = None,
    status: int = 200,
) -> Response:
    """The request with the steps its status and the viewer's role allow; a failed step shows
    its form again with the error next to the field and the typed values kept."""
    shown = get_request(vault, actor, request_id)
    officer = may(vault, actor, Action.REQUEST_FULFIL)
    context = {
        "req": shown,
        "subject": subject_state(vault, actor, request_id),
        "files": list_answer_files(vault, actor, request_id) if officer else [],
        "is_package": shown.type in PACKAGE_TYPES,
        "awaiting_verification": shown.status is RequestStatus.RECEIVED
        and needs_verification(shown.type),
        "labels": catalog_labels(vault),
        "reasons": list(RefusalReason),
        "routes": [COMPLAINT_ROUTES[r] for r in shown.regimes],
        "extendable": [r for r in shown.regimes if r in EXTENDABLE],
        "errors": errors or {},
        "values": values or {},
        "notice": notice,
        "change_rows": range(3),
    }
    return show(request, vault, actor, "requests/show.html", context, status=status)


@router.get("/requests/{request_id}/files/{name}")
def answer_file(request_id: str, name: str, vault: VaultDep, actor: StaffActor) -> Response:
    """The package for the customer, to the privacy officer only; each download is audited."""
    found = read_answer_file(vault, actor, request_id, name)
    return Response(
        found.content,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{found.name}"',
            "Cache-Control": "no-store",
        },
    )
