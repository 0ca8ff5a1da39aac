"""/campaigns: marketing counts a segment and plans a campaign, sees the preview with a masked
sample and the results, in Chinese; only the marketing manager gets the send button."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.campaigns import DeliveryStatus
from privault.domain.policy import Actor
from privault.services.campaigns.delivery import deliver_campaign
from privault.services.campaigns.receipts import DeliveryReport, record_delivery_reports
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.random_ids import without_random_ids
from tests.services.campaigns.campaign_setup import MANAGER, approved, customers
from tests.web.conftest import choose_language, form_token, sign_in, staff_account


def plan_form(client: TestClient, body: str) -> dict[str, str]:
    token = form_token(client, "/campaigns")
    return {"csrf_token": token, "name": "秋季", "channel": "sms", "body": body}


def test_marketing_plans_and_the_manager_sends_without_seeing_anyone(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customers(vault, operator, 2, "marketing_sms")
    sign_in(client, staff_account(vault, "mk.li", ["marketing"]), clock)
    choose_language(client, "zh", "/campaigns")
    counted = client.get("/campaigns", params={"segment": "store=main"})
    assert counted.status_code == 200
    assert 'data-channel="sms"><td>SMS</td><td>2</td>' in counted.text
    refused = client.post("/campaigns", data=plan_form(client, "新品八折"))
    assert refused.status_code == 422
    assert "短信必须以「回T退订」结尾" in refused.text
    body = "{name}您好，新品八折。回T退订"
    planned = client.post("/campaigns", data=plan_form(client, body), follow_redirects=True)
    assert planned.status_code == 200
    assert "张*您好，新品八折。回T退订" in planned.text
    assert "待审批" in planned.text
    assert "审批并发送" not in planned.text  # marketing plans; the manager sends
    page = str(planned.url.path)

    client.cookies.clear()
    sign_in(client, staff_account(vault, "mk.wang", ["marketing_manager"]), clock)
    sent = client.post(
        f"{page}/send", data={"csrf_token": form_token(client, page)}, follow_redirects=True
    )
    assert sent.status_code == 200
    assert 'data-status="done"' in sent.text
    assert 'data-delivery="sent"><td>已发送</td><td>2</td>' in sent.text
    assert "139" not in without_random_ids(sent.text.split("<main")[-1])  # no number on the page


def test_the_campaign_page_counts_delivered_messages_from_the_gateways_reports(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customers(vault, operator, 2, "marketing_sms")
    campaign_id = approved(vault)
    deliver_campaign(vault, MANAGER, campaign_id)
    with vault.unit_of_work() as uow:
        first = uow.campaigns.with_status(campaign_id, DeliveryStatus.SENT)[0].id
    record_delivery_reports(vault, [DeliveryReport(first, "", "delivered")])
    sign_in(client, staff_account(vault, "mk.li", ["marketing"]), clock)
    choose_language(client, "zh", "/campaigns")

    page = client.get(f"/campaigns/{campaign_id}")

    assert 'data-delivery="delivered"><td>已送达手机</td><td>1</td>' in page.text
    assert 'data-delivery="sent"><td>已发送</td><td>1</td>' in page.text
