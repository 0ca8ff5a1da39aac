"""The customer privacy portal's public pages: the privacy notice, signing in with a one-time
code, signing out, and the one-step unsubscribe link."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import (
    AuthenticationError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
    PrivaultError,
    RateLimitedError,
)
from privault.domain.notices import ELEMENT_TITLES, ELEMENTS
from privault.services.portal.own_record import published_notice
from privault.services.portal.sign_in import request_code, sign_in_with_code, sign_out_portal
from privault.services.portal.unsubscribe import read_token, unsubscribe
from privault.web.auth import GenuineForm, VaultDep, genuine_form
from privault.web.explain import explain
from privault.web.i18n import choose_language, gettext
from privault.web.portal.session import (
    PORTAL_COOKIE,
    SIGN_IN_PATH,
    optional_customer,
    set_portal_cookie,
)
from privault.web.security import client_address
from privault.web.templating import render

router = APIRouter(prefix="/portal")
# What a Chinese page says for a refusal the catalog cannot translate.
GENERAL_REFUSAL = "This cannot be accepted; check it and try again."


def page(request: Request, name: str, context: dict[str, Any], *, status: int = 200) -> Response:
    return render(request, f"portal/{name}.html", context, status=status)


def said(request: Request, error: PrivaultError) -> str:
    """A refusal in the page's language; one the catalog lacks gets a general sentence rather
    than English on a Chinese page."""
    lang = choose_language(request)
    text = explain(lang, error)
    if lang == "en" or text != explain("en", error):
        return text
    return gettext(lang, GENERAL_REFUSAL)


def say(request: Request, message: str) -> str:
    return gettext(choose_language(request), message)


@router.get("")
def notice(request: Request, vault: VaultDep) -> Response:
    found = published_notice(vault)
    lang = choose_language(request)
    context = {
        "notice": found,
        "text": found.texts[lang] if found else None,
        "sections": [(key, ELEMENT_TITLES[key][0 if lang == "zh" else 1]) for key in ELEMENTS],
        "customer": optional_customer(request, vault),
    }
    return page(request, "notice", context)


@router.get("/sign-in")
def sign_in_page(request: Request) -> Response:
    return page(request, "sign_in", {})


@router.post("/sign-in", dependencies=[GenuineForm])
def ask_for_code(
    request: Request, vault: VaultDep, contact: Annotated[str, Form()] = ""
) -> Response:
    try:
        request_code(vault, contact, client_address(request))
    except InvalidInputError as error:
        context = {"contact": contact, "errors": {"contact": said(request, error)}}
        return page(request, "sign_in", context, status=422)
    except RateLimitedError:
        message = say(request, "too many attempts; try again later")
        context = {"contact": contact, "errors": {"contact": message}}
        return page(request, "sign_in", context, status=429)
    return page(request, "code", {"contact": contact})


@router.post("/sign-in/code", dependencies=[GenuineForm])
def enter_code(
    request: Request,
    vault: VaultDep,
    contact: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
) -> Response:
    try:
        signed_in = sign_in_with_code(vault, contact, code, client_address(request))
    except (InvalidInputError, AuthenticationError, RateLimitedError) as error:
        status = {RateLimitedError: 429, AuthenticationError: 401}.get(type(error), 422)
        message = {
            429: "too many attempts; try again later",
            401: "the code is wrong or no longer valid; check it, or ask for a new code",
        }.get(status, "type the 6-digit code you received")
        context = {"contact": contact, "errors": {"code": say(request, message)}}
        return page(request, "code", context, status=status)
    response = RedirectResponse("/portal/me", status_code=303)
    set_portal_cookie(request, response, signed_in.token)
    return response


@router.post("/sign-out", dependencies=[GenuineForm])
def sign_out(request: Request, vault: VaultDep) -> Response:
    token = request.cookies.get(PORTAL_COOKIE)
    if token:
        sign_out_portal(vault, token)
    response = RedirectResponse(f"{SIGN_IN_PATH}?signed_out=1", status_code=303)
    response.delete_cookie(PORTAL_COOKIE)
    return response


@router.get("/unsubscribe/{token}")
def unsubscribe_page(request: Request, vault: VaultDep, token: str) -> Response:
    """Showing the link changes nothing (mail scanners open links); the one button does."""
    try:
        _, purpose = read_token(vault, token)
    except PolicyDeniedError:
        return page(request, "unsubscribe", {"is_bad": True}, status=403)
    return page(request, "unsubscribe", {"token": token, "purpose": purpose})


async def genuine_or_one_click(request: Request, vault: VaultDep) -> None:
    """RFC 8058: a mail client's one-click POST says `List-Unsubscribe=One-Click` and carries
    no cookie or form token; the signed link it posts to is the protection. Any other POST is
    the page's form and needs its token."""
    form = await request.form()
    if form.get("List-Unsubscribe") == "One-Click":
        return
    await genuine_form(request, vault)


@router.post("/unsubscribe/{token}", dependencies=[Depends(genuine_or_one_click)])
def unsubscribe_now(request: Request, vault: VaultDep, token: str) -> Response:
    try:
        done = unsubscribe(vault, token)
    except (PolicyDeniedError, NotFoundError):
        return page(request, "unsubscribe", {"is_bad": True}, status=403)
    context = {"purpose": done.purpose, "done": done}
    return page(request, "unsubscribe", context)
