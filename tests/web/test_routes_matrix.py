"""Role x endpoint and role x console page: what each default role may do, read from the
role matrix document (presets/roles.toml) rather than from the code under test."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

import privault.presets
from privault.domain.policy import Actor
from privault.services.customers.restriction import restrict_customer
from privault.services.exports.workflow import request_export
from privault.services.members.membership import enrol_member
from privault.services.requests.handling import open_request
from privault.services.vault import Vault
from privault.web.menu import AREAS
from tests.conftest import FrozenClock
from tests.factories import NOTICE, register, unique_mobile
from tests.web.conftest import choose_language, form_token, sign_in, staff_account
from tests.web.test_api import api_token

PRESETS = Path(privault.presets.__file__).parent
MATRIX: dict[str, Any] = tomllib.loads((PRESETS / "roles.toml").read_text("utf-8"))["roles"]
CATALOG: dict[str, Any] = tomllib.loads((PRESETS / "salon.toml").read_text("utf-8"))["fields"]
ROLES = sorted(MATRIX)


def may(role: str, *actions: str) -> bool:
    return any(a in MATRIX[role]["actions"] for a in actions)


def may_reveal(role: str, field: str) -> bool:
    return may(role, "customer.reveal") and CATALOG[field]["category"] in MATRIX[role]["reveal"]


@dataclass(frozen=True)
class World:
    customer_id: str
    request_id: str
    pending_export: str
    role: str
    member_id: str = ""  # a customer enrolled as member M00000018


Call = Callable[[TestClient, dict[str, str], World], httpx.Response]


def _own_export(client: TestClient, headers: dict[str, str], world: World) -> httpx.Response:
    """A role that may request exports downloads its own (empty and masked, so approved at
    once); any other role tries someone else's."""
    export_id = world.pending_export
    if may(world.role, "export.request"):
        body = {"fields": ["mobile"], "purpose": "service", "stores": ["nowhere"], "masked": True}
        export_id = client.post("/api/v1/exports", json=body, headers=headers).json()["id"]
    return client.get(f"/api/v1/exports/{export_id}/download", headers=headers)


def _import(client: TestClient, headers: dict[str, str], world: World) -> httpx.Response:
    csv = f"name,mobile\n李雷,{unique_mobile()}\n".encode()
    data = {"notice_version": NOTICE, "purposes": ["service"]}
    return client.post(
        "/api/v1/imports", files={"file": ("a.csv", csv, "text/csv")}, data=data, headers=headers
    )


def _registration() -> dict[str, object]:
    values = {"name": "韩梅梅", "mobile": unique_mobile()}
    return {"values": values, "purposes": ["service"], "channel": "pos", "notice_version": NOTICE}


