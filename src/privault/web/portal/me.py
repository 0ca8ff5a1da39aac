"""The signed-in customer's own pages: their data (masked, with reveal), a copy to download,
corrections, consents and rights requests. Every id a URL or form names goes to the portal
services, which refuse (403, audited) any customer but the signed-in one; the router shows
every such refusal on the portal's own page (portal_refusals.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.domain.requests import RequestType
from privault.services.members.own import own_membership
from privault.services.portal.consents import (
    give_consent,
    own_consent_page,
    preview_own_withdrawal,
    renew_own_consents,
    withdraw_own_consent,
)
from privault.services.portal.own_ledgers import own_ledgers
from privault.services.portal.own_record import correct_own, own_copy, own_record, reveal_own
from privault.services.portal.requests import open_own_request, own_requests
from privault.web.auth import GenuineForm, VaultDep
from privault.web.i18n import choose_language
from privault.web.ledgers.rows import view
from privault.web.portal.choices import honour_gpc
from privault.web.portal.pages import page, said
from privault.web.portal.refusals import refusals_as_portal_page
from privault.web.portal.session import CustomerActor, own_id

router = APIRouter(
    prefix="/portal/me", dependencies=[Depends(refusals_as_portal_page), Depends(honour_gpc)]
)
# What a customer may ask for here (an explanation or a restriction too); the officer answers.
REQUEST_TYPES = tuple(RequestType)
NOTES = {"corrected", "given", "withdrawn", "opened", "objected", "no_marketing", "arranged"}
NOTES |= {"arrangement_refused"}
NOTES |= {"renewed"}
# English msgids; the catalog translates them.
TYPE_LABELS = {
    "access": "Tell me what you hold about me",
    "copy": "A copy of my data",
    "portability": "My data for another company",
    "correction": "Correct my data",
    "supplement": "Add to my data",
    "deletion": "Delete my data",
    "withdraw_consent": "Withdraw a consent",
    "explanation": "Explain how my data is used",
    "restriction": "Stop using my data for now",
    "opt_out_sale_sharing": "Do not share my data",
    "account_closure": "Close my account",
}
STATUS_LABELS = {
    "received": "Received",
    "identity_verified": "Identity confirmed",
    "in_progress": "In progress",
    "completed": "Completed",
    "refused": "Refused",
}


def _me(
    request: Request,
    vault: VaultDep,
    actor: Actor,
    customer_id: str,
    *,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    record = own_record(vault, actor, customer_id)
    lang = choose_language(request)
    context = {
        "customer": actor,
        "customer_id": record.customer_id,
        "record": record,
        "accounts": [view(a, lang) for a in own_ledgers(vault, actor, customer_id)],
        "member": own_membership(vault, actor, record.customer_id),
        "values": {},
        "errors": {},
        **(extra or {}),
    }
    return page(request, "me", context, status=status)


@router.get("")
def me(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: str | None = None,
    done: str | None = None,
) -> Response:
    return _me(request, vault, actor, customer_id or own_id(actor), extra={"done": _note(done)})


@router.post("/reveal", dependencies=[GenuineForm])
def reveal(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: Annotated[str, Form()],
    field: Annotated[str, Form()],
) -> Response:
    value = reveal_own(vault, actor, customer_id, field)
    return _me(request, vault, actor, customer_id, extra={"revealed": {field: value}})


@router.get("/copy")
def copy(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: str | None = None,
    format: str = "json",
) -> Response:
    """JSON for another service, CSV for a spreadsheet, PDF to read (in the page's language)."""
    lang = choose_language(request)
    package = own_copy(vault, actor, customer_id or own_id(actor), format, lang)
    disposition = f'attachment; filename="{package.filename}"'
    return Response(
        package.content, media_type=package.media_type, headers={"Content-Disposition": disposition}
    )


@router.post("/correct", dependencies=[GenuineForm])
async def correct(request: Request, vault: VaultDep, actor: CustomerActor) -> Response:
    form = await request.form()
    customer_id = str(form.get("customer_id", ""))
    values = {
        str(k).removeprefix("field."): str(v)
        for k, v in form.items()
        if str(k).startswith("field.") and isinstance(v, str)
    }
    try:
        correct_own(vault, actor, customer_id, values)
    except InvalidInputError as error:
        extra = {"values": values, "errors": {error.field or "fields": said(request, error)}}
        return _me(request, vault, actor, customer_id, extra=extra, status=422)
    return RedirectResponse("/portal/me?done=corrected", status_code=303)


@router.get("/consents")
def consents(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: str | None = None,
    done: str | None = None,
) -> Response:
    return _consents(request, vault, actor, customer_id or own_id(actor), done=_note(done))


def _consents(
    request: Request,
    vault: VaultDep,
    actor: Actor,
    customer_id: str,
    *,
    done: str | None = None,
    error: str | None = None,
) -> Response:
    shown = own_consent_page(vault, actor, customer_id)
    context = {
        "customer": actor,
        "customer_id": customer_id,
        "choices": shown.choices,
        "consent_page": shown,
        "done": done,
        "error": error,
    }
    return page(request, "consents", context, status=422 if error else 200)


@router.post("/consents/give", dependencies=[GenuineForm])
def give(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: Annotated[str, Form()],
    purpose: Annotated[str, Form()],
) -> Response:
    return _change_consent(request, vault, actor, customer_id, purpose, giving=True)


@router.post("/consents/withdraw", dependencies=[GenuineForm])
def withdraw(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: Annotated[str, Form()],
    purpose: Annotated[str, Form()],
    confirmed: Annotated[str, Form()] = "",
) -> Response:
    """A withdrawal that deletes data first says what it deletes; `confirmed=yes` then
    withdraws. One that deletes nothing is done at once."""
    if confirmed != "yes":
        try:
            preview = preview_own_withdrawal(vault, actor, customer_id, purpose)
        except InvalidInputError as error:
            return _consents(request, vault, actor, own_id(actor), error=said(request, error))
        if preview.is_deleting:
            context = {"customer": actor, "customer_id": customer_id, "preview": preview}
            return page(request, "confirm_withdrawal", context)
    return _change_consent(request, vault, actor, customer_id, purpose, giving=False)


@router.post("/consents/renew", dependencies=[GenuineForm])
def renew(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: Annotated[str, Form()],
) -> Response:
    """Every consent a material notice change put on hold, given again in one step."""
    try:
        renew_own_consents(vault, actor, customer_id)
    except InvalidInputError as error:
        return _consents(request, vault, actor, own_id(actor), error=said(request, error))
    return RedirectResponse("/portal/me/consents?done=renewed", status_code=303)


def _change_consent(
    request: Request, vault: VaultDep, actor: Actor, customer_id: str, purpose: str, *, giving: bool
) -> Response:
    try:
        if giving:
            give_consent(vault, actor, customer_id, purpose)
        else:
            withdraw_own_consent(vault, actor, customer_id, purpose)
    except InvalidInputError as error:
        return _consents(request, vault, actor, own_id(actor), error=said(request, error))
    done = "given" if giving else "withdrawn"
    return RedirectResponse(f"/portal/me/consents?done={done}", status_code=303)


@router.get("/requests")
def requests(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: str | None = None,
    done: str | None = None,
) -> Response:
    return _requests(request, vault, actor, customer_id or own_id(actor), done=_note(done))


def _requests(
    request: Request,
    vault: VaultDep,
    actor: Actor,
    customer_id: str,
    *,
    done: str | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    listed = own_requests(vault, actor, customer_id)
    context = {
        "customer": actor,
        "customer_id": customer_id,
        "requests": listed,
        "types": REQUEST_TYPES,
        "type_labels": TYPE_LABELS,
        "status_labels": STATUS_LABELS,
        "done": done,
        "values": values or {},
        "errors": errors or {},
    }
    return page(request, "requests", context, status=422 if errors else 200)


@router.post("/requests", dependencies=[GenuineForm])
def open_request(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: Annotated[str, Form()],
    type: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    try:
        open_own_request(vault, actor, customer_id, type, note)
    except InvalidInputError as error:
        values = {"type": type, "note": note}
        errors = {error.field or "type": said(request, error)}
        return _requests(request, vault, actor, own_id(actor), values=values, errors=errors)
    return RedirectResponse("/portal/me/requests?done=opened", status_code=303)


def _note(done: str | None) -> str | None:
    """Only the known notes: a link cannot make the page say something else."""
    return done if done in NOTES else None
