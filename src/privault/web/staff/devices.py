"""Shared front-desk tablets: the manager's /devices page (mark this browser for a store,
unmark one), the lock page a tablet shows between people (/lock: tap a name, type the PIN),
and each person's /account page where they set their PIN."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.devices import may_switch_by_pin
from privault.domain.errors import AuthenticationError, PrivaultError, RateLimitedError
from privault.domain.policy import Actor
from privault.domain.staff import SESSION_HOURS
from privault.services.staff.pins import has_pin, lock, set_pin, switch_by_pin
from privault.services.staff.rate_limits import count_failure, refuse_if_limited
from privault.services.staff.shared_devices import (
    colleagues,
    device_of,
    list_devices,
    mark_device,
    unmark_device,
)
from privault.services.stores.registry import active_stores
from privault.services.vault import Vault
from privault.web.auth import (
    DEVICE_COOKIE,
    SESSION_COOKIE,
    GenuineForm,
    StaffActor,
    VaultDep,
    set_session_cookie,
)
from privault.web.explain import explain
from privault.web.i18n import choose_language
from privault.web.officer_frame import form_errors, show
from privault.web.security import client_address, is_https
from privault.web.templating import render

router = APIRouter()
steps = APIRouter(dependencies=[GenuineForm])
PIN_TRIES = 20  # wrong PINs per client address in the window, on top of each PIN's own lock
PIN_WINDOW = timedelta(minutes=15)
YEAR = 365 * 86400


@router.get("/devices")
def devices_page(request: Request, vault: VaultDep, actor: StaffActor, done: str = "") -> Response:
    return _devices(request, vault, actor, done=done)


@steps.post("/devices")
async def mark(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "").strip() for k in ("store", "device_name")}
    try:
        cookie = mark_device(vault, actor, values["store"], values["device_name"])
    except PrivaultError as error:
        errors, status = form_errors(request, error, "mark")
        return _devices(request, vault, actor, values=values, errors=errors, status=status)
    response = RedirectResponse("/devices?done=marked", status_code=303)
    response.set_cookie(
        DEVICE_COOKIE, cookie, max_age=YEAR, httponly=True, samesite="strict",
        secure=is_https(request),
    )  # fmt: skip
    return response


@steps.post("/devices/{device_id}/unmark")
def unmark(vault: VaultDep, actor: StaffActor, device_id: str) -> Response:
    unmark_device(vault, actor, device_id)
    return RedirectResponse("/devices?done=unmarked", status_code=303)


def _devices(request: Request, vault: Vault, actor: Actor, **extra: Any) -> Response:
    status = extra.pop("status", 200)
    here = device_of(vault, request.cookies.get(DEVICE_COOKIE))
    context = {
        "devices": list_devices(vault, actor),
        "stores": active_stores(vault),
        "here": here,
        "values": {},
        **extra,
    }
    return show(request, vault, actor, "staff/devices.html", context, status=status)


@router.get("/lock")
def lock_page(request: Request, vault: VaultDep, staff: str = "") -> Response:
    """Names only (no customer data); with `staff`, the PIN form for that name."""
    return _lock(request, vault, chosen=staff)


@router.post("/lock", dependencies=[GenuineForm])
def lock_now(request: Request, vault: VaultDep, why: Annotated[str, Form()] = "") -> Response:
    """The switch button and the idle timer: the session ends, the names are shown."""
    device = device_of(vault, request.cookies.get(DEVICE_COOKIE))
    if device is not None:
        lock(vault, device, request.cookies.get(SESSION_COOKIE), is_idle=why == "idle")
    response = RedirectResponse("/lock", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/lock/switch", dependencies=[GenuineForm])
def switch(
    request: Request,
    vault: VaultDep,
    staff: Annotated[str, Form()],
    pin: Annotated[str, Form()] = "",
) -> Response:
    device = device_of(vault, request.cookies.get(DEVICE_COOKIE))
    if device is None:
        return RedirectResponse("/login", status_code=303)
    key = f"pin:{client_address(request)}"
    try:
        refuse_if_limited(vault, key, limit=PIN_TRIES, window=PIN_WINDOW)
        session = switch_by_pin(vault, device, staff, pin)
    except (AuthenticationError, RateLimitedError) as error:
        if isinstance(error, AuthenticationError):
            count_failure(vault, key, window=PIN_WINDOW)
        message = explain(choose_language(request), error)
        status = 429 if isinstance(error, RateLimitedError) else 401
        return _lock(request, vault, chosen=staff, error=message, status=status)
    # Whoever was still signed in on the tablet is signed out by the switch.
    lock(vault, device, request.cookies.get(SESSION_COOKIE), is_idle=False)
    response = RedirectResponse("/", status_code=303)
    # The server ends the session when idle; the cookie lives as long as a normal session's.
    set_session_cookie(request, response, session.token, SESSION_HOURS * 3600)
    return response


def _lock(request: Request, vault: Vault, *, chosen: str, **extra: Any) -> Response:
    status = extra.pop("status", 200)
    device = device_of(vault, request.cookies.get(DEVICE_COOKIE))
    people = colleagues(vault, device) if device else []
    chosen_one = next((p for p in people if p.name == chosen), None)
    context = {"device": device, "people": people, "chosen": chosen_one, **extra}
    return render(request, "auth/lock.html", context, status=status)


@router.get("/account")
def account_page(request: Request, vault: VaultDep, actor: StaffActor, done: str = "") -> Response:
    return _account(request, vault, actor, done=done)


@steps.post("/account/pin")
async def save_pin(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    try:
        set_pin(vault, actor, str(form.get("password") or ""), str(form.get("pin") or ""))
    except PrivaultError as error:
        errors, status = form_errors(request, error, "pin")
        return _account(request, vault, actor, errors=errors, status=status)
    return RedirectResponse("/account?done=pin", status_code=303)


def _account(request: Request, vault: Vault, actor: Actor, **extra: Any) -> Response:
    status = extra.pop("status", 200)
    context = {"has_pin": has_pin(vault, actor), "can_pin": may_switch_by_pin(actor.roles)}
    context |= extra
    return show(request, vault, actor, "staff/account.html", context, status=status)


router.include_router(steps)
