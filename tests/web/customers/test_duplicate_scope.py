"""Through the API, a token scoped to one store registering a mobile another store's customer
holds gets a 409 that says whom to ask, without that customer's id."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.vault import Vault
from tests.factories import NOTICE, register
from tests.web.test_api import READER, api_token

ELSEWHERE = "already registered to a customer of another store"


def test_the_api_answers_a_scoped_token_without_the_other_stores_customer(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    south = register(vault, operator, {"name": "南方客", "mobile": "13800000107"}, store="south")
    desk = api_token(vault, "front_desk", "north")
    body = {
        "values": {"name": "北方客", "mobile": "13800000107"},
        "purposes": ["service"],
        "channel": "pos",
        "notice_version": NOTICE,
        "store": "north",
    }
    response = client.post("/api/v1/customers", json=body, headers=desk)
    assert response.status_code == 409, response.text
    assert response.json()["error"]["code"] == "duplicate"
    assert response.json()["error"]["field"] == "mobile"
    assert ELSEWHERE in response.json()["error"]["message"]
    assert south not in response.text
    by_token = [
        e for e in list_audit_events(vault, READER, limit=500) if e.actor.startswith("api:")
    ]
    assert south not in repr(by_token)
