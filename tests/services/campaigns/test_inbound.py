"""Replies to marketing SMS: T or TD withdraws SMS marketing as the customer's own act; an
unknown number is ignored and logged without the number; the webhook needs its signature."""

from __future__ import annotations

import json
import logging

import pytest

from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.infra.sms_http import webhook_signature
from privault.services.audit.events import list_audit_events
from privault.services.campaigns.inbound import (
    ReplyResult,
    handle_sms_reply,
    receive_sms_webhook,
)
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.services.campaigns.campaign_setup import holds

NUMBER = "13812345678"
SECRET = "shared with the gateway"


def customer(vault: Vault, operator: Actor) -> str:
    values = {"name": "欧阳娜娜", "mobile": NUMBER}
    return register(vault, operator, values, ("service", "marketing_sms"))


@pytest.mark.legal("PIPL Art. 15", "广告法 Art. 43")
@pytest.mark.parametrize("reply", ["T", " td ", "t"])
def test_a_t_reply_withdraws_sms_marketing(vault: Vault, operator: Actor, reply: str) -> None:
    customer_id = customer(vault, operator)
    assert handle_sms_reply(vault, "+86 138-1234-5678", reply) is ReplyResult.WITHDRAWN
    assert not holds(vault, customer_id, "marketing_sms")
    assert holds(vault, customer_id, "service")


def test_another_reply_changes_nothing(vault: Vault, operator: Actor) -> None:
    customer_id = customer(vault, operator)
    assert handle_sms_reply(vault, NUMBER, "好的谢谢") is ReplyResult.NOT_A_STOP
    assert holds(vault, customer_id, "marketing_sms")


def test_an_unknown_number_is_ignored_and_logged_without_the_number(
    vault: Vault, operator: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    customer_id = customer(vault, operator)
    with caplog.at_level(logging.INFO):
        assert handle_sms_reply(vault, "13900009999", "T") is ReplyResult.UNKNOWN_NUMBER
    assert holds(vault, customer_id, "marketing_sms")
    assert "unknown number" in caplog.text
    assert "13900009999" not in caplog.text
    event = list_audit_events(vault, operator, limit=1)[0]
    assert event.action == Action.CONSENT
    assert event.customer_id is None
    assert "13900009999" not in (event.reason or "")


def test_a_signed_webhook_call_withdraws(vault: Vault, operator: Actor, clock: FrozenClock) -> None:
    vault.settings = vault.settings.model_copy(update={"sms_webhook_secret": SECRET})
    customer_id = customer(vault, operator)
    body = json.dumps({"from": NUMBER, "text": "TD"}).encode()
    stamp = str(int(clock.now.timestamp()))
    signature = webhook_signature(SECRET, stamp, body)
    assert receive_sms_webhook(vault, stamp, body, signature) is ReplyResult.WITHDRAWN
    assert not holds(vault, customer_id, "marketing_sms")


@pytest.mark.parametrize("late", [False, True])
def test_a_badly_signed_or_replayed_webhook_is_refused(
    vault: Vault, operator: Actor, clock: FrozenClock, late: bool
) -> None:
    vault.settings = vault.settings.model_copy(update={"sms_webhook_secret": SECRET})
    customer_id = customer(vault, operator)
    body = json.dumps({"from": NUMBER, "text": "T"}).encode()
    stamp = str(int(clock.now.timestamp()))
    signature = webhook_signature(SECRET if late else "guessed", stamp, body)
    if late:
        clock.advance(minutes=10)
    with pytest.raises(PolicyDeniedError):
        receive_sms_webhook(vault, stamp, body, signature)
    assert holds(vault, customer_id, "marketing_sms")
