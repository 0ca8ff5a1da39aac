"""/complaints: the privacy officer's queue, one complaint with its answer and request links;
/customers/{id}/complaint: the desk takes a question or complaint down for the customer whose
profile it came from (the customer is chosen there, never typed)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.complaints.answers import answer_complaint, link_requests
from privault.services.complaints.intake import record_complaint
from privault.services.complaints.records import get_complaint, list_complaints
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, gate, show

router = APIRouter()


@router.get("/complaints")
def complaints_page(
    request: Request, vault: VaultDep, actor: StaffActor, status: str = ""
) -> Response:
    found = list_complaints(vault, actor, status or None)
    return show(request, vault, actor, "complaints/list.html", {"complaints": found})


@router.get("/complaints/{complaint_id}")
def complaint_page(
    request: Request, vault: VaultDep, actor: StaffActor, complaint_id: str
) -> Response:
    return _complaint(request, vault, actor, complaint_id)


@router.post("/complaints/{complaint_id}/answer", dependencies=[GenuineForm])
def complaint_answer(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    complaint_id: str,
    answer: Annotated[str, Form()] = "",
) -> Response:
    try:
        answer_complaint(vault, actor, complaint_id, answer)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "answer")
        return _complaint(request, vault, actor, complaint_id, errors, status)
    return RedirectResponse(f"/complaints/{complaint_id}", 303)


@router.post("/complaints/{complaint_id}/requests", dependencies=[GenuineForm])
def complaint_requests(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    complaint_id: str,
    requests: Annotated[str, Form()] = "",
) -> Response:
    try:
        link_requests(vault, actor, complaint_id, requests.split())
    except PrivaultError as error:
        errors, status = form_errors(request, error, "link")
        return _complaint(request, vault, actor, complaint_id, errors, status)
    return RedirectResponse(f"/complaints/{complaint_id}", 303)


@router.get("/customers/{customer_id}/complaint")
def complaint_form(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    gate(vault, actor, Action.COMPLAINT_RECORD, "the complaint form")
    return _form(request, vault, actor, customer_id)


@router.post("/customers/{customer_id}/complaint", dependencies=[GenuineForm])
def complaint_record(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    kind: Annotated[str, Form()] = "",
    channel: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "zh",
    text: Annotated[str, Form()] = "",
) -> Response:
    try:
        taken = record_complaint(vault, actor, customer_id, kind, channel, text, language)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "record")
        return _form(request, vault, actor, customer_id, errors, status)
    return show(request, vault, actor, "complaints/taken.html", {"complaint": taken})


def _form(
    request: Request,
    vault: Vault,
    actor: Actor,
    customer_id: str,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {"customer_id": customer_id, "errors": errors or {}}
    return show(request, vault, actor, "complaints/new.html", context, status=status)


def _complaint(
    request: Request,
    vault: Vault,
    actor: Actor,
    complaint_id: str,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    found = get_complaint(vault, actor, complaint_id)
    context = {"complaint": found, "errors": errors or {}}
    return show(request, vault, actor, "complaints/show.html", context, status=status)
