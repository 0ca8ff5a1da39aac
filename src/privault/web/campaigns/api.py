"""/api/v1/campaigns: a marketing system plans a campaign (a segment, a channel, a text and a
time), the manager's token sends it, and either reads its report. Counts only: no recipient,
number or address is ever in an answer; the services decide, audit and refuse."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints

from privault.db.campaigns import Campaign
from privault.services.campaigns.delivery import send_campaign
from privault.services.campaigns.planning import CampaignDraft, list_campaigns, plan_campaign
from privault.services.campaigns.reports import CampaignReport, campaign_report
from privault.web.api.deps import ApiActor
from privault.web.api.ids import path_id
from privault.web.api.models import REFUSALS, Text
from privault.web.auth import VaultDep

router = APIRouter(prefix="/campaigns", tags=["campaigns"], responses=REFUSALS)
CampaignId = Annotated[str, path_id("The campaign's id")]
Short = Annotated[str, StringConstraints(max_length=200)]


class CampaignIn(BaseModel):
    name: Short
    channel: Short = Field(description="sms or email")
    body: Text = Field(description="An SMS ends with 回T退订; {name} is the customer's name")
    subject: Short = Field("", description="Email only; marked 【广告】 when sent")
    send_at: Short | None = Field(None, description="YYYY-MM-DD HH:MM in shop time; none: now")
    segment: dict[Short, Short] = Field(
        default_factory=dict,
        description="Criteria, all must hold: birthday_month, birthday, last_visit_before, "
        "last_visit_after, store, tags, consent, class, level_at_least, points_at_least, "
        "points_below, stored_value_at_least, stored_value_below (yuan)",
        max_length=20,
    )


class CampaignOut(BaseModel):
    id: str
    name: str
    channel: str
    status: str = Field(description="planned, approved, sending or done")
    segment: dict[str, str]
    send_at: datetime
    planned_at: datetime
    planned_by: str
    approved_by: str | None


class PlannedOut(BaseModel):
    campaign: CampaignOut
    consented: int = Field(description="Recipients holding the consent now (checked again at send)")
    moved_from: datetime | None = Field(description="Asked for inside quiet hours: moved")
    preview_subject: str
    preview_body: str = Field(description="Filled with a masked sample, never a recipient")


class ReportOut(BaseModel):
    campaign: CampaignOut
    counts: dict[str, int] = Field(
        description="Deliveries per status: queued, sending, sent, delivered, failed, unknown, "
        "withdrawn"
    )
    unsubscribed: int = Field(description="Recipients who withdrew the channel's consent since")
    capped: int = Field(description="Consented recipients left out by the frequency cap")
    zone: str = Field(description="The shop's time zone")


class SentOut(BaseModel):
    sent: int = Field(description="Messages sent in this call; 0 when its time has not come")
    report: ReportOut


def campaign_out(c: Campaign) -> CampaignOut:
    return CampaignOut(
        id=c.id,
        name=c.name,
        channel=c.channel,
        status=c.status.value,
        segment=c.segment,
        send_at=c.send_at,
        planned_at=c.planned_at,
        planned_by=c.planned_by,
        approved_by=c.approved_by,
    )


def report_out(shown: CampaignReport) -> ReportOut:
    r = shown.report
    return ReportOut(
        campaign=campaign_out(shown.campaign),
        counts=r.counts,
        unsubscribed=r.unsubscribed,
        capped=r.capped,
        zone=shown.zone,
    )


@router.get("", summary="The newest campaigns")
def listing(vault: VaultDep, actor: ApiActor) -> list[CampaignOut]:
    return [campaign_out(c) for c in list_campaigns(vault, actor)]


@router.post("", status_code=201, summary="Plan a campaign (the count and a masked preview)")
def create(body: CampaignIn, vault: VaultDep, actor: ApiActor) -> PlannedOut:
    draft = CampaignDraft(
        body.name, body.channel, body.body, body.subject, body.send_at, dict(body.segment)
    )
    planned = plan_campaign(vault, actor, draft)
    return PlannedOut(
        campaign=campaign_out(planned.campaign),
        consented=planned.consented,
        moved_from=planned.moved_from,
        preview_subject=planned.preview.subject,
        preview_body=planned.preview.body,
    )


@router.post("/{campaign_id}/send", summary="Approve if planned, and send if its time has come")
def send(campaign_id: CampaignId, vault: VaultDep, actor: ApiActor) -> SentOut:
    sending = send_campaign(vault, actor, campaign_id)
    return SentOut(sent=sending.sent, report=report_out(campaign_report(vault, actor, campaign_id)))


@router.get("/{campaign_id}", summary="A campaign's report: counts per delivery status")
def report(campaign_id: CampaignId, vault: VaultDep, actor: ApiActor) -> ReportOut:
    return report_out(campaign_report(vault, actor, campaign_id))
