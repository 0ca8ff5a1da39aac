"""Planning and approving campaigns: counts and a masked preview for marketing, refusals that
say the count, quiet hours, the opt-out line, and who may approve."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.campaigns import CampaignStatus
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.campaigns.planning import approve_campaign, plan_campaign
from privault.services.campaigns.segments import count_segment
from privault.services.vault import Vault
from tests.conftest import SHOP, FrozenClock
from tests.factories import register
from tests.services.campaigns.campaign_setup import (
    MANAGER,
    MARKETING,
    customers,
    sms_draft,
)


def test_marketing_sees_counts_per_channel_never_people(vault: Vault, operator: Actor) -> None:
    customers(vault, operator, 3, "marketing_sms")
    customers(vault, operator, 2, "marketing_email")
    customers(vault, operator, 1)
    counts = {c.channel: c.consented for c in count_segment(vault, MARKETING, {})}
    assert counts == {"sms": 3, "email": 2}
    event = list_audit_events(vault, operator, limit=5)[0]
    assert (event.action, event.customer_id) == (Action.SEGMENT_COUNT, None)


def test_a_segment_narrows_by_birthday_month_and_store(vault: Vault, operator: Actor) -> None:
    born = {"name": "张三", "mobile": "13800000001", "birth_date": "1990-03-07"}
    register(vault, operator, born, ("service", "membership", "marketing_sms"))
    customers(vault, operator, 2, "marketing_sms")
    march = count_segment(vault, MARKETING, {"birthday_month": "3", "store": "main"})
    assert [c.consented for c in march] == [1, 0]
    elsewhere = count_segment(vault, MARKETING, {"store": "east"})
    assert [c.consented for c in elsewhere] == [0, 0]


def test_an_unknown_criterion_is_refused_by_name(vault: Vault) -> None:
    with pytest.raises(InvalidInputError) as refused:
        count_segment(vault, MARKETING, {"income": "high"})
    assert refused.value.field == "income"


def test_planning_gives_the_count_and_a_preview_with_a_masked_sample(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 2, "marketing_sms")
    planned = plan_campaign(vault, MARKETING, sms_draft(body="{name}您好，新品八折。回T退订"))
    assert planned.consented == 2
    assert planned.campaign.status is CampaignStatus.PLANNED
    assert planned.preview.body == f"【{SHOP['business_name']}】张*您好，新品八折。回T退订"
    assert planned.moved_from is None


@pytest.mark.legal("广告法 Art. 43")
def test_an_sms_without_the_opt_out_line_is_refused_and_nothing_is_kept(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 1, "marketing_sms")
    with pytest.raises(InvalidInputError) as refused:
        plan_campaign(vault, MARKETING, sms_draft(body="新品烫染八折"))
    assert refused.value.field == "template"
    assert "回T退订" in refused.value.message
    assert table_counts(vault.database)["campaigns"] == 0


def test_an_email_needs_a_subject(vault: Vault) -> None:
    with pytest.raises(InvalidInputError) as refused:
        plan_campaign(vault, MARKETING, sms_draft(channel="email", body="秋季新品"))
    assert refused.value.field == "subject"


def test_a_segment_without_consented_customers_is_refused_with_the_count(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 2)  # no marketing consent
    with pytest.raises(InvalidInputError) as refused:
        plan_campaign(vault, MARKETING, sms_draft())
    assert refused.value.field == "segment"
    assert "(0 recipients)" in refused.value.message
    assert table_counts(vault.database)["campaigns"] == 0
    denied = list_audit_events(vault, operator, limit=5)[0]
    assert (denied.action, denied.outcome) == (Action.CAMPAIGN_PLAN, Outcome.DENIED)


def test_a_send_time_inside_quiet_hours_moves_to_the_morning_and_says_so(
    vault: Vault, operator: Actor
) -> None:
    customers(vault, operator, 1, "marketing_sms")
    planned = plan_campaign(vault, MARKETING, sms_draft(send_at="2026-11-23 22:30"))
    assert planned.moved_from == datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
    assert planned.campaign.send_at == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # 08:00 +08


def test_marketing_may_plan_but_not_approve(vault: Vault, operator: Actor) -> None:
    customers(vault, operator, 1, "marketing_sms")
    planned = plan_campaign(vault, MARKETING, sms_draft())
    with pytest.raises(PolicyDeniedError):
        approve_campaign(vault, MARKETING, planned.campaign.id)
    approval = approve_campaign(vault, MANAGER, planned.campaign.id)
    assert approval.campaign.status is CampaignStatus.APPROVED
    assert approval.campaign.approved_by == MANAGER.name


def test_approval_late_at_night_waits_for_the_morning(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customers(vault, operator, 1, "marketing_sms")
    planned = plan_campaign(vault, MARKETING, sms_draft())
    clock.now = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 23:00 in Shanghai
    approval = approve_campaign(vault, MANAGER, planned.campaign.id)
    assert approval.moved_from is not None
    assert approval.campaign.send_at == datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
