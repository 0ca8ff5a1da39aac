"""Birthday greetings: on the customer's birthday in shop time, to those who consented to
birthday offers and SMS marketing, once, and never inside quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime

from privault.domain.policy import SYSTEM_ROLE, Actor
from privault.services.campaigns.birthdays import send_birthday_greetings
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register, unique_mobile
from tests.services.campaigns.campaign_setup import outbox

SYSTEM = Actor("system", frozenset({SYSTEM_ROLE}))


def born(vault: Vault, operator: Actor, day: str, *purposes: str) -> str:
    values = {"name": "欧阳娜娜", "mobile": unique_mobile(), "birth_date": day}
    return register(vault, operator, values, ("service", "membership", *purposes))


def test_a_consented_customer_gets_one_greeting_on_the_day_in_shop_time(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    born(vault, operator, "1990-11-24", "marketing_sms", "birthday_offers")
    born(vault, operator, "1991-11-24", "marketing_sms")  # no birthday consent
    born(vault, operator, "1992-11-23", "marketing_sms", "birthday_offers")  # yesterday there
    clock.now = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 09:00 on the 24th in Shanghai
    assert send_birthday_greetings(vault, SYSTEM) == {"birthdays": 1, "sent": 1}
    assert send_birthday_greetings(vault, SYSTEM)["sent"] == 0  # once a day
    [greeting] = outbox(vault).messages()
    assert greeting["text"].startswith("【")
    assert "欧阳娜娜，祝您生日快乐" in greeting["text"]
    assert greeting["text"].endswith("回T退订")


def test_a_run_at_night_plans_the_greeting_for_the_morning(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    born(vault, operator, "1990-11-24", "marketing_sms", "birthday_offers")
    clock.now = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # 01:00 on the 24th in Shanghai
    assert send_birthday_greetings(vault, SYSTEM)["sent"] == 0
    clock.now = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)  # 08:30
    assert send_birthday_greetings(vault, SYSTEM)["sent"] == 1