GRANT = {"purposes": ["marketing_email"], "channel": "pos", "notice_version": NOTICE}
WITHDRAW = {"purposes": ["marketing_sms"], "channel": "pos"}
REVEAL = {"field": "mobile", "purpose": "service"}
ENDPOINTS: dict[str, tuple[Callable[[str], bool], Call]] = {
    "register": (
        lambda r: may(r, "customer.register"),
        lambda c, h, w: c.post("/api/v1/customers", json=_registration(), headers=h),
    ),
    "find": (
        lambda r: may(r, "customer.search"),
        lambda c, h, w: c.post(
            "/api/v1/customers/find", json={"by": "mobile_tail", "value": "0001"}, headers=h
        ),
    ),
    "show": (
        lambda r: may(r, "customer.view"),
        lambda c, h, w: c.get(f"/api/v1/customers/{w.customer_id}", headers=h),
    ),
    "reveal mobile": (
        lambda r: may_reveal(r, "mobile"),
        lambda c, h, w: c.post(f"/api/v1/customers/{w.customer_id}/reveal", json=REVEAL, headers=h),
    ),
    "update": (
        lambda r: may(r, "customer.update"),
        lambda c, h, w: c.patch(
            f"/api/v1/customers/{w.customer_id}",
            json={"fields": {"email": "x@example.com"}},
            headers=h,
        ),
    ),
    "visits": (
        lambda r: may(r, "transaction.read"),
        lambda c, h, w: c.get(f"/api/v1/customers/{w.customer_id}/visits", headers=h),
    ),
    "record visit": (
        lambda r: may(r, "transaction.record"),
        lambda c, h, w: c.post(
            f"/api/v1/customers/{w.customer_id}/visits", json={"amount": "9.90"}, headers=h
        ),
    ),
    "wallet": (
        lambda r: may(r, "wallet.read"),
        lambda c, h, w: c.get(f"/api/v1/customers/{w.customer_id}/wallet", headers=h),
    ),
    "wallet top-up": (
        lambda r: may(r, "wallet.move"),
        lambda c, h, w: c.post(
            f"/api/v1/customers/{w.customer_id}/wallet/topup", json={"amount": "10"}, headers=h
        ),
    ),
    "points": (
        lambda r: may(r, "points.read"),
        lambda c, h, w: c.get(f"/api/v1/customers/{w.customer_id}/points", headers=h),
    ),
    "consent history": (
        lambda r: may(r, "consent.read"),
        lambda c, h, w: c.get(f"/api/v1/customers/{w.customer_id}/consents", headers=h),
    ),
    "grant consent": (
        lambda r: may(r, "consent.record"),
        lambda c, h, w: c.post(
            f"/api/v1/customers/{w.customer_id}/consents", json=GRANT, headers=h
        ),
    ),
    "withdraw consent": (
        lambda r: may(r, "consent.record"),
        lambda c, h, w: c.post(
            f"/api/v1/customers/{w.customer_id}/consents/withdraw", json=WITHDRAW, headers=h
        ),
    ),
    "open request": (
        lambda r: may(r, "request.open"),
        lambda c, h, w: c.post(
            "/api/v1/requests",
            json={"customer_id": w.customer_id, "type": "access", "channel": "store"},
            headers=h,
        ),
    ),
    "request queue": (
        lambda r: may(r, "request.read"),
        lambda c, h, w: c.get("/api/v1/requests", headers=h),
    ),
    "show request": (
        lambda r: may(r, "request.read"),
        lambda c, h, w: c.get(f"/api/v1/requests/{w.request_id}", headers=h),
    ),
    "import": (lambda r: may(r, "customer.import"), _import),
    "request export": (
        lambda r: may(r, "export.request"),
        lambda c, h, w: c.post(
            "/api/v1/exports", json={"fields": ["mobile"], "purpose": "service"}, headers=h
        ),
    ),
    "export queue": (
        lambda r: may(r, "export.request", "export.approve"),
        lambda c, h, w: c.get("/api/v1/exports", headers=h),
    ),
    "approve export": (
        lambda r: False,  # an integration token never approves, whatever its role (issue 13.2)
        lambda c, h, w: c.post(f"/api/v1/exports/{w.pending_export}/approve", headers=h),
    ),
    "download export": (lambda r: may(r, "export.download"), _own_export),
    "verify audit": (
        lambda r: may(r, "audit.verify"),
        lambda c, h, w: c.post("/api/v1/audit/verify", headers=h),
    ),
    "enrol member": (
        lambda r: may(r, "members.enrol"),
        lambda c, h, w: c.post(f"/api/v1/customers/{w.customer_id}/membership", json={}, headers=h),
    ),
    "membership": (
        lambda r: may(r, "members.read"),
        lambda c, h, w: c.get(f"/api/v1/customers/{w.member_id}/membership", headers=h),
    ),
    "member by number": (
        lambda r: may(r, "members.read"),
        lambda c, h, w: c.get("/api/v1/members", params={"number": "M00000018"}, headers=h),
    ),
    "class counts": (
        lambda r: may(r, "classes.count"),
        lambda c, h, w: c.get("/api/v1/classes", headers=h),
    ),
    "plan campaign": (
        lambda r: may(r, "campaign.plan"),
        lambda c, h, w: c.post(
            "/api/v1/campaigns",
            json={"name": "秋季", "channel": "sms", "body": "新品八折。回T退订"},
            headers=h,
        ),
    ),
    "campaigns": (
        lambda r: may(r, "campaign.read"),
        lambda c, h, w: c.get("/api/v1/campaigns", headers=h),
    ),
}


def _world(vault: Vault, operator: Actor, role: str) -> World:
    purposes = ("service", "membership", "marketing_sms")
    customers = [
        register(vault, operator, {"name": "李雷", "mobile": unique_mobile()}, purposes)
        for _ in range(11)  # more than a small export: the operator's waits for approval
    ]
    opened = open_request(vault, operator, customers[0], "access", "store")
    export = request_export(vault, operator, ["mobile"], purpose="service")
    enrol_member(vault, operator, customers[1])
    return World(customers[0], opened.id, export.id, role, customers[1])


def _outcome(response: httpx.Response) -> str:
    if response.is_success:
        return "allowed"
    if response.status_code == 403 and response.json()["error"]["code"] == "denied":
        return "denied"
    return f"{response.status_code}: {response.text[:200]}"


