"""The API tokens page and /api/v1/tokens (issue 13.2): a token whose role sees personal data is
shown awaiting countersignature, in Chinese, and works once a privacy officer other than its
creator countersigns it on the page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.vault import Vault
from privault.web.app import create_app
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import choose_language, form_token, sign_in, staff_account
from tests.web.test_api import api_token

_SHOWN = re.compile(r"pv_[A-Za-z0-9_-]{43}")
REVEAL = {"field": "mobile", "purpose": "service"}


def _status_of(page: str, name: str) -> str:
    row = page.split(f'id="token-{name}"', 1)[1].split("</tr>", 1)[0]
    return row.split('class="token-status">', 1)[1].split("</td>", 1)[0]


def test_a_front_desk_token_made_on_the_page_waits_for_another_officers_countersignature(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "韩梅梅", "mobile": "13900002222"})
    sign_in(client, staff_account(vault, "it.admin", ["admin"]), clock)
    choose_language(client, "zh", next="/staff/tokens")
    form = {"csrf_token": form_token(client, "/staff/tokens"), "name": "pos.desk"}
    made = client.post("/staff/tokens", data={**form, "role": "front_desk"})
    assert made.status_code == 200, made.text
    token = _SHOWN.search(made.text)
    assert token is not None
    headers = {"Authorization": f"Bearer {token.group(0)}"}
    reveal = f"/api/v1/customers/{customer}/reveal"
    refused = client.post(reveal, json=REVEAL, headers=headers)
    assert refused.status_code == 401
    assert "countersignature" in refused.json()["error"]["message"]
    assert _status_of(made.text, "pos.desk") == "等待会签"

    # The admin is no privacy officer: the page says so in Chinese and nothing changes.
    url = "/staff/tokens/pos.desk/countersign"
    own = client.post(url, data={"csrf_token": form_token(client, "/staff/tokens")})
    assert own.status_code == 403
    assert "只有隐私官可以会签 API 令牌；it.admin 不是隐私官" in own.text

    with TestClient(create_app(vault=vault), base_url="http://testserver") as officer:
        sign_in(officer, staff_account(vault, "po.qian", ["privacy_officer"]), clock)
        signed = officer.post(url, data={"csrf_token": form_token(officer, "/staff/tokens")})
    assert signed.status_code == 200  # back on the page
    assert _status_of(client.get("/staff/tokens").text, "pos.desk") == "启用"
    shown = client.post(reveal, json=REVEAL, headers=headers)
    assert (shown.status_code, shown.json()["value"]) == (200, "13900002222")


def test_the_api_lists_each_tokens_status_and_never_the_token(
    vault: Vault, client: TestClient
) -> None:
    auditor = api_token(vault, "auditor")  # sees no personal data: works at once
    listed = client.get("/api/v1/tokens", headers=auditor)
    assert listed.status_code == 200, listed.text
    assert [(t["name"], t["status"]) for t in listed.json()] == [("auditor", "active")]
    assert auditor["Authorization"].removeprefix("Bearer ") not in listed.text
    assert client.get("/api/v1/tokens").status_code == 401
