"""/settings/stores: the shop's stores listed, added, edited, deactivated and reactivated by the
owner or the privacy officer, through the services `privault stores` calls."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.domain.stores import Store
from privault.services.stores.registry import (
    add_store,
    deactivate_store,
    get_store,
    list_stores,
    reactivate_store,
    rename_store,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show

router = APIRouter()
steps = APIRouter(dependencies=[GenuineForm])
FIELDS = ("name", "name_en", "address", "phone", "zone", "idle_seconds")
ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei", "Asia/Singapore", "UTC")


@router.get("/settings/stores")
def stores_page(request: Request, vault: VaultDep, actor: StaffActor, done: str = "") -> Response:
    return _list(request, vault, actor, done=done)


@steps.post("/settings/stores")
async def add(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    typed = await _typed(request, ("code", *FIELDS))
    try:
        add_store(vault, actor, typed["code"], typed)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "add")
        return _list(request, vault, actor, values=typed, errors=errors, status=status)
    return RedirectResponse("/settings/stores?done=added", status_code=303)


@router.get("/settings/stores/{code}")
def edit_page(request: Request, vault: VaultDep, actor: StaffActor, code: str) -> Response:
    store = get_store(vault, actor, code)
    d = store.details
    shown = {"name": d.name, "name_en": d.name_en, "address": d.address, "phone": d.phone}
    shown |= {"zone": d.zone, "idle_seconds": str(d.idle_seconds or "")}
    return _edit(request, vault, actor, store, {k: v or "" for k, v in shown.items()})


@steps.post("/settings/stores/{code}")
async def edit(request: Request, vault: VaultDep, actor: StaffActor, code: str) -> Response:
    typed = await _typed(request, FIELDS)
    try:
        rename_store(vault, actor, code, typed)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "edit")
        store = get_store(vault, actor, code)
        return _edit(request, vault, actor, store, typed, errors=errors, status=status)
    return RedirectResponse("/settings/stores?done=changed", status_code=303)


@steps.post("/settings/stores/{code}/deactivate")
def deactivate(request: Request, vault: VaultDep, actor: StaffActor, code: str) -> Response:
    try:
        deactivate_store(vault, actor, code)
    except PrivaultError as error:
        errors, status = form_errors(request, error, f"row-{code}")
        return _list(request, vault, actor, errors=errors, status=status)
    return RedirectResponse("/settings/stores?done=deactivated", status_code=303)


@steps.post("/settings/stores/{code}/reactivate")
def reactivate(vault: VaultDep, actor: StaffActor, code: str) -> Response:
    reactivate_store(vault, actor, code)
    return RedirectResponse("/settings/stores?done=reactivated", status_code=303)


async def _typed(request: Request, names: tuple[str, ...]) -> dict[str, str]:
    form = await request.form()
    return {k: str(form.get(k) or "").strip() for k in names}


def _list(request: Request, vault: Vault, actor: Actor, **extra: Any) -> Response:
    status = extra.pop("status", 200)
    context = {"stores": list_stores(vault, actor), "values": {}, "zones": ZONES, **extra}
    return show(request, vault, actor, "stores/list.html", context, status=status)


def _edit(
    request: Request, vault: Vault, actor: Actor, store: Store, values: dict[str, str], **extra: Any
) -> Response:
    status = extra.pop("status", 200)
    context = {"store": store, "values": values, "zones": ZONES, **extra}
    return show(request, vault, actor, "stores/edit.html", context, status=status)


router.include_router(steps)
