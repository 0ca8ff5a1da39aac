"""Rights requests are opened from the customer's profile (nobody types an internal id), every
request page names the customer by their masked name, and fulfilling is offered only once the
requester's identity is verified."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.requests.handling import list_requests, open_request
from privault.services.requests.verification import verify_request
from privault.services.vault import Vault
from privault.web.app import create_app
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import form_token, sign_in, staff_account

MASKED = "张*丰"  # 张三丰 under the name's mask


def test_the_desk_opens_a_request_from_the_profile_and_sees_the_masked_name(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator)
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "desk.req", ["front_desk"]), clock)
        profile = client.get(f"/customers/{customer}").text
        assert f'href="/requests/new?customer={customer}"' in profile
        form = client.get(f"/requests/new?customer={customer}").text
        assert MASKED in form
        assert f'<input type="hidden" name="customer" value="{customer}">' in form
        token = form_token(client, f"/requests/new?customer={customer}")
        data = {"csrf_token": token, "customer": customer, "type": "access", "channel": "store"}
        opened = client.post("/requests/new", data=data, follow_redirects=False)
        assert opened.status_code == 303
        # The desk may open a request but not read one: back on the profile, told so, rather
        # than on a request page that would refuse it.
        assert opened.headers["location"] == f"/customers/{customer}?done=request_with_officer"
        told = client.get(opened.headers["location"], headers={"Accept-Language": "zh-CN"})
        assert "请求已登记，个人信息保护负责人将在期限内答复。" in told.text
        assert len(list_requests(vault, operator, customer_id=customer)) == 1


def test_without_a_customer_the_form_sends_the_desk_to_find_them_first(
    vault: Vault, clock: FrozenClock
) -> None:
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "desk.req2", ["front_desk"]), clock)
        page = client.get("/requests/new", headers={"Accept-Language": "zh-CN"}).text
        assert "请先查找客户" in page
        assert 'name="customer"' not in page
        assert "登记该请求" not in page  # no submit button until a customer is chosen
        assert 'type="submit">' not in page.split("</header>")[1]


def test_the_queue_and_the_request_name_the_customer_masked_and_fulfil_waits_for_verification(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator)
    request_id = open_request(vault, operator, customer, "access", "store").id
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "po.req", ["privacy_officer"]), clock)
        assert MASKED in client.get("/requests").text
        page = client.get(f"/requests/{request_id}").text
        assert MASKED in page
        assert 'id="fulfil-waits"' in page
        assert f'action="/requests/{request_id}/fulfil"' not in page
        assert 'id="refuse"' in page  # a request can be refused before it is verified
        verify_request(vault, operator, request_id, "in_person", note="resident ID card shown")
        page = client.get(f"/requests/{request_id}").text
        assert f'action="/requests/{request_id}/fulfil"' in page
        assert 'id="fulfil-waits"' not in page
