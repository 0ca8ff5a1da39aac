"""Sending: recipients are those holding the consent when the campaign goes out, the frequency
cap holds, every delivery is audited by customer id only, and a gateway failure never leads to
a blind resend."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from privault.db.tables import campaign_deliveries
from privault.domain.campaigns import CampaignStatus, DeliveryStatus
from privault.domain.errors import ConflictError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import SYSTEM_ROLE, Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.campaigns.delivery import (
    decide_unknown,
    deliver_campaign,
    hand_over,
    queue_recipients,
    send_due_campaigns,
)
from privault.services.campaigns.planning import approve_campaign, plan_campaign
from privault.services.campaigns.reports import campaign_report
from privault.services.consents.ledger import withdraw_consents
from privault.services.customers.erasure import erase_customer
from privault.services.vault import Vault
from tests.conftest import SHOP, FrozenClock
from tests.services.campaigns.campaign_setup import (
    MANAGER,
    MARKETING,
    FlakyGateway,
    approved,
    customers,
    outbox,
    sms_draft,
)

SYSTEM = Actor("system", frozenset({SYSTEM_ROLE}))


@pytest.mark.legal("PIPL Art. 15", "GDPR Art. 21(3)")
def test_a_consent_withdrawn_after_planning_is_not_sent_to(vault: Vault, operator: Actor) -> None:
    _, withdrawn = customers(vault, operator, 2, "marketing_sms")
    campaign_id = approved(vault)
    withdraw_consents(vault, operator, withdrawn, ["marketing_sms"], channel="phone")
    assert deliver_campaign(vault, MANAGER, campaign_id) == 1
    assert len(outbox(vault).messages()) == 1
    report = campaign_report(vault, MARKETING, campaign_id).report
    assert report.counts["sent"] == 1
    assert report.total == 1
    assert report.status is CampaignStatus.DONE


@pytest.mark.legal("广告法 Art. 43")
def test_every_sms_carries_the_shop_name_and_the_opt_out(vault: Vault, operator: Actor) -> None:
    customers(vault, operator, 1, "marketing_sms")
    deliver_campaign(vault, MANAGER, approved(vault))
    text = outbox(vault).messages()[0]["text"]
    assert text.startswith(f"【{SHOP['business_name']}】")
    assert text.endswith("回T退订")


def test_each_delivery_is_audited_by_customer_id_without_the_number(
    vault: Vault, operator: Actor
) -> None:
    ids = customers(vault, operator, 2, "marketing_sms")
    deliver_campaign(vault, MANAGER, approved(vault))
    sent = [
        e
        for e in list_audit_events(vault, operator, limit=50)
        if e.action == Action.CAMPAIGN_SEND and e.customer_id
    ]
    assert sorted(e.customer_id or "" for e in sent) == sorted(ids)
    assert {e.fields for e in sent} == {("mobile",)}
    numbers = [m["to"] for m in outbox(vault).messages()]
    assert not any(n in (e.reason or "") for e in sent for n in numbers)


def test_the_frequency_cap_leaves_out_a_customer_at_the_limit(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    vault.settings = vault.settings.model_copy(update={"campaign_cap": "2/30"})
    customers(vault, operator, 1, "marketing_sms")
    for name in ("一", "二", "三"):
        deliver_campaign(vault, MANAGER, approved(vault, sms_draft(name=name)))
        clock.advance(days=1)
    assert len(outbox(vault).messages()) == 2
    last = campaign_report(vault, MARKETING, approved(vault, sms_draft(name="四"))).campaign
    assert last.status is CampaignStatus.APPROVED
    clock.advance(days=30)
    assert deliver_campaign(vault, MANAGER, last.id) == 1


def test_a_campaign_waits_for_its_time_and_the_job_sends_it(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customers(vault, operator, 1, "marketing_sms")
    campaign_id = approved(vault, sms_draft(send_at="2026-11-24 10:00"))
    assert send_due_campaigns(vault, SYSTEM) == {"campaigns": 0, "sent": 0}
    clock.now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    assert send_due_campaigns(vault, SYSTEM) == {"campaigns": 1, "sent": 1}
    assert campaign_report(vault, MARKETING, campaign_id).report.counts["sent"] == 1


def test_a_lost_answer_without_idempotency_keys_is_unknown_and_never_resent(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 4, "marketing_sms")
    gateway = FlakyGateway(answers=2)
    vault.senders = {"sms": gateway}
    campaign_id = approved(vault)
    assert deliver_campaign(vault, MANAGER, campaign_id, batch=2) == 2
    deliver_campaign(vault, MANAGER, campaign_id, batch=2)  # a later run
    deliver_campaign(vault, MANAGER, campaign_id, batch=2)
    counts = campaign_report(vault, MARKETING, campaign_id).report.counts
    assert counts["sent"] == 2
    assert counts["unknown"] + counts["queued"] == 2
    assert counts["unknown"] == 2  # each handed over once, answer lost: a person decides
    assert len(gateway.taken) == 4  # nobody got the message twice
    assert len({m.key for m in gateway.taken}) == 4


def test_a_person_decides_the_unknown_deliveries_and_only_then_are_they_resent(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 2, "marketing_sms")
    gateway = FlakyGateway(answers=1)
    vault.senders = {"sms": gateway}
    campaign_id = approved(vault)
    deliver_campaign(vault, MANAGER, campaign_id)
    with pytest.raises(PolicyDeniedError):
        decide_unknown(vault, MARKETING, campaign_id, "resend")
    with pytest.raises(InvalidInputError):
        decide_unknown(vault, MANAGER, campaign_id, "maybe")
    assert decide_unknown(vault, MANAGER, campaign_id, "resend") == 1
    gateway.answers = 10
    deliver_campaign(vault, MANAGER, campaign_id)
    report = campaign_report(vault, MARKETING, campaign_id).report
    assert (report.counts["sent"], report.counts["unknown"]) == (2, 0)
    assert report.status is CampaignStatus.DONE


def test_a_lost_answer_is_resent_under_the_same_key_where_the_gateway_keeps_keys(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 2, "marketing_sms")
    gateway = FlakyGateway(answers=1, keeps_idempotency_keys=True)
    vault.senders = {"sms": gateway}
    campaign_id = approved(vault)
    deliver_campaign(vault, MANAGER, campaign_id)
    gateway.answers = 10
    deliver_campaign(vault, MANAGER, campaign_id)
    counts = campaign_report(vault, MARKETING, campaign_id).report.counts
    assert counts["sent"] == 2
    keys = [m.key for m in gateway.taken]
    assert len(keys) == 3
    assert len(set(keys)) == 2  # the retry reused its key


def test_an_interrupted_run_leaves_handed_over_deliveries_unknown(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 2, "marketing_sms")
    gateway = FlakyGateway(answers=10)
    vault.senders = {"sms": gateway}
    campaign_id = approved(vault)
    queue_recipients(vault, MANAGER, campaign_id, gateway)
    assert hand_over(vault, MANAGER, campaign_id, 1) is not None  # then the process died
    deliver_campaign(vault, MANAGER, campaign_id)
    counts = campaign_report(vault, MARKETING, campaign_id).report.counts
    assert (counts["unknown"], counts["sent"]) == (1, 1)


def test_the_report_counts_recipients_who_unsubscribed_since(vault: Vault, operator: Actor) -> None:
    first, _ = customers(vault, operator, 2, "marketing_sms")
    campaign_id = approved(vault)
    deliver_campaign(vault, MANAGER, campaign_id)
    withdraw_consents(vault, operator, first, ["marketing_sms"], channel="phone")
    assert campaign_report(vault, MARKETING, campaign_id).report.unsubscribed == 1


def test_a_campaign_planned_twice_is_approved_once(vault: Vault, operator: Actor) -> None:
    customers(vault, operator, 1, "marketing_sms")
    planned = plan_campaign(vault, MARKETING, sms_draft())
    approve_campaign(vault, MANAGER, planned.campaign.id)
    with pytest.raises(ConflictError):
        approve_campaign(vault, MANAGER, planned.campaign.id)


def test_statuses_are_all_named_in_a_report(vault: Vault, operator: Actor) -> None:
    customers(vault, operator, 1, "marketing_sms")
    report = campaign_report(vault, MARKETING, approved(vault)).report
    assert set(report.counts) == {s.value for s in DeliveryStatus}
    assert replace(report, capped=0).total == 0


def test_an_erased_recipient_is_no_longer_named_by_any_delivery(
    vault: Vault, operator: Actor
) -> None:
    [customer] = customers(vault, operator, 1, "marketing_sms")
    campaign_id = approved(vault)
    deliver_campaign(vault, MANAGER, campaign_id)
    erase_customer(vault, operator, customer, reason="the customer asked")
    with vault.database.data_engine.connect() as connection:
        named = connection.execute(campaign_deliveries.select()).mappings().all()
    assert [row["customer_id"] for row in named] == [None]
    assert campaign_report(vault, MARKETING, campaign_id).report.counts["sent"] == 1
