"""The shop's identity page (`/settings`): business name, address, contacts and the privacy
officer, which the privacy notice names; saving a complete identity publishes the notice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.domain.shop import SETTINGS
from privault.services.customers.contact import get_contact_fresh_days, set_contact_fresh_days
from privault.services.customers.language import (
    get_shop_customer_language,
    set_shop_customer_language,
)
from privault.services.installation.shop_identity import get_shop_identity, set_shop_identity
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, may, show

router = APIRouter()
steps = APIRouter(dependencies=[GenuineForm])
FORM = "shop"


@router.get("/settings")
def settings_page(
    request: Request, vault: VaultDep, actor: StaffActor, saved: str = ""
) -> Response:
    values = get_shop_identity(vault, actor).as_settings()
    return _page(request, vault, actor, values, saved=saved)


@steps.post("/settings")
async def save(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    typed = {name: str(form.get(name) or "") for name in SETTINGS}
    current = get_shop_identity(vault, actor).as_settings()
    # An untouched empty field is left for later; a cleared one is refused by name.
    changes = {k: v for k, v in typed.items() if v != current[k] and (v or current[k])}
    try:
        done = set_shop_identity(vault, actor, changes) if changes else None
    except PrivaultError as error:
        errors, status = form_errors(request, error, FORM)
        return _page(request, vault, actor, typed, errors=errors, status=status)
    published = done.notice.version if done and done.notice else ""
    return RedirectResponse(f"/settings?saved={published or 'yes'}", status_code=303)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    values: dict[str, str],
    *,
    saved: str = "",
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context: dict[str, Any] = {
        "settings": list(SETTINGS),
        "values": values,
        "missing": [k for k in SETTINGS if not values.get(k)],
        "saved": saved,
        "errors": errors or {},
    }
    context |= _freshness(vault, actor)
    context["customer_language"] = get_shop_customer_language(vault, actor)
    return show(request, vault, actor, "settings/shop.html", context, status=status)


def _freshness(vault: Vault, actor: Actor) -> dict[str, Any]:
    """How long contact data stays fresh (issue 17), for those who may set it."""
    if not may(vault, actor, Action.CONTACT_SETTINGS):
        return {}
    return {"contact_fresh_days": get_contact_fresh_days(vault, actor)}


@steps.post("/settings/contact-freshness")
def save_freshness(
    request: Request, vault: VaultDep, actor: StaffActor, days: Annotated[str, Form()] = ""
) -> Response:
    return _one_setting(
        request, vault, actor, "contact", lambda: set_contact_fresh_days(vault, actor, days)
    )


@steps.post("/settings/customer-language")
def save_customer_language(
    request: Request, vault: VaultDep, actor: StaffActor, language: Annotated[str, Form()] = ""
) -> Response:
    return _one_setting(
        request,
        vault,
        actor,
        "language",
        lambda: set_shop_customer_language(vault, actor, language),
    )


def _one_setting(
    request: Request, vault: Vault, actor: Actor, form: str, save: Callable[[], object]
) -> Response:
    """One of the page's small forms: saved, or the page again with the error on that form."""
    try:
        save()
    except PrivaultError as error:
        errors, status = form_errors(request, error, form)
        values = get_shop_identity(vault, actor).as_settings()
        return _page(request, vault, actor, values, errors=errors, status=status)
    return RedirectResponse("/settings?saved=yes", status_code=303)


router.include_router(steps)
