"""The profile's tabs: the customer's rights requests, and who saw the customer (their audit
trail, in the shop's time, actions in the reader's language) for the roles that read audit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.customers.records import get_customer
from privault.services.requests.handling import open_request
from privault.services.vault import Vault
from privault.web.app import create_app
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import sign_in, staff_account

DESK = Actor("li.na", frozenset({"front_desk"}))


def test_the_officer_sees_the_customers_requests_and_who_saw_them(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator)
    request_id = open_request(vault, operator, customer, "access", "store").id
    get_customer(vault, DESK, customer)
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "po.tabs", ["privacy_officer"]), clock)
        profile = client.get(f"/customers/{customer}", headers={"Accept-Language": "zh-CN"}).text
        assert f'href="/customers/{customer}/requests"' in profile
        assert f'href="/customers/{customer}/trail"' in profile
        requests = client.get(f"/customers/{customer}/requests").text
        assert f'href="/requests/{request_id}"' in requests
        trail = client.get(f"/customers/{customer}/trail").text
        assert "谁查看过该客户" in trail
        assert "<td>li.na</td>" in trail
        assert "Asia/Shanghai" in trail
        assert "customer.view" not in trail  # actions by name, not by key


def test_the_front_desk_gets_no_trail_tab_and_the_trail_is_refused(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator)
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "desk.tabs", ["front_desk"]), clock)
        profile = client.get(f"/customers/{customer}").text
        assert f'href="/customers/{customer}/trail"' not in profile
        assert client.get(f"/customers/{customer}/trail").status_code == 403
