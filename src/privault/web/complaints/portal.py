"""/portal/me/complaints: the signed-in customer asks a privacy question or makes a complaint
and reads the answers. Any other customer's id is refused by the services (403, audited)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.services.complaints.intake import submit_own_complaint
from privault.services.complaints.records import own_complaints
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, VaultDep
from privault.web.i18n import choose_language
from privault.web.portal.choices import honour_gpc
from privault.web.portal.pages import said
from privault.web.portal.refusals import refusals_as_portal_page
from privault.web.portal.session import CustomerActor, own_id
from privault.web.templating import render

router = APIRouter(
    prefix="/portal/me", dependencies=[Depends(refusals_as_portal_page), Depends(honour_gpc)]
)


@router.get("/complaints")
def complaints(
    request: Request, vault: VaultDep, actor: CustomerActor, done: str | None = None
) -> Response:
    return _page(request, vault, actor, done=done == "sent")


@router.post("/complaints", dependencies=[GenuineForm])
def submit(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: Annotated[str, Form()],
    kind: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
) -> Response:
    try:
        submit_own_complaint(vault, actor, customer_id, kind, text, choose_language(request))
    except InvalidInputError as error:
        errors = {error.field or "text": said(request, error)}
        return _page(request, vault, actor, values={"kind": kind, "text": text}, errors=errors)
    return RedirectResponse("/portal/me/complaints?done=sent", status_code=303)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    *,
    done: bool = False,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    customer_id = own_id(actor)
    context: dict[str, Any] = {
        "customer": actor,
        "customer_id": customer_id,
        "complaints": own_complaints(vault, actor, customer_id),
        "done": done,
        "values": values or {},
        "errors": errors or {},
    }
    status = 422 if errors else 200
    return render(request, "complaints/portal.html", context, status=status)