@pytest.mark.parametrize("role", ROLES)
def test_a_token_of_each_role_reaches_exactly_the_endpoints_its_matrix_grants(
    vault: Vault, client: TestClient, operator: Actor, role: str
) -> None:
    world = _world(vault, operator, role)
    headers = api_token(vault, role)
    expected = {
        name: "allowed" if needs(role) else "denied" for name, (needs, _) in ENDPOINTS.items()
    }
    actual = {name: _outcome(call(client, headers, world)) for name, (_, call) in ENDPOINTS.items()}
    assert actual == expected


def _console_pages(client: TestClient) -> list[tuple[str, tuple[str, ...]]]:
    """The menu's areas that exist as pages today, with the action each needs."""
    pages = {
        r.path
        for r in iter_route_contexts(client.app.routes)  # type: ignore[attr-defined]
        if r.methods and "GET" in r.methods
    }
    return [(item.path, tuple(a.value for a in item.needs)) for item in AREAS if item.path in pages]


@pytest.mark.parametrize("role", ROLES)
def test_a_staff_member_of_each_role_sees_and_opens_only_the_pages_the_matrix_grants(
    vault: Vault, client: TestClient, clock: FrozenClock, role: str
) -> None:
    sign_in(client, staff_account(vault, f"staff.{role.replace('_', '.')}", [role]), clock)
    home = client.get("/").text
    pages = _console_pages(client)
    assert pages  # the walk found the console's pages
    linked = {path: f'href="{path}"' in home for path, _ in pages}
    assert linked == {path: may(role, *actions) for path, actions in pages}
    opened = {path: client.get(path).status_code for path, _ in pages}
    assert opened == {path: 200 if may(role, *actions) else 403 for path, actions in pages}


@pytest.mark.parametrize("role", ROLES)
def test_a_staff_member_of_each_role_may_choose_the_language(
    vault: Vault, client: TestClient, clock: FrozenClock, role: str
) -> None:
    """Not an action of the matrix: every role, and anyone signed out, picks a language."""
    sign_in(client, staff_account(vault, f"staff.{role.replace('_', '.')}", [role]), clock)
    chosen = choose_language(client, "en", next="/")
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/")
    assert '<html lang="en">' in client.get("/").text


# The console's privacy actions (web/customers/privacy_pages.py) and the action each needs.
PRIVACY_ACTIONS = {
    "restrict": "customer.restrict",
    "lift-restriction": "customer.restrict",
    "erase": "customer.erase",
}


@pytest.mark.parametrize("role", ROLES)
def test_a_staff_member_of_each_role_restricts_and_erases_only_as_the_matrix_grants(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor, role: str
) -> None:
    sign_in(client, staff_account(vault, f"staff.{role.replace('_', '.')}", [role]), clock)
    token = form_token(client, "/")
    answers = {}
    for action in PRIVACY_ACTIONS:
        customer = register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
        if action == "lift-restriction":
            restrict_customer(vault, operator, customer, reason="matrix")
        data = {"csrf_token": token, "reason": "matrix", "confirm": "yes"}
        answer = client.post(f"/customers/{customer}/{action}", data=data, follow_redirects=False)
        answers[action] = answer.status_code
    assert answers == {
        action: 303 if may(role, needs) else 403 for action, needs in PRIVACY_ACTIONS.items()
    }


# The settings pages' steps (web/installation/rules_pages.py, backup_pages.py), the action each
# needs, and what an allowed role gets (a restore of a backup that does not exist: not found).
SETTINGS_STEPS = {
    "/settings/hours": ("policy.edit", {"opens": "08:00", "closes": "22:00", "zone": "UTC"}, 303),
    "/settings/retention": ("retention.run", {"inactive_days": "900"}, 303),
    "/settings/holds": ("hold.manage", {"reason": "matrix"}, 303),
    "/settings/backups": ("backup.create", {}, 303),
    "/settings/backups/restore": ("backup.restore", {"name": "data-x.pvbak", "confirm": "x"}, 404),
}
SETTINGS_STEPS["/settings/stores"] = ("stores.manage", {"code": "east", "name": "东门店"}, 303)


@pytest.mark.parametrize("role", ROLES)
def test_a_staff_member_of_each_role_changes_settings_only_as_the_matrix_grants(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor, role: str
) -> None:
    sign_in(client, staff_account(vault, f"staff.{role.replace('_', '.')}", [role]), clock)
    token = form_token(client, "/")
    customer = register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
    answers = {}
    for path, (_, values, _) in SETTINGS_STEPS.items():
        data = {"csrf_token": token, "customer": customer, **values}
        answers[path] = client.post(path, data=data, follow_redirects=False).status_code
    assert answers == {
        path: allowed if may(role, needs) else 403
        for path, (needs, _, allowed) in SETTINGS_STEPS.items()
    }
