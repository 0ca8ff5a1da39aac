"""Who is asking: the vault, the signed-in staff member (session cookie), and genuine forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from privault.domain.errors import AuthenticationError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.staff.form_tokens import form_token, is_genuine, new_browser_secret
from privault.services.staff.sessions import resume
from privault.services.staff.shared_devices import device_of, digest, keep_alive
from privault.services.use_case import record_refusal
from privault.services.vault import Vault
from privault.web.security import is_https

SESSION_COOKIE = "privault_session"
DEVICE_COOKIE = "privault_device"  # a shared tablet's mark (services/staff/shared_devices)
BROWSER_COOKIE = "privault_browser"  # the secret behind the forms' anti-forgery tokens
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"  # htmx sends it from the page's meta tag


class SignInRequiredError(Exception):
    """A page needs a signed-in staff member: the handler sends the browser to /login."""


class ForgedRequestError(Exception):
    """A form without a genuine anti-forgery token: refused, audited, nothing changed."""


# Dependencies that only read what the request already holds are `async`: FastAPI runs a plain
# `def` in its thread pool, a hop that costs more than the read itself on every request.
def vault_of(request: Request) -> Vault:
    vault: Vault = request.app.state.vault
    return vault


async def get_vault(request: Request) -> Vault:
    return vault_of(request)


VaultDep = Annotated[Vault, Depends(get_vault)]


async def optional_staff(request: Request, vault: VaultDep) -> Actor | None:
    """`async`, and the session's check runs on the event loop: a few primary-key reads with
    no transaction on every page, where a hop to the thread pool and back cost more than the
    reads (bench/README, "Serving changes"). A shared device's keep-alive, a write, hops."""
    actor = _resumed(request, vault)
    if actor is not None and request.cookies.get(DEVICE_COOKIE):
        await run_in_threadpool(_on_shared_device, request, vault)
    return actor


def staff_of(request: Request, vault: Vault) -> Actor | None:
    """`optional_staff` for a handler that runs in the thread pool already."""
    actor = _resumed(request, vault)
    if actor is not None and request.cookies.get(DEVICE_COOKIE):
        _on_shared_device(request, vault)
    return actor


def _resumed(request: Request, vault: Vault) -> Actor | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    try:
        actor = resume(vault, token)
    except AuthenticationError:
        return None
    request.state.staff = actor  # for the frame's menu, drawn by `render`
    return actor


def _on_shared_device(request: Request, vault: Vault) -> None:
    """A shared tablet: the session's idle clock restarts, and the frame shows the switch
    button and loads the idle lock (request.state.device)."""
    device = device_of(vault, request.cookies.get(DEVICE_COOKIE))
    if device is None:
        return
    keep_alive(vault, device, digest(request.cookies[SESSION_COOKIE]))
    request.state.device = device


async def staff_actor(actor: Annotated[Actor | None, Depends(optional_staff)]) -> Actor:
    if actor is None:
        raise SignInRequiredError
    return actor


StaffActor = Annotated[Actor, Depends(staff_actor)]


def browser_secret(request: Request) -> str:
    """The browser's secret, made on its first visit (set as a cookie by `remember_browser`)."""
    secret = request.cookies.get(BROWSER_COOKIE) or getattr(request.state, "browser", None)
    if not secret:
        secret = new_browser_secret()
        request.state.browser = secret
    return secret


def csrf_token(request: Request, vault: Vault) -> str:
    return form_token(vault, browser_secret(request))


def remember_browser(request: Request, response: Response) -> None:
    fresh = getattr(request.state, "browser", None)
    if fresh and request.cookies.get(BROWSER_COOKIE) != fresh:
        response.set_cookie(
            BROWSER_COOKIE, fresh, httponly=True, samesite="strict", secure=is_https(request)
        )


async def genuine_form(request: Request, vault: VaultDep) -> None:
    """Every state-changing form or htmx call carries the token; a forged one is audited."""
    form = await request.form()
    sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if is_genuine(
        vault, request.cookies.get(BROWSER_COOKIE), sent if isinstance(sent, str) else None
    ):
        return
    actor = _resumed(request, vault)
    reason = f"{request.method} {request.url.path}: no genuine form token"
    record_refusal(vault, actor, Action.FORGED_REQUEST, PolicyDeniedError(reason))
    raise ForgedRequestError


GenuineForm = Depends(genuine_form)


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )
