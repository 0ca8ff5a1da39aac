"""The route contract: every route of the app needs authentication except a short public
list. Walked generically over `app.routes`, so a page added later is covered by itself."""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import RouteContext, iter_route_contexts
from fastapi.testclient import TestClient
from starlette.convertors import FloatConvertor, IntegerConvertor
from starlette.routing import BaseRoute, Mount, compile_path

from privault.db.inspection import table_counts
from privault.services.vault import Vault
from tests.web.conftest import choose_language, form_token

# What anyone may call without signing in (DESIGN §7, CONVENTIONS "Tests"): the app's one list
# (privault.web.public_routes) must say exactly this.
PUBLIC = {
    ("GET", "/login"),
    ("POST", "/login"),
    ("GET", "/api/v1/health"),
    ("POST", "/lang"),  # the language switcher, on the sign-in page too
    ("GET", "/docs"),
    ("GET", "/openapi.json"),
    ("GET", "/staff/enrol"),  # a new account's person, with the code sent to them
    ("POST", "/staff/enrol"),
    ("POST", "/staff/enrol/confirm"),
    ("POST", "/webhooks/sms"),  # the SMS gateway's replies, signed (HMAC)
    ("POST", "/webhooks/sms/receipts"),  # its delivery reports, signed the same way
    ("GET", "/register"),  # the public registration page (issue 17)
    ("POST", "/register"),  # rate-limited, with its one-use signed form token
}
# A shared tablet's lock page, its lock and its PIN switch (issue 18 point 3).
PUBLIC |= {("GET", "/lock"), ("POST", "/lock"), ("POST", "/lock/switch")}
PUBLIC_MOUNTS = {"/static"}
# The customer privacy portal's entry, its sign-in, and the one-step unsubscribe link.
PUBLIC_PORTAL = re.compile(r"^/portal(/sign-in(/.*)?|/unsubscribe(/.*)?)?$")
_PARAM = re.compile(r"{(\w+)(?::\w+)?}")
DUMMY_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Call:
    method: str
    template: str
    url: str


def is_public(method: str, template: str) -> bool:
    return (method, template) in PUBLIC or bool(PUBLIC_PORTAL.match(template))


def _dummy_url(route: RouteContext) -> str:
    def value(match: re.Match[str]) -> str:
        convertor = route.param_convertors[match.group(1)]
        if isinstance(convertor, IntegerConvertor | FloatConvertor):
            return "1"
        return DUMMY_ID

    return _PARAM.sub(value, route.path or "")


def calls(routes: list[BaseRoute]) -> Iterator[Call]:
    """Every method of every route, routers included (FastAPI keeps those nested)."""
    for route in iter_route_contexts(routes):
        if route.path is not None and route.methods:
            for method in sorted(route.methods - {"HEAD"}):
                yield Call(method, route.path, _dummy_url(route))


def _private(routes: list[BaseRoute]) -> list[Call]:
    return [c for c in calls(routes) if not is_public(c.method, c.template)]


def _refusal(client: TestClient, call: Call, csrf: str) -> str | None:
    """None when the anonymous call is refused as the contract says; else what happened."""
    # A genuine anti-forgery token, so that what refuses the call is the missing sign-in.
    response = client.request(
        call.method, call.url, headers={"X-CSRF-Token": csrf}, follow_redirects=False
    )
    status, where = response.status_code, response.headers.get("location", "")
    if call.template.startswith("/api/"):
        ok = status == 401 and response.headers.get("www-authenticate") == "Bearer"
    elif call.template.startswith("/portal"):
        ok = status in (401, 403) or (status == 303 and where.startswith("/portal/sign-in"))
    else:
        ok = status == 303 and where.startswith("/login")
    return None if ok else f"{status} {where}".strip()


def test_every_route_outside_the_public_list_needs_authentication(
    vault: Vault, client: TestClient
) -> None:
    private = _private(client.app.routes)  # type: ignore[attr-defined]
    assert len(private) >= 20  # the walk found the app's routes, not an empty list
    csrf = form_token(client)
    before = table_counts(vault.database)
    answers = {f"{c.method} {c.template}": _refusal(client, c, csrf) for c in private}
    assert {call: what for call, what in answers.items() if what is not None} == {}
    after = table_counts(vault.database)
    assert {k: v for k, v in after.items() if k != "rate_limits"} == {
        k: v for k, v in before.items() if k != "rate_limits"
    }


def test_the_walk_covers_the_api_the_console_and_the_portal(client: TestClient) -> None:
    walked = {f"{c.method} {c.template}" for c in calls(client.app.routes)}  # type: ignore[attr-defined]
    assert {
        "POST /api/v1/customers/find",
        "POST /api/v1/customers/{customer_id}/reveal",
        "GET /api/v1/exports/{export_id}/download",
        "POST /api/v1/audit/verify",
        "GET /",
        "POST /logout",
        "POST /customers/{customer_id}/restrict",
        "POST /customers/{customer_id}/lift-restriction",
        "POST /customers/{customer_id}/erase",
    } <= walked


