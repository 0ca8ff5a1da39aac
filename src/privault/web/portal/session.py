"""Who is using the privacy portal: the customer behind the `privault_portal` cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import AuthenticationError
from privault.domain.policy import Actor
from privault.domain.portal import SESSION_TTL, acting_customer
from privault.services.portal.sign_in import resume_portal
from privault.web.auth import VaultDep
from privault.web.security import is_https

PORTAL_COOKIE = "privault_portal"
SIGN_IN_PATH = "/portal/sign-in"


class PortalSignInRequiredError(Exception):
    """A portal page needs a signed-in customer: the handler sends the browser to sign in."""


def optional_customer(request: Request, vault: VaultDep) -> Actor | None:
    token = request.cookies.get(PORTAL_COOKIE)
    if not token:
        return None
    try:
        return resume_portal(vault, token)
    except AuthenticationError:
        return None


def portal_customer(actor: Annotated[Actor | None, Depends(optional_customer)]) -> Actor:
    if actor is None:
        raise PortalSignInRequiredError
    return actor


CustomerActor = Annotated[Actor, Depends(portal_customer)]


def own_id(actor: Actor) -> str:
    return acting_customer(actor) or ""


def set_portal_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        PORTAL_COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=is_https(request),
    )


async def to_portal_sign_in(request: Request, error: Exception) -> Response:
    return RedirectResponse(SIGN_IN_PATH, status_code=303)
