"""Audit events of web requests name where they came from: the console and the API with the
client's address (a forwarded one only from a named proxy) and the API's token; the portal
with no address at all."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from privault.config import Settings
from privault.domain.audit import AuditEvent, Channel
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.vault import Vault, open_vault
from privault.web.app import create_app
from privault.web.i18n import COOKIE
from tests.conftest import FrozenClock
from tests.factories import register, unique_mobile
from tests.web.conftest import sign_in, staff_account
from tests.web.portal.test_pages import portal_sign_in
from tests.web.test_api import api_token

PROXY = ("10.1.2.3", 40000)  # the socket's peer: a reverse proxy in the shop's network
BEHIND = "192.0.2.7"  # the address the proxy says it forwards for
READER = Actor("trail.reader", frozenset({"auditor"}))


@pytest.fixture
def trusting(settings: Settings, clock: FrozenClock) -> Iterator[Vault]:
    """An installation that names the proxy's network in PRIVAULT_TRUSTED_PROXIES."""
    proxies = {"trusted_proxies": ["10.0.0.0/8"]}
    opened = open_vault(settings.model_copy(update=proxies), clock=clock)
    yield opened
    opened.close()


def _trail(vault: Vault, actor: str) -> list[AuditEvent]:
    return [e for e in list_audit_events(vault, READER, limit=500) if e.actor == actor]


def _read_the_trail_page(vault: Vault, clock: FrozenClock) -> tuple[AuditEvent, str]:
    """An auditor, behind the proxy, opens the trail twice: the first read is an audit event
    of its own, which the second page shows."""
    account = staff_account(vault, "checker", ["auditor"])
    headers = {"X-Forwarded-For": BEHIND, "Accept-Language": "en"}
    with TestClient(create_app(vault=vault), client=PROXY, headers=headers) as client:
        sign_in(client, account, clock)
        assert client.get("/audit").status_code == 200
        page = client.get("/audit").text
    read = [e for e in _trail(vault, "checker") if e.action == Action.AUDIT_READ.value]
    return read[-1], page  # the first read: the trail is newest first


@pytest.mark.legal("PIPL Art. 54")
def test_a_console_action_behind_a_named_proxy_records_the_forwarded_address(
    trusting: Vault, clock: FrozenClock
) -> None:
    event, page = _read_the_trail_page(trusting, clock)
    assert (event.channel, event.client_address, event.token_name) == ("web", BEHIND, None)
    assert BEHIND in page
    assert "Staff console" in page


@pytest.mark.legal("PIPL Art. 54")
def test_a_forwarded_for_header_from_an_unnamed_proxy_is_not_believed_in_the_trail(
    vault: Vault, clock: FrozenClock
) -> None:
    event, page = _read_the_trail_page(vault, clock)
    assert (event.channel, event.client_address) == ("web", PROXY[0])
    assert BEHIND not in page


def test_the_trail_page_names_the_origin_in_chinese(vault: Vault, clock: FrozenClock) -> None:
    account = staff_account(vault, "checker", ["auditor"])
    with TestClient(create_app(vault=vault), client=PROXY) as client:
        client.cookies.set(COOKIE, "zh")
        sign_in(client, account, clock)
        client.get("/audit")
        page = client.get("/audit").text
    for label in ("来源渠道", "客户端地址", "接口令牌", "员工控制台"):
        assert label in page


@pytest.mark.legal("PIPL Art. 54")
def test_an_api_action_records_the_token_name_and_the_callers_address(
    trusting: Vault, clock: FrozenClock
) -> None:
    token = api_token(trusting, "auditor")
    headers = {**token, "X-Forwarded-For": BEHIND}
    with TestClient(create_app(vault=trusting), client=PROXY) as client:
        assert client.post("/api/v1/audit/verify", headers=headers).status_code == 200
    [event] = _trail(trusting, "api:auditor")
    assert event.action == Action.AUDIT_VERIFY.value
    assert (event.channel, event.client_address, event.token_name) == (
        Channel.API.value,
        BEHIND,
        "auditor",
    )


@pytest.mark.legal("PIPL Art. 54")
def test_a_portal_customer_leaves_no_address_in_the_trail(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    """The trail outlives erasure: a customer's address kept there would survive it."""
    mobile = unique_mobile()
    customer_id = register(vault, operator, {"name": "张三丰", "mobile": mobile})
    with TestClient(create_app(vault=vault), client=PROXY) as client:
        portal_sign_in(client, vault, mobile)
        assert client.get("/portal/me").status_code == 200
    portal = [e for e in list_audit_events(vault, READER, limit=500) if e.channel == "portal"]
    assert {e.actor for e in portal} >= {f"customer:{customer_id}"}
    assert [e.client_address for e in portal] == [None] * len(portal)
