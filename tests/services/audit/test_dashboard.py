"""The dashboard's yearly figures: new customers per channel and month of the shop's calendar,
and requests answered by their due day or after it; counts only."""

from __future__ import annotations

from datetime import datetime, timedelta

from privault.domain.policy import Actor
from privault.services.audit.dashboard import show_dashboard
from privault.services.requests.answers import refuse_request
from privault.services.requests.handling import open_request
from privault.services.vault import Vault
from tests.conftest import START, FrozenClock
from tests.factories import register

OFFICER = Actor("po", frozenset({"privacy_officer"}))


def test_registrations_count_per_channel_in_the_shops_month(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    register(vault, operator)  # 2026-11-23 in Shanghai, at the store desk
    register(vault, operator, channel="phone")
    clock.now = datetime.fromisoformat("2026-11-30T20:00:00+00:00")  # 12-01 04:00 in Shanghai
    register(vault, operator, channel="phone")

    board = show_dashboard(vault, OFFICER)
    assert len(board.months) == 12
    assert board.months[-2:] == ("2026-11", "2026-12")
    counts = {r.channel: r.counts[-2:] for r in board.registrations}
    assert counts == {"store": (1, 0), "phone": (1, 1)}


def test_requests_answered_by_their_due_day_count_as_on_time_and_after_it_as_late(
    vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    prompt = open_request(vault, operator, register(vault, operator), "access", "store").id
    late = open_request(vault, operator, register(vault, operator), "access", "store").id
    open_request(vault, operator, register(vault, operator), "access", "store")  # still open
    refuse_request(vault, operator, prompt, "identity_not_verified")
    clock.now = START + timedelta(days=60)
    refuse_request(vault, operator, late, "identity_not_verified")

    on_time = {c.key: c.value for c in show_dashboard(vault, OFFICER).requests_on_time}
    assert on_time == {"on_time": 1, "late": 1}
