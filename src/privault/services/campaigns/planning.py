"""Planning and approving campaigns: marketing plans (segment, channel, template, send time)
and sees the count and a preview with a masked sample; the marketing manager approves.

Recipients are not chosen here: consent is checked again when the campaign is sent."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from privault.db.campaigns import Campaign
from privault.domain.campaigns import (
    PURPOSE,
    CampaignStatus,
    MarketingChannel,
    Message,
    next_allowed,
    parse_channel,
    parse_name,
    parse_send_at,
    parse_template,
    preview,
)
from privault.domain.errors import ConflictError, InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.segments import parse_segment
from privault.services.campaigns.audience import audience
from privault.services.consents.notices import shop_identity
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

NO_RECIPIENTS = (
    "no customer in this segment holds {purpose} consent now ({count} recipients); "
    "widen the segment or choose another channel"
)


@dataclass(frozen=True)
class CampaignDraft:
    """A campaign as typed at the console, the CLI or the API; parsed by `plan_campaign`."""

    name: str
    channel: str
    body: str
    subject: str = ""
    send_at: str | None = None  # shop time; none: now
    segment: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Planned:
    campaign: Campaign
    consented: int  # recipients holding the consent now (checked again at send time)
    moved_from: datetime | None  # asked for inside quiet hours: moved to `campaign.send_at`
    preview: Message
    zone: str


def plan_campaign(vault: Vault, actor: Actor, draft: CampaignDraft) -> Planned:
    """A segment no consented customer is in is refused, with the count."""
    channel = parse_channel(draft.channel)
    template = parse_template(channel, draft.body, draft.subject)
    segment = parse_segment(draft.segment)
    with use_case(vault, actor) as uc:
        uc.require(Action.CAMPAIGN_PLAN, purpose=PURPOSE[channel])
        stores = store_scope(actor, uc.roles, Action.CAMPAIGN_PLAN)
        count = _count_or_refuse(uc, Action.CAMPAIGN_PLAN, stores, draft.segment, channel)
        zone = uc.vault.opening_hours(uc.uow).zone
        asked = parse_send_at(draft.send_at, zone) if draft.send_at else uc.now
        send_at = next_allowed(max(asked, uc.now), zone)
        campaign = Campaign(
            str(uuid.uuid4()), parse_name(draft.name), "campaign", frozenset(stores),
            channel.value, frozenset({PURPOSE[channel]}), dict(segment.text), template.subject,
            template.body, send_at, CampaignStatus.PLANNED, uc.now, actor.name, None, None, 0,
        )  # fmt: skip
        uc.uow.campaigns.add(campaign)
        reason = f"campaign {campaign.id} planned: {count} consented recipients now"
        uc.record(Action.CAMPAIGN_PLAN, purpose=PURPOSE[channel], reason=reason)
        shown = preview(template, channel, shop_identity(uc.uow).business_name)
        uc.commit()
    moved = asked if send_at != max(asked, uc.now) else None
    return Planned(campaign, count, moved, shown, zone)


@dataclass(frozen=True)
class Approval:
    campaign: Campaign
    consented: int
    moved_from: datetime | None
    zone: str


def approve_campaign(vault: Vault, actor: Actor, campaign_id: str) -> Approval:
    """The marketing manager's go: counted again (none consented: refused, with the count); a
    send time now past or inside quiet hours moves to the next allowed time."""
    with use_case(vault, actor) as uc:
        campaign = existing_campaign(uc, campaign_id, lock=True)
        uc.require(Action.CAMPAIGN_SEND, stores=campaign.stores or None)
        if campaign.status is not CampaignStatus.PLANNED:
            raise ConflictError("campaign {id} is {status}, not planned", params=_said(campaign))
        channel = MarketingChannel(campaign.channel)
        count = _count_or_refuse(
            uc, Action.CAMPAIGN_SEND, campaign.stores, campaign.segment, channel
        )
        zone = uc.vault.opening_hours(uc.uow).zone
        wanted = max(campaign.send_at, uc.now)
        send_at = next_allowed(wanted, zone)
        values = {"approved_at": uc.now, "approved_by": actor.name, "send_at": send_at}
        uc.uow.campaigns.set_status(campaign.id, CampaignStatus.APPROVED, **values)
        reason = f"campaign {campaign.id} approved: {count} consented recipients now"
        uc.record(Action.CAMPAIGN_SEND, purpose=PURPOSE[channel], reason=reason)
        approved = existing_campaign(uc, campaign.id)
        uc.commit()
    return Approval(approved, count, wanted if send_at != wanted else None, zone)


def list_campaigns(vault: Vault, actor: Actor, limit: int = 100) -> list[Campaign]:
    with use_case(vault, actor) as uc:
        uc.require(Action.CAMPAIGN_READ)
        found = uc.uow.campaigns.newest(limit)
        uc.record(Action.CAMPAIGN_READ, reason=f"campaign list ({len(found)})")
        uc.commit()
    return found


def existing_campaign(uc: UseCase, campaign_id: str, *, lock: bool = False) -> Campaign:
    found = uc.uow.campaigns.get(campaign_id, lock=lock)
    if found is None:
        raise NotFoundError("no campaign with id {id}", params={"id": campaign_id})
    return found


def _count_or_refuse(
    uc: UseCase,
    action: Action,
    stores: frozenset[str],
    criteria: Mapping[str, str],
    channel: MarketingChannel,
) -> int:
    purpose = PURPOSE[channel]
    count = len(audience(uc, stores, parse_segment(criteria), frozenset({purpose})))
    if not count:
        error = InvalidInputError(
            NO_RECIPIENTS, field="segment", params={"purpose": purpose, "count": count}
        )
        uc.refuse(action, error, purpose=purpose)
    return count


def _said(campaign: Campaign) -> dict[str, object]:
    return {"id": campaign.id, "status": campaign.status.value}
