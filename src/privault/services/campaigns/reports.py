"""A campaign's results for marketing: counts per delivery status, and how many recipients
have since withdrawn the channel's consent; never who."""

from __future__ import annotations

from dataclasses import dataclass

from privault.db.campaigns import Campaign
from privault.domain.campaigns import (
    MarketingChannel,
    Message,
    Report,
    Template,
    preview,
    tally,
)
from privault.domain.policy import Action, Actor
from privault.services.campaigns.audience import consents_now
from privault.services.campaigns.planning import existing_campaign
from privault.services.consents.notices import shop_identity
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class CampaignReport:
    campaign: Campaign
    report: Report
    zone: str
    preview: Message  # filled with a masked sample, never a recipient


def campaign_report(vault: Vault, actor: Actor, campaign_id: str) -> CampaignReport:
    with use_case(vault, actor) as uc:
        campaign = existing_campaign(uc, campaign_id)
        uc.require(Action.CAMPAIGN_READ, stores=campaign.stores or None)
        counts = uc.uow.campaigns.statuses(campaign.id)
        sent_to = uc.uow.campaigns.sent_to(campaign.id)
        active = consents_now(uc, sent_to)
        gone = sum(1 for cid in sent_to if not campaign.purposes <= active.get(cid, set()))
        report = Report(
            campaign.planned_at,
            campaign.send_at,
            campaign.status,
            tally(counts),
            gone,
            campaign.capped,
        )
        uc.record(Action.CAMPAIGN_READ, reason=f"campaign {campaign.id} report")
        zone = uc.vault.opening_hours(uc.uow).zone
        template = Template(campaign.body, campaign.subject)
        channel = MarketingChannel(campaign.channel)
        shown = preview(template, channel, shop_identity(uc.uow).business_name)
        uc.commit()
    return CampaignReport(campaign, report, zone, shown)
