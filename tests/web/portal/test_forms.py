"""The portal's correction form offers enum fields as choices (issue 18 point 5)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from privault.services.customers.records import get_customer
from privault.services.vault import Vault
from tests.conftest import OPERATOR
from tests.web.portal.test_pages import customer, mobile, portal_sign_in, post  # noqa: F401


def test_the_correction_form_offers_hair_type_as_choices_and_saves_the_one_picked(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    page = client.get("/portal/me").text
    select = re.search(r'<select name="field.hair_type".*?</select>', page, re.S)
    assert select, "hair type must be a choice, not a free-text box"
    assert '<option value="damaged">受损发质</option>' in select.group(0)
    assert 'name="field.hair_type" value=' not in page
    assert post(client, "/portal/me/correct", {"customer_id": customer, "field.hair_type": "dry"}) == 303
    assert get_customer(vault, OPERATOR, customer).fields.get("hair_type") == "dry"
