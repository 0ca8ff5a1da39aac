"""Birthday greetings, sent by the scheduler: an SMS on the day (shop time) to customers who
consented to birthday offers and to SMS marketing, through the same queue as any campaign."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from privault.db.campaigns import Campaign
from privault.domain.campaigns import PURPOSE, CampaignStatus, MarketingChannel, next_allowed
from privault.domain.policy import Action, Actor
from privault.domain.segments import parse_segment
from privault.services.campaigns.audience import audience
from privault.services.campaigns.delivery import deliver_campaign
from privault.services.use_case import use_case
from privault.services.vault import Vault

BIRTHDAY_PURPOSES = frozenset({PURPOSE[MarketingChannel.SMS], "birthday_offers"})
BIRTHDAY_SMS = "{name}，祝您生日快乐！生日当月到店出示本短信享生日礼遇。回T退订"


def send_birthday_greetings(vault: Vault, actor: Actor) -> dict[str, int]:
    """Once a day: today's greeting campaign is made if anyone is due one, then sent (outside
    quiet hours: a run at night plans it for the morning)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.CAMPAIGN_SEND, purpose="birthday_offers")
        zone = uc.vault.opening_hours(uc.uow).zone
        today = uc.now.astimezone(ZoneInfo(zone)).date()
        name = f"birthday {today.isoformat()}"
        segment = {"birthday": f"{today:%m-%d}"}
        found = audience(uc, frozenset(), parse_segment(segment), BIRTHDAY_PURPOSES)
        if not uc.uow.campaigns.exists_named(name) and found:
            campaign = Campaign(
                str(uuid.uuid4()), name, "birthday", frozenset(), MarketingChannel.SMS.value,
                BIRTHDAY_PURPOSES, segment, "", BIRTHDAY_SMS, next_allowed(uc.now, zone),
                CampaignStatus.APPROVED, uc.now, actor.name, uc.now, actor.name, 0,
            )  # fmt: skip
            uc.uow.campaigns.add(campaign)
            reason = f"birthday campaign {campaign.id}: {len(found)} consented recipients"
            uc.record(Action.CAMPAIGN_SEND, purpose="birthday_offers", reason=reason)
        uc.commit()
    ids = [c.id for c in _todays(vault, actor, name)]
    return {"birthdays": len(found), "sent": sum(deliver_campaign(vault, actor, i) for i in ids)}


def _todays(vault: Vault, actor: Actor, name: str) -> list[Campaign]:
    with use_case(vault, actor) as uc:
        due = set(uc.uow.campaigns.due(uc.now))
        return [c for c in uc.uow.campaigns.newest(50) if c.name == name and c.id in due]
