"""Segments by class, member level and balance band (issue 16): counts only, the customers'
consent to the channel (and to profiling, for a class) checked as for every segment."""

from __future__ import annotations

from dataclasses import replace

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.campaigns.planning import plan_campaign
from privault.services.campaigns.segments import count_segment
from privault.services.classes.computing import compute_classes
from privault.services.classes.important import mark_important_guest
from privault.services.consents.ledger import withdraw_consents
from privault.services.customers.entry_review import list_pending_entries
from privault.services.customers.transactions import record_transaction
from privault.services.members.levels import set_member_level
from privault.services.members.membership import enrol_member
from privault.services.points.movements import redeem_points
from privault.services.vault import Vault
from privault.services.wallet.movements import top_up
from tests.factories import register, unique_mobile
from tests.services.campaigns.campaign_setup import MARKETING, sms_draft
from tests.services.classes.scenes import MANAGER as MARKETING_MANAGER

SMS = ("service", "membership", "personalisation", "marketing_sms")


def _one(vault: Vault, operator: Actor, purposes: tuple[str, ...] = SMS) -> str:
    return register(vault, operator, {"name": "欧阳娜娜", "mobile": unique_mobile()}, purposes)


def _sms(vault: Vault, criteria: dict[str, str]) -> int:
    counts = {c.channel: c.consented for c in count_segment(vault, MARKETING, criteria)}
    return counts["sms"]


@pytest.mark.legal("PIPL Art. 24")
def test_a_class_segment_counts_the_newest_quarters_class_while_profiling_is_consented(
    vault: Vault, operator: Actor
) -> None:
    important, _other, refused = (_one(vault, operator) for _ in range(3))
    for guest in (important, refused):
        mark_important_guest(vault, MARKETING_MANAGER, guest, "区政府接待")
    compute_classes(vault, operator, "2026Q4")
    assert _sms(vault, {"class": "a"}) == 2
    assert _sms(vault, {"class": "D"}) == 1

    withdraw_consents(vault, operator, refused, ["personalisation"], channel="store")

    assert _sms(vault, {"class": "A"}) == 1
    event = list_audit_events(vault, operator, limit=1)[0]
    assert (event.action, event.reason) == (Action.SEGMENT_COUNT, "segment counts (class=A)")
    with pytest.raises(InvalidInputError) as refused_class:
        _sms(vault, {"class": "重要价值客户"})
    assert refused_class.value.field == "class"


def test_a_level_segment_counts_members_at_that_level_or_above(
    vault: Vault, operator: Actor
) -> None:
    silver, gold, diamond, plain = (_one(vault, operator) for _ in range(4))
    for customer, level in ((silver, "silver"), (gold, "gold"), (diamond, "diamond")):
        enrol_member(vault, operator, customer)
        set_member_level(vault, operator, customer, level, "老客户转入")
    enrol_member(vault, operator, plain)

    assert _sms(vault, {"level_at_least": "gold"}) == 2
    assert _sms(vault, {"level_at_least": "金卡"}) == 2
    assert _sms(vault, {"level_at_least": "standard"}) == 4
    with pytest.raises(InvalidInputError) as refused:
        _sms(vault, {"level_at_least": "platinum"})
    assert refused.value.field == "level_at_least"


def test_balance_bands_count_points_and_stored_value_without_opening_a_value(
    vault: Vault, operator: Actor
) -> None:
    rich, poor, spent = (_one(vault, operator) for _ in range(3))
    record_transaction(vault, operator, rich, "purchase", "300")
    record_transaction(vault, operator, spent, "purchase", "300")
    redeem_points(vault, operator, spent, "300")
    top_up(vault, operator, rich, "500.00")
    top_up(vault, operator, poor, "20.00")

    assert _sms(vault, {"points_at_least": "300"}) == 1
    assert _sms(vault, {"points_below": "1"}) == 2  # no account counts as 0
    assert _sms(vault, {"stored_value_at_least": "100"}) == 1
    assert _sms(vault, {"stored_value_at_least": "10", "points_below": "100"}) == 1
    assert _sms(vault, {"stored_value_below": "100.00"}) == 2
    for name, bad in (("points_at_least", "-5"), ("stored_value_at_least", "lots")):
        with pytest.raises(InvalidInputError) as refused:
            _sms(vault, {name: bad})
        assert refused.value.field == name


def test_a_planned_campaign_to_a_band_leaves_out_pending_and_unconsented_customers(
    vault: Vault, operator: Actor
) -> None:
    consented = _one(vault, operator)
    unconsented = _one(vault, operator, ("service", "membership"))
    pending = register(
        vault,
        operator,
        {"name": "李雷", "mobile": unique_mobile()},
        SMS,
        channel="phone",
        script_version="v1",
    )
    for customer in (consented, unconsented, pending):
        top_up(vault, operator, customer, "500.00")
    assert list_pending_entries(vault, operator)  # the phone registration waits for review

    draft = replace(sms_draft(), segment={"stored_value_at_least": "100"})
    planned = plan_campaign(vault, MARKETING, draft)

    assert planned.consented == 1
