"""/partners/<id>: one partner, its agreements and the deletion notices erasures sent it, the
pending ones with the form that records the partner's confirmation. Routes parse and render; the
services decide, refuse and audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.partners.deletions import confirm_partner_deletion, view_partner
from privault.services.partners.history import shop_time
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, may, show

router = APIRouter()
Text = Annotated[str, Form(max_length=400)]


@router.get("/partners/{partner_id}")
def partner_page(request: Request, vault: VaultDep, actor: StaffActor, partner_id: str) -> Response:
    return _partner(request, vault, actor, partner_id, {})


@router.post("/partners/{partner_id}/deletions/{notice_id}/confirm", dependencies=[GenuineForm])
def confirm(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    partner_id: str,
    notice_id: str,
    reference: Text,
) -> Response:
    try:
        confirm_partner_deletion(vault, actor, notice_id, reference)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "deletion")
        return _partner(request, vault, actor, partner_id, {"errors": errors}, status)
    return RedirectResponse(f"/partners/{partner_id}?confirmed=1", status_code=303)


def _partner(
    request: Request,
    vault: Vault,
    actor: Actor,
    partner_id: str,
    extra: dict[str, Any],
    status: int = 200,
) -> Response:
    context = {"view": view_partner(vault, actor, partner_id), "errors": {},
               "shop_time": shop_time,
               "may_manage": may(vault, actor, Action.PARTNERS_MANAGE)}  # fmt: skip
    return show(request, vault, actor, "partners/detail.html", context | extra, status=status)
