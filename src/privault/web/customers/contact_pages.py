"""Regular updates of contact data (issue 17): the profile's contact section with the desk's
"confirmed with the customer" button, and the list of stale contact data. How long contact data
stays fresh is set on /settings (installation/settings.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.customers.contact_confirmation import (
    confirm_contact,
    get_contact_state,
    list_stale_contacts,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.frame import frame
from privault.web.templating import render

router = APIRouter()
steps = APIRouter(dependencies=[GenuineForm])


def contact_section(vault: Vault, actor: Actor, customer_id: str) -> dict[str, Any]:
    """What the profile's contact section needs: when last confirmed, and whether it is stale."""
    try:
        return {"contact": get_contact_state(vault, actor, customer_id)}
    except PrivaultError:  # a restricted customer: the profile says so already
        return {}


@steps.post("/customers/{customer_id}/contact-confirmed")
def confirmed(vault: VaultDep, actor: StaffActor, customer_id: str) -> Response:
    state = confirm_contact(vault, actor, customer_id)
    return RedirectResponse(f"/customers/{state.customer_id}?done=contact", status_code=303)


@router.get("/customers/contacts/stale")
def stale_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    report = list_stale_contacts(vault, actor)
    context = frame(request, vault, actor, report=report)
    return render(request, "customers/stale_contacts.html", context)


router.include_router(steps)
