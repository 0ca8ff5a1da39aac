"""/api/v1/customers/{id}/membership and /api/v1/members: a POS enrols a member who agreed to
membership, reads them and finds them by card number; refusals carry the field or reason and
each read is audited under the token's name."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Action, Actor
from privault.services.vault import Vault
from tests.factories import MEMBER, register
from tests.web.test_api import api_token, audit_rows


def test_a_pos_enrols_reads_and_looks_a_member_up_by_number(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "欧阳娜娜", "mobile": "13812345678"}, MEMBER)
    pos = api_token(vault, "front_desk", "main")
    url = f"/api/v1/customers/{customer_id}/membership"

    made = client.post(url, json={}, headers=pos)

    assert made.status_code == 201, made.text
    member = made.json()
    assert (member["number"], member["level"], member["level_name"], member["status"]) == (
        "M00000018",
        "standard",
        "普通",
        "active",
    )
    assert member["why"]["kind"] == "enrolled"
    assert client.get(url, headers=pos).json()["number"] == "*****0018"  # masked by default
    found = client.get("/api/v1/members", params={"number": "M0000001-8"}, headers=pos)
    assert (found.status_code, found.json()["customer_id"]) == (200, customer_id)
    assert "13812345678" not in found.text
    reads = [r for r in audit_rows(vault, Action.MEMBERS_READ) if r[0] == "api:front-desk"]
    assert reads == [("api:front-desk", "allowed", "membership read")] * 2


def test_the_api_refuses_a_bad_number_a_missing_consent_and_a_role_without_members(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = register(vault, operator)  # service only
    pos = api_token(vault, "front_desk", "main")

    bad = client.get("/api/v1/members", params={"number": "M00000019"}, headers=pos)
    assert (bad.status_code, bad.json()["error"]["field"]) == (422, "number")
    unknown = client.get("/api/v1/members", params={"number": "M00000026"}, headers=pos)
    assert unknown.status_code == 404
    refused = client.post(f"/api/v1/customers/{customer_id}/membership", json={}, headers=pos)
    assert refused.status_code == 422
    assert "membership purpose" in refused.json()["error"]["message"]
    marketing = api_token(vault, "marketing", "main")
    denied = client.get(f"/api/v1/customers/{customer_id}/membership", headers=marketing)
    assert denied.status_code == 403
