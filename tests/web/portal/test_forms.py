"""The portal's correction form offers enum fields as choices (issue 18 point 5)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.customers.records import get_customer
from privault.services.vault import Vault
from tests.conftest import OPERATOR
from tests.factories import register, unique_mobile
from tests.web.portal.test_pages import MARKETING, portal_sign_in, post


@pytest.fixture
def mobile() -> str:
    return unique_mobile()


@pytest.fixture
def customer(vault: Vault, operator: Actor, mobile: str) -> str:
    return register(vault, operator, {"name": "张三丰", "mobile": mobile}, MARKETING)


def test_the_correction_form_offers_hair_type_as_choices_and_saves_the_one_picked(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    page = client.get("/portal/me").text
    select = re.search(r'<select name="field.hair_type".*?</select>', page, re.S)
    assert select, "hair type must be a choice, not a free-text box"
    assert '<option value="damaged">受损发质</option>' in select.group(0)
    assert 'name="field.hair_type" value=' not in page
    changed = {"customer_id": customer, "field.hair_type": "dry"}
    assert post(client, "/portal/me/correct", changed) == 303
    assert get_customer(vault, OPERATOR, customer).fields.get("hair_type") == "dry"
