"""Settings pages for the rules the shop runs by: opening hours and time zone, retention rules
and legal holds, and the role matrix (read-only). Every read and change goes through the
services the CLI calls (`policy hours`, `retention set`, `holds ...`, `policy show`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.consents.catalog_labels import catalog_labels
from privault.services.retention.holds import lift_hold, list_holds, place_hold
from privault.services.retention.records import retention_rules, set_inactive_days
from privault.services.staff.role_matrix import (
    current_opening_hours,
    role_grants,
    set_opening_hours,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.i18n import choose_language
from privault.web.officer_frame import form_errors, show

router = APIRouter()
steps = APIRouter(dependencies=[GenuineForm])


@router.get("/settings/hours")
def hours_page(request: Request, vault: VaultDep, actor: StaffActor, done: str = "") -> Response:
    hours = current_opening_hours(vault, actor)
    values = {
        "opens": hours.opens.strftime("%H:%M"),
        "closes": hours.closes.strftime("%H:%M"),
        "zone": hours.zone,
    }
    return _hours(request, vault, actor, values, done=done)


@steps.post("/settings/hours")
async def save_hours(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in ("opens", "closes", "zone")}
    text = f"{values['opens']}-{values['closes']} {values['zone']}"
    try:
        set_opening_hours(vault, actor, text)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "hours")
        return _hours(request, vault, actor, values, errors=errors, status=status)
    return RedirectResponse("/settings/hours?done=saved", status_code=303)


def _hours(
    request: Request, vault: Vault, actor: Actor, values: dict[str, str], **extra: Any
) -> Response:
    status = extra.pop("status", 200)
    context = {"values": values, "errors": {}, **extra}
    return show(request, vault, actor, "settings/hours.html", context, status=status)


@router.get("/settings/retention")
def retention_page(
    request: Request, vault: VaultDep, actor: StaffActor, done: str = ""
) -> Response:
    return _retention(request, vault, actor, done=done)


@steps.post("/settings/retention")
async def save_retention(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    typed = str((await request.form()).get("inactive_days") or "").strip()
    try:
        set_inactive_days(vault, actor, typed)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "retention")
        return _retention(request, vault, actor, typed=typed, errors=errors, status=status)
    return RedirectResponse("/settings/retention?done=saved", status_code=303)


def _retention(request: Request, vault: Vault, actor: Actor, **extra: Any) -> Response:
    status = extra.pop("status", 200)
    lang = choose_language(request)
    rules = retention_rules(vault, actor)
    names = {p.key: p.in_language(lang) for p in catalog_labels(vault).purposes}
    context = {"rules": rules, "names": names, "errors": {}, **extra}
    return show(request, vault, actor, "settings/retention.html", context, status=status)


@router.get("/settings/holds")
def holds_page(
    request: Request, vault: VaultDep, actor: StaffActor, done: str = "", customer: str = ""
) -> Response:
    return _holds(request, vault, actor, done=done, values={"customer": customer})


@steps.post("/settings/holds")
async def place(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in ("customer", "reason")}
    try:
        place_hold(vault, actor, values["customer"], values["reason"])
    except PrivaultError as error:
        errors, status = form_errors(request, error, "place")
        return _holds(request, vault, actor, values=values, errors=errors, status=status)
    return RedirectResponse("/settings/holds?done=placed", status_code=303)


@steps.post("/settings/holds/{hold_id}/lift")
async def lift(request: Request, vault: VaultDep, actor: StaffActor, hold_id: str) -> Response:
    reason = str((await request.form()).get("reason") or "")
    try:
        lift_hold(vault, actor, hold_id, reason)
    except PrivaultError as error:
        errors, status = form_errors(request, error, f"lift-{hold_id}")
        return _holds(request, vault, actor, errors=errors, status=status)
    return RedirectResponse("/settings/holds?done=lifted", status_code=303)


def _holds(request: Request, vault: Vault, actor: Actor, **extra: Any) -> Response:
    status = extra.pop("status", 200)
    holds = list_holds(vault, actor, include_lifted=True)
    context = {"holds": holds, "values": {}, "errors": {}, **extra}
    return show(request, vault, actor, "settings/holds.html", context, status=status)


@router.get("/settings/roles")
def roles_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    matrix = role_grants(vault, actor)
    actions = [a for a in Action if any(a in grant.actions for grant in matrix.values())]
    context = {
        "roles": list(matrix),
        "actions": actions,
        "grants": {role: {a.value for a in grant.actions} for role, grant in matrix.items()},
    }
    return show(request, vault, actor, "settings/roles.html", context)


router.include_router(steps)
