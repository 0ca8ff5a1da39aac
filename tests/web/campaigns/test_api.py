"""/api/v1/campaigns: a marketing system plans a campaign and reads the count and a masked
preview, the manager's token sends it, both read the report; counts only, never who; a bad
criterion names its field; marketing's token may not send."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.vault import Vault
from tests.random_ids import without_random_ids
from tests.services.campaigns.campaign_setup import customers
from tests.web.test_api import api_token

PLAN = {"name": "秋季烫染", "channel": "sms", "body": "{name}您好，新品八折。回T退订"}


def test_a_campaign_is_planned_sent_and_reported_through_the_api(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customers(vault, operator, 2, "marketing_sms")
    marketing, manager = api_token(vault, "marketing"), api_token(vault, "marketing_manager")

    planned = client.post(
        "/api/v1/campaigns", json={**PLAN, "segment": {"store": "main"}}, headers=marketing
    )
    assert planned.status_code == 201, planned.text
    found = planned.json()
    assert (found["consented"], found["campaign"]["status"]) == (2, "planned")
    assert found["preview_body"].endswith("张*您好，新品八折。回T退订")
    campaign_id = found["campaign"]["id"]
    refused = client.post(f"/api/v1/campaigns/{campaign_id}/send", headers=marketing)
    sent = client.post(f"/api/v1/campaigns/{campaign_id}/send", headers=manager)
    report = client.get(f"/api/v1/campaigns/{campaign_id}", headers=marketing)
    listed = client.get("/api/v1/campaigns", headers=marketing)

    assert refused.status_code == 403
    assert sent.status_code == 200, sent.text
    assert sent.json()["sent"] == 2
    assert report.json()["counts"]["sent"] == 2
    assert report.json()["campaign"]["status"] == "done"
    assert "138" not in without_random_ids(report.text)
    assert [c["id"] for c in listed.json()] == [campaign_id]


def test_a_bad_plan_names_its_field_and_keeps_nothing(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customers(vault, operator, 1, "marketing_sms")
    marketing = api_token(vault, "marketing")

    bad_band = client.post(
        "/api/v1/campaigns",
        json={**PLAN, "segment": {"points_at_least": "many"}},
        headers=marketing,
    )
    no_opt_out = client.post(
        "/api/v1/campaigns", json={**PLAN, "body": "新品八折"}, headers=marketing
    )

    assert (bad_band.status_code, bad_band.json()["error"]["field"]) == (422, "points_at_least")
    assert no_opt_out.status_code == 422
    assert client.get("/api/v1/campaigns", headers=marketing).json() == []
    missing = client.get(
        "/api/v1/campaigns/00000000-0000-4000-8000-000000000000", headers=marketing
    )
    assert missing.status_code == 404
