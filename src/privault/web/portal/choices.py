"""The customer's one-step privacy choices in the portal: the California links "Do Not Sell or
Share My Personal Information" and "Limit the Use of My Sensitive Personal Information", the
Global Privacy Control signal honoured on every signed-in page, and the objection to all direct
marketing on the consents page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError
from privault.domain.privacy_choices import GPC_HEADER, is_gpc_signal
from privault.services.portal.privacy_choices import (
    PrivacyChoices,
    arrange_own_after_death,
    limit_sensitive_use,
    object_to_direct_marketing,
    opt_out_own,
    preview_limit_sensitive,
    privacy_choices,
)
from privault.web.auth import GenuineForm, VaultDep
from privault.web.portal.pages import page
from privault.web.portal.refusals import refusals_as_portal_page
from privault.web.portal.session import CustomerActor, own_id

DONE = {"opted_out", "already", "limited", "nothing"}


def honour_gpc(request: Request, vault: VaultDep, actor: CustomerActor) -> PrivacyChoices:
    """A router dependency: the page's frame shows the California links and whether a GPC
    signal was honoured (kept on request.state for the templates)."""
    signal = is_gpc_signal(request.headers.get(GPC_HEADER))
    choices = privacy_choices(vault, actor, own_id(actor), gpc=signal)
    request.state.privacy_choices = choices
    request.state.gpc_signal = signal
    return choices


Choices = Annotated[PrivacyChoices, Depends(honour_gpc)]
router = APIRouter(
    prefix="/portal/me",
    dependencies=[Depends(refusals_as_portal_page), Depends(honour_gpc)],
)


@router.get("/do-not-sell")
def do_not_sell(
    request: Request, actor: CustomerActor, choices: Choices, done: str | None = None
) -> Response:
    context = {"customer": actor, "customer_id": own_id(actor), "choices": choices}
    return page(request, "do_not_sell", {**context, "done": _done(done)})


@router.post("/do-not-sell", dependencies=[GenuineForm])
def opt_out(vault: VaultDep, actor: CustomerActor, customer_id: Annotated[str, Form()]) -> Response:
    withdrawn = opt_out_own(vault, actor, customer_id)
    done = "already" if withdrawn is None else "opted_out"
    return RedirectResponse(f"/portal/me/do-not-sell?done={done}", status_code=303)


@router.get("/limit-sensitive")
def limit_page(
    request: Request, actor: CustomerActor, choices: Choices, done: str | None = None
) -> Response:
    context = {"customer": actor, "customer_id": own_id(actor), "choices": choices}
    return page(request, "limit_sensitive", {**context, "done": _done(done)})


@router.post("/limit-sensitive", dependencies=[GenuineForm])
def limit(
    request: Request,
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: Annotated[str, Form()],
    confirmed: Annotated[str, Form()] = "",
) -> Response:
    """Limiting deletes what only the sensitive uses needed: the customer sees what first and
    confirms (`confirmed=yes`); a limit that deletes nothing is done at once."""
    if confirmed != "yes":
        preview = preview_limit_sensitive(vault, actor, customer_id)
        if preview.is_deleting:
            context = {"customer_id": customer_id, "preview": preview, "limiting": True}
            return page(request, "confirm_withdrawal", {"customer": actor, **context})
    done = limit_sensitive_use(vault, actor, customer_id)
    note = "limited" if done.withdrawn else "nothing"
    return RedirectResponse(f"/portal/me/limit-sensitive?done={note}", status_code=303)


@router.post("/consents/object-to-marketing", dependencies=[GenuineForm])
def object_to_marketing(
    vault: VaultDep, actor: CustomerActor, customer_id: Annotated[str, Form()]
) -> Response:
    done = object_to_direct_marketing(vault, actor, customer_id)
    note = "objected" if done.withdrawn else "no_marketing"
    return RedirectResponse(f"/portal/me/consents?done={note}", status_code=303)


@router.post("/consents/after-death", dependencies=[GenuineForm])
def after_death(
    vault: VaultDep,
    actor: CustomerActor,
    customer_id: Annotated[str, Form()],
    arrangement: Annotated[str, Form()] = "",
) -> Response:
    try:
        arrange_own_after_death(vault, actor, customer_id, arrangement)
    except InvalidInputError:
        return RedirectResponse("/portal/me/consents?done=arrangement_refused", status_code=303)
    return RedirectResponse("/portal/me/consents?done=arranged", status_code=303)


def _done(done: str | None) -> str | None:
    """Only the known notes: a link cannot make the page say something else."""
    return done if done in DONE else None