def test_the_public_routes_answer_without_credentials(client: TestClient) -> None:
    for path in ("/login", "/api/v1/health", "/openapi.json", "/docs"):
        assert client.get(path).status_code == 200, path
    chosen = choose_language(client, "en", next="/")
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/")
    routes = iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
    mounts = {r.path for r in routes if isinstance(r.original_route, Mount)}
    assert mounts <= PUBLIC_MOUNTS


@pytest.mark.parametrize(
    ("method", "path", "public"),
    [
        ("GET", "/portal", True),
        ("GET", "/portal/sign-in", True),
        ("POST", "/portal/sign-in/code", True),
        ("GET", "/portal/unsubscribe/{token}", True),
        ("GET", "/portal/me", False),
        ("POST", "/portal/sign-out", False),
        ("GET", "/portal-admin", False),
        ("POST", "/api/v1/health", False),
        ("GET", "/login/extra", False),
        ("POST", "/lang", True),
        ("GET", "/lang/{lang}", False),
        ("GET", "/register", True),
        ("POST", "/register", True),
        ("GET", "/review", False),
        ("POST", "/review/{customer_id}/reject", False),
    ],
)
def test_the_public_list_is_exact(method: str, path: str, *, public: bool) -> None:
    assert is_public(method, path) is public


def _public_routes() -> Any:
    """The app's one list of public routes (imported here: the module is what is tested)."""
    assert importlib.util.find_spec("privault.web.public_routes"), "no one list of public routes"
    return importlib.import_module("privault.web.public_routes")


def test_the_apps_public_list_is_the_expected_one_and_names_what_protects_each_route(
    client: TestClient,
) -> None:
    listed = _public_routes().PUBLIC_ROUTES
    assert listed, "the list is empty"
    expected = {f"{m} {p}" for m, p in PUBLIC} | {
        "GET /portal",
        "GET /portal/sign-in",
        "POST /portal/sign-in",
        "POST /portal/sign-in/code",
        "POST /portal/sign-out",
        "POST /logout",
        "GET /portal/unsubscribe/{token}",
        "POST /portal/unsubscribe/{token}",
    }
    assert {f"{r.method} {r.path}" for r in listed} == expected
    for route in listed:
        assert route.protection.value, route
        assert len(route.why) > 10, f"{route.method} {route.path} says nothing of its protection"
    assert {r.path for r in _public_routes().PUBLIC_MOUNTS} == PUBLIC_MOUNTS


def test_the_public_list_has_no_stale_entry(client: TestClient) -> None:
    walked = {(c.method, c.template) for c in calls(client.app.routes)}  # type: ignore[attr-defined]
    stale = [r for r in _public_routes().PUBLIC_ROUTES if (r.method, r.path) not in walked]
    assert stale == []


def test_every_route_off_the_apps_list_needs_authentication(
    vault: Vault, client: TestClient
) -> None:
    listed = {(r.method, r.path) for r in _public_routes().PUBLIC_ROUTES}
    private = [c for c in calls(client.app.routes) if (c.method, c.template) not in listed]  # type: ignore[attr-defined]
    csrf = form_token(client)
    answers = {f"{c.method} {c.template}": _refusal(client, c, csrf) for c in private}
    assert {call: what for call, what in answers.items() if what is not None} == {}


def test_the_app_refuses_to_start_with_an_unlisted_route_that_needs_no_sign_in(
    vault: Vault,
) -> None:
    """A route added without a sign-in and without a place on the list is caught at start."""
    from privault.web.app import create_app

    checker = _public_routes().check_public_routes
    app = create_app(vault=vault)

    @app.get("/new-public-page")
    def page() -> str:
        return "hello"

    with pytest.raises(RuntimeError, match="GET /new-public-page"):
        checker(app.routes)


def test_no_route_is_shadowed_by_an_earlier_one(client: TestClient) -> None:
    """Routes are matched in order (routers in the order `create_app` includes them, hot ones
    first): every route must answer its own paths, whatever comes before it."""
    ordered = [
        (route.path, route.methods, compile_path(route.path)[0], _dummy_url(route))
        for route in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if route.path is not None and route.methods
    ]
    shadowed = []
    for i, (path, methods, _, url) in enumerate(ordered):
        for method in sorted(methods - {"HEAD"}):
            first = next(
                j for j, (_, m, regex, _) in enumerate(ordered) if method in m and regex.match(url)
            )
            if first != i:
                shadowed.append(f"{method} {path} answered by {ordered[first][0]}")
    assert not shadowed
