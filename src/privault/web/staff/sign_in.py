"""Signing in and out of the console, and choosing the language."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import AuthenticationError, InvalidInputError, RateLimitedError
from privault.domain.staff import SESSION_HOURS
from privault.services.staff.rate_limits import count_failure, refuse_if_limited
from privault.services.staff.sessions import choose_language as keep_language
from privault.services.staff.sessions import sign_in, sign_out
from privault.web.auth import (
    SESSION_COOKIE,
    GenuineForm,
    VaultDep,
    set_session_cookie,
    staff_of,
)
from privault.web.explain import explain
from privault.web.frame import language
from privault.web.i18n import COOKIE, LANGUAGES
from privault.web.security import client_address, is_https
from privault.web.templating import render

router = APIRouter()
# Failed sign-ins per client address, on top of the account lock after 5 failures: slows
# guessing across many accounts from one place. Successes never count.
LOGIN_TRIES = 20
LOGIN_WINDOW = timedelta(minutes=15)


def _safe_next(target: str | None) -> str:
    """Only a path on this site: a login link must not send anyone elsewhere."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, vault: VaultDep, next: str | None = None) -> Response:
    return render(request, "auth/login.html", {"next": _safe_next(next)})


@router.post("/login", dependencies=[GenuineForm])
def login(
    request: Request,
    vault: VaultDep,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    totp: Annotated[str | None, Form()] = None,
    next: Annotated[str | None, Form()] = None,
) -> Response:
    key = f"login:{client_address(request)}"
    try:
        refuse_if_limited(vault, key, limit=LOGIN_TRIES, window=LOGIN_WINDOW)
        session = sign_in(vault, name, password, totp or None)
    except (AuthenticationError, RateLimitedError) as error:
        if isinstance(error, AuthenticationError):
            count_failure(vault, key, window=LOGIN_WINDOW)
        context = {
            "next": _safe_next(next),
            "name": name,
            "error": explain(language(request), error),
        }
        status = 429 if isinstance(error, RateLimitedError) else 401
        return render(request, "auth/login.html", context, status=status)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, session.token, SESSION_HOURS * 3600)
    if session.language:  # the account's own choice follows the person to this device
        _remember_language(request, response, session.language)
    return response


@router.post("/logout", dependencies=[GenuineForm])
def logout(request: Request, vault: VaultDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sign_out(vault, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/lang", dependencies=[GenuineForm])
def choose_language(
    request: Request,
    vault: VaultDep,
    lang: Annotated[str, Form()] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    """For this browser, and for a signed-in staff member's account on every device. A form,
    not a link: it changes state, so it needs the form token like every other change."""
    if lang not in LANGUAGES:
        choices = {"choices": ", ".join(LANGUAGES)}
        raise InvalidInputError("choose one of {choices}", field="lang", params=choices)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _remember_language(request, response, lang)
    actor = staff_of(request, vault)
    if actor is not None:
        keep_language(vault, actor, lang)
    return response


def _remember_language(request: Request, response: Response, lang: str) -> None:
    response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="lax", secure=is_https(request))
