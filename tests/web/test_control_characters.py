"""The API and the portal refuse a control character in a value with a 4xx naming the field,
in the reader's language, and store nothing (issue 13.6)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.customers.records import find_customers, reveal_field
from privault.services.vault import Vault
from privault.web.i18n import gettext
from tests.factories import EVERYTHING_SALON, NOTICE, register, unique_mobile
from tests.web.conftest import form_token
from tests.web.portal.test_pages import portal_sign_in
from tests.web.test_api import api_token

REFUSED = "contains a control character; remove it and try again"


def test_the_api_refuses_a_nul_in_a_value_naming_the_field(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    desk = api_token(vault, "front_desk")
    mobile = unique_mobile()
    body = {
        "values": {"name": "欧阳\u0000娜娜", "mobile": mobile},
        "purposes": ["service"],
        "channel": "pos",
        "notice_version": NOTICE,
    }
    refused = client.post("/api/v1/customers", json=body, headers=desk)

    assert refused.status_code == 422
    assert refused.json()["error"] == {"code": "invalid_input", "message": REFUSED, "field": "name"}
    assert "娜娜" not in refused.text
    assert find_customers(vault, operator, "mobile", mobile).total == 0


def test_the_portal_refuses_a_control_character_in_chinese_and_keeps_the_value(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    mobile = unique_mobile()
    customer = register(vault, operator, {"name": "张三丰", "mobile": mobile}, EVERYTHING_SALON)
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me")

    response = client.post(
        "/portal/me/correct",
        data={"csrf_token": token, "customer_id": customer, "field.name": "张\u202e丰三"},
    )

    assert response.status_code == 422
    assert 'id="error-name"' in response.text
    assert gettext("zh", REFUSED) != REFUSED
    assert gettext("zh", REFUSED) in response.text
    assert reveal_field(vault, operator, customer, "name", "service") == "张三丰"
