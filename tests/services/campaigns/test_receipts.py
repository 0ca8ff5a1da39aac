"""Delivery reports: the SMS gateway's signed reports move each sent message to delivered or
failed, audited by customer id only; the campaign report counts them; a report on a message
never handed over, or already settled, changes nothing."""

from __future__ import annotations

import json

import pytest

from privault.domain.campaigns import DeliveryStatus
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.infra.sms_http import HttpSmsGateway, webhook_signature
from privault.services.audit.events import list_audit_events
from privault.services.campaigns.delivery import deliver_campaign
from privault.services.campaigns.receipts import (
    DeliveryReport,
    receive_delivery_reports,
    record_delivery_reports,
)
from privault.services.campaigns.reports import campaign_report
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register, unique_mobile
from tests.infra.sms_provider import TOKEN, running_provider
from tests.services.campaigns.campaign_setup import MANAGER, MARKETING, approved, customers

SECRET = "shared with the gateway"


def _signed(vault: Vault, clock: FrozenClock, body: bytes) -> tuple[str, bytes, str]:
    vault.settings = vault.settings.model_copy(update={"sms_webhook_secret": SECRET})
    stamp = str(int(clock.now.timestamp()))
    return stamp, body, webhook_signature(SECRET, stamp, body)


def test_the_gateways_reports_mark_messages_delivered_or_failed_and_the_report_counts_them(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    numbers = [unique_mobile() for _ in range(3)]
    reached, lost, _ = (
        register(vault, operator, {"name": "欧阳娜娜", "mobile": n}, ("service", "marketing_sms"))
        for n in numbers
    )
    campaign_id = approved(vault)
    with running_provider() as (url, provider):
        vault.senders = {"sms": HttpSmsGateway(url, TOKEN)}
        assert deliver_campaign(vault, MANAGER, campaign_id) == 3
    reports = json.loads(provider.delivery_reports(failed=frozenset({numbers[1]})))["reports"]
    kept = [r for r, m in zip(reports, provider.delivered, strict=True) if m["to"] != numbers[2]]
    body = json.dumps({"reports": kept}).encode()

    taken = receive_delivery_reports(vault, *_signed(vault, clock, body))

    assert (taken.settled, taken.ignored) == (2, 0)
    counts = campaign_report(vault, MARKETING, campaign_id).report.counts
    assert (counts["delivered"], counts["failed"], counts["sent"]) == (1, 1, 1)
    events = list_audit_events(vault, operator, limit=10)
    reported = (
        f"campaign {campaign_id}: delivery delivered",
        f"campaign {campaign_id}: delivery failed",
    )
    settled = {(e.customer_id, e.reason) for e in events if e.reason in reported}
    assert settled == {(reached, reported[0]), (lost, reported[1])}
    assert not any(n in json.dumps([e.reason for e in events]) for n in numbers)
    assert "delivery reports: 2 settled, 0 ignored" in [e.reason for e in events]
    with vault.unit_of_work() as uow:
        failed = uow.campaigns.with_status(campaign_id, DeliveryStatus.FAILED)
    assert [q.customer_id for q in failed] == [lost]


def test_a_report_is_final_and_a_message_never_handed_over_is_not_settled(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 2, "marketing_sms")
    campaign_id = approved(vault)
    deliver_campaign(vault, MANAGER, campaign_id, batch=1)  # the outbox: sent
    with vault.unit_of_work() as uow:
        first, second = (q.id for q in uow.campaigns.with_status(campaign_id, DeliveryStatus.SENT))

    record_delivery_reports(vault, [DeliveryReport(first, "", "delivered")])
    later = record_delivery_reports(
        vault,
        [
            DeliveryReport(first, "", "failed"),  # after delivered: ignored
            DeliveryReport(second, "", "ENROUTE"),  # not final: ignored
            DeliveryReport("no-such-delivery", "", "delivered"),
        ],
    )

    assert (later.settled, later.ignored) == (0, 3)
    counts = campaign_report(vault, MARKETING, campaign_id).report.counts
    assert (counts["delivered"], counts["sent"], counts["failed"]) == (1, 1, 0)


@pytest.mark.parametrize("body", [b"[]", b'{"reports": [{"id": "x"}]}', b"not json"])
def test_a_report_body_that_cannot_be_read_is_refused_naming_it(
    vault: Vault, clock: FrozenClock, body: bytes
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        receive_delivery_reports(vault, *_signed(vault, clock, body))
    assert refused.value.field == "body"


def test_an_unsigned_report_call_is_refused_and_audited(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    stamp, body, _ = _signed(vault, clock, b'{"reports": []}')
    with pytest.raises(PolicyDeniedError):
        receive_delivery_reports(vault, stamp, body, "guessed")
    event = list_audit_events(vault, operator, limit=1)[0]
    assert (event.action, event.outcome.value) == (Action.CAMPAIGN_SEND, "denied")
