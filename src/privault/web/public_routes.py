"""The one list of routes anyone may call without a staff sign-in, each naming what protects
it. The app checks at start that every other route asks for a signed-in person or a token
(`check_public_routes`), and the route contract test (tests/web/test_routes.py) checks that
each listed route answers and each other route refuses. A new public route (registration,
one-click unsubscribe, a gateway webhook) is added here, with its protection, or not at all.
docs/security.md and the README's proxy section name the same paths."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, Mount


class Protection(Enum):
    """What stands in for a sign-in on a public route."""

    RATE_LIMIT = "rate limit"  # failures counted per client address (and per account/number)
    SIGNED_TOKEN = "signed token"  # noqa: S105 -- a kind of protection; an HMAC-signed link
    WEBHOOK_SIGNATURE = "webhook signature"  # a gateway's signature over the body
    FORM_TOKEN = "form token"  # noqa: S105 -- the anti-forgery token; no sign-in needed
    NONE_NEEDED = "none needed"  # reads nothing private and changes nothing


@dataclass(frozen=True)
class PublicRoute:
    method: str
    path: str
    protection: Protection
    why: str


@dataclass(frozen=True)
class PublicMount:
    path: str
    why: str


PUBLIC_ROUTES: tuple[PublicRoute, ...] = (
    PublicRoute("GET", "/login", Protection.NONE_NEEDED, "the sign-in form; shows nothing"),
    PublicRoute(
        "POST",
        "/login",
        Protection.RATE_LIMIT,
        "failed sign-ins counted per client address and per account (lock after 5)",
    ),
    PublicRoute("POST", "/lang", Protection.FORM_TOKEN, "sets this browser's language cookie only"),
    PublicRoute("GET", "/staff/enrol", Protection.NONE_NEEDED, "the enrolment form; shows nothing"),
    PublicRoute(
        "POST",
        "/staff/enrol",
        Protection.RATE_LIMIT,
        "failures counted per client address; the code dies after 5 wrong tries and 72 hours",
    ),
    PublicRoute(
        "POST",
        "/staff/enrol/confirm",
        Protection.RATE_LIMIT,
        "failures counted per client address and against the account; needs the new password",
    ),
    PublicRoute(
        "POST",
        "/logout",
        Protection.FORM_TOKEN,
        "ends only the session its own cookie names; without one it changes nothing",
    ),
    PublicRoute("GET", "/api/v1/health", Protection.NONE_NEEDED, "ready or not, no data"),
    PublicRoute("GET", "/docs", Protection.NONE_NEEDED, "the API's documentation page"),
    PublicRoute("GET", "/openapi.json", Protection.NONE_NEEDED, "the API's contract, no data"),
    PublicRoute("GET", "/portal", Protection.NONE_NEEDED, "the published privacy notice"),
    PublicRoute("GET", "/portal/sign-in", Protection.NONE_NEEDED, "the portal's sign-in form"),
    PublicRoute(
        "POST",
        "/portal/sign-in",
        Protection.RATE_LIMIT,
        "code requests counted per client address and per number; same answer either way",
    ),
    PublicRoute(
        "POST",
        "/portal/sign-in/code",
        Protection.RATE_LIMIT,
        "failed codes counted per client address and per number, and against the code",
    ),
    PublicRoute(
        "POST",
        "/portal/sign-out",
        Protection.FORM_TOKEN,
        "ends only the portal session its own cookie names",
    ),
    PublicRoute(
        "GET",
        "/portal/unsubscribe/{token}",
        Protection.SIGNED_TOKEN,
        "an HMAC-signed link naming one customer and purpose; showing it changes nothing",
    ),
    PublicRoute(
        "POST",
        "/portal/unsubscribe/{token}",
        Protection.SIGNED_TOKEN,
        "the same signed link; withdraws that one consent only (also RFC 8058 one-click, "
        "which carries no cookie or form token)",
    ),
    PublicRoute(
        "POST",
        "/webhooks/sms",
        Protection.WEBHOOK_SIGNATURE,
        "the SMS gateway's replies, HMAC-SHA256 over timestamp and body with a shared secret, "
        "refused when older than five minutes",
    ),
    PublicRoute(
        "POST",
        "/webhooks/sms/receipts",
        Protection.WEBHOOK_SIGNATURE,
        "the SMS gateway's delivery reports, signed and time-limited as its replies are",
    ),
    PublicRoute(
        "GET",
        "/register",
        Protection.NONE_NEEDED,
        "the public registration page: the published notice and the catalog's purposes and "
        "fields, with a fresh signed form token; reads nothing private, changes nothing",
    ),
    PublicRoute(
        "POST",
        "/register",
        Protection.RATE_LIMIT,
        "sends counted per client address (30 an hour); the page's one-use signed form token "
        "(HMAC, 2 hours) is spent in the registration's transaction: forged, expired, replayed "
        "or sent twice is refused with nothing changed; registers as the code-held "
        "public_registration role (register and read the notice only); pending entry review",
    ),
    PublicRoute(
        "GET",
        "/lock",
        Protection.SIGNED_TOKEN,
        "a shared tablet's lock page: staff names of its store only with the device's signed "
        "cookie (HMAC, its hash stored); without one it shows nothing; changes nothing",
    ),
    PublicRoute(
        "POST",
        "/lock",
        Protection.FORM_TOKEN,
        "ends only the session its own cookie names, on a genuine shared tablet",
    ),
    PublicRoute(
        "POST",
        "/lock/switch",
        Protection.RATE_LIMIT,
        "wrong PINs counted per client address and per account (PIN locked after 5); needs "
        "the tablet's signed cookie; the same answer whatever the cause",
    ),
)
PUBLIC_MOUNTS: tuple[PublicMount, ...] = (
    PublicMount("/static", "style sheets and scripts, the same for everyone"),
)


def is_public(method: str, path: str) -> bool:
    return any(r.method == method and r.path == path for r in PUBLIC_ROUTES)


def _signs_in() -> set[Callable[..., Any]]:
    """The dependencies that ask for a signed-in staff member, customer or token."""
    # Imported here: the areas' routers import this module's neighbours, not the reverse.
    from privault.web.api.deps import api_actor
    from privault.web.auth import staff_actor
    from privault.web.portal.session import portal_customer

    return {staff_actor, api_actor, portal_customer}


def _calls(dependant: Any) -> Iterator[Callable[..., Any]]:
    for sub in getattr(dependant, "dependencies", ()):
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def unprotected(routes: Iterable[BaseRoute]) -> list[str]:
    """`METHOD path` of every route that is neither on the list nor asks for a sign-in."""
    guards = _signs_in()
    found = []
    for route in iter_route_contexts(list(routes)):
        if isinstance(route.original_route, Mount):
            if route.path not in {m.path for m in PUBLIC_MOUNTS}:
                found.append(f"MOUNT {route.path}")
            continue
        dependant = getattr(route, "dependant", None)
        if route.path is None or not route.methods:
            continue
        if dependant is not None and guards & set(_calls(dependant)):
            continue
        found += [
            f"{m} {route.path}"
            for m in sorted(route.methods - {"HEAD"})
            if not is_public(m, route.path)
        ]
    return found


def check_public_routes(routes: Iterable[BaseRoute]) -> None:
    """Refuses to serve a route that anyone could call without it being on the list."""
    missing = unprotected(routes)
    if missing:
        raise RuntimeError(
            "routes without a sign-in that are not on the public list "
            f"(privault/web/public_routes.py): {', '.join(missing)}"
        )
