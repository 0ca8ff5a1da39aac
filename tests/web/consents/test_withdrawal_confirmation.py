"""A withdrawal that deletes data first says what it deletes (field labels, never values) and
needs an explicit confirm, in the console and in the portal; without it nothing changes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privault.services.consents.ledger import list_consents
from privault.services.customers.records import get_customer
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register, unique_mobile
from tests.web.conftest import form_token, sign_in, staff_account
from tests.web.portal.test_pages import portal_sign_in

ALLERGY = "染发剂过敏"


@pytest.fixture
def mobile() -> str:
    return unique_mobile()


@pytest.fixture
def customer(vault: Vault, mobile: str) -> str:
    values = {"name": "张三", "mobile": mobile, "allergies": ALLERGY}
    return register(vault, OPERATOR, values, ("service", "marketing_sms", "sensitive_care"))


def _state(vault: Vault, customer_id: str) -> tuple[list[str], int]:
    view = get_customer(vault, OPERATOR, customer_id)
    return sorted(view.fields), len(list_consents(vault, OPERATOR, customer_id))


def test_the_console_asks_before_a_withdrawal_deletes_and_names_what_it_deletes(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    path = f"/customers/{customer}/consents/withdraw"
    token = form_token(client, f"/customers/{customer}/consents")
    before = _state(vault, customer)
    asked = client.post(path, data={"csrf_token": token, "purpose": "sensitive_care"})
    assert asked.status_code == 200
    assert "确认撤回同意：过敏关怀" in asked.text
    assert "<li>过敏情况</li>" in asked.text
    assert ALLERGY not in asked.text  # a label, never the value
    assert 'name="confirmed" value="yes"' in asked.text
    assert _state(vault, customer) == before  # nothing changed yet

    confirmed = client.post(
        path,
        data={"csrf_token": token, "purpose": "sensitive_care", "confirmed": "yes"},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    view = get_customer(vault, OPERATOR, customer)
    assert "allergies" not in view.fields
    assert "sensitive_care" not in view.purposes


def test_the_console_withdraws_at_once_when_nothing_is_deleted(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    token = form_token(client, f"/customers/{customer}/consents")
    response = client.post(
        f"/customers/{customer}/consents/withdraw",
        data={"csrf_token": token, "purpose": "marketing_sms"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "marketing_sms" not in get_customer(vault, OPERATOR, customer).purposes


def test_the_portal_asks_before_withdrawing_the_allergy_consent_deletes_the_allergy_record(
    vault: Vault, client: TestClient, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me/consents")
    data = {"csrf_token": token, "customer_id": customer, "purpose": "sensitive_care"}
    before = _state(vault, customer)
    asked = client.post("/portal/me/consents/withdraw", data=data)
    assert asked.status_code == 200
    assert "<li>过敏情况</li>" in asked.text
    assert "您同意的其他用途都不需要" in asked.text
    assert ALLERGY not in asked.text
    assert _state(vault, customer) == before

    done = client.post(
        "/portal/me/consents/withdraw", data={**data, "confirmed": "yes"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert "allergies" not in get_customer(vault, OPERATOR, customer).fields


def test_limiting_sensitive_use_in_the_portal_says_what_it_deletes_before_it_does(
    vault: Vault, client: TestClient, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me/limit-sensitive")
    data = {"csrf_token": token, "customer_id": customer}
    before = _state(vault, customer)
    asked = client.post("/portal/me/limit-sensitive", data=data)
    assert asked.status_code == 200
    assert "<li>过敏情况</li>" in asked.text
    assert 'action="/portal/me/limit-sensitive"' in asked.text
    assert ALLERGY not in asked.text
    assert _state(vault, customer) == before

    done = client.post(
        "/portal/me/limit-sensitive", data={**data, "confirmed": "yes"}, follow_redirects=False
    )
    assert done.status_code == 303
    assert "allergies" not in get_customer(vault, OPERATOR, customer).fields
