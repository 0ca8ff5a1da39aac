"""`privault campaigns ...` and `privault segments count`: plan, send and report marketing
campaigns; counts only, never a person or a contact."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.db.campaigns import Campaign
from privault.domain.segments import parse_criteria_text
from privault.domain.shop_time import shop_time
from privault.services.campaigns.delivery import decide_unknown, send_campaign
from privault.services.campaigns.planning import (
    CampaignDraft,
    list_campaigns,
    plan_campaign,
)
from privault.services.campaigns.reports import campaign_report
from privault.services.campaigns.segments import count_segment

app = typer.Typer(help="Marketing campaigns (营销活动) to consented customers only.")
segments = typer.Typer(help="Segments (客户细分): counts of consented customers, never who.")
CampaignId = Annotated[str, typer.Argument(help="The campaign's id.")]
SegmentText = Annotated[
    str,
    typer.Option(
        "--segment",
        help="Criteria as name=value, space-separated: birthday_month=3 birthday=03-07 "
        "last_visit_before=2026-06-01 last_visit_after=... store=main,east tags=vip consent=...",
    ),
]


@segments.command("count")
def count(segment: SegmentText = "", as_json: Json = False) -> None:
    """How many customers in the segment hold each channel's marketing consent now."""
    with context.vault() as vault:
        counts = count_segment(vault, context.actor(), parse_criteria_text(segment))
    if as_json:
        emit_json(counts)
        return
    table("consented customers in the segment", ["channel", "purpose", "customers"],
          [(c.channel, c.purpose, c.consented) for c in counts])  # fmt: skip


@app.command("create")
def create(
    name: Annotated[str, typer.Option(help="A name staff recognise.")],
    channel: Annotated[str, typer.Option(help="sms or email.")],
    template: Annotated[str, typer.Option(help="The text; an SMS must end with 回T退订.")],
    subject: Annotated[str, typer.Option(help="Email only; marked 【广告】 when sent.")] = "",
    send_at: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD HH:MM, shop time; default now.")
    ] = None,
    segment: SegmentText = "",
    as_json: Json = False,
) -> None:
    """Plan a campaign: the count of consented recipients now and a preview with a masked
    sample; the marketing manager then sends it."""
    draft = CampaignDraft(name, channel, template, subject, send_at, parse_criteria_text(segment))
    with context.vault() as vault:
        planned = plan_campaign(vault, context.actor(), draft)
    if as_json:
        shown = _json(planned.campaign, planned.zone)
        moved = planned.moved_from is not None
        emit_json({"campaign": shown, "consented": planned.consented,
                   "moved_for_quiet_hours": moved, "preview": planned.preview})  # fmt: skip
        return
    console.print(f"planned {planned.campaign.id}: {planned.consented} consented recipients now")
    if planned.moved_from is not None:
        console.print("inside quiet hours (21:00-08:00): moved to the next allowed time")
    console.print(f"sends at {shop_time(planned.campaign.send_at, planned.zone)}")
    console.print(f"preview: {planned.preview.subject} {planned.preview.body}".strip())


@app.command("send")
def send(campaign_id: CampaignId, as_json: Json = False) -> None:
    """Approve a planned campaign and send it now if its time has come (the scheduler sends
    it at its time otherwise). Consent is checked again for every recipient."""
    with context.vault() as vault:
        sending = send_campaign(vault, context.actor(), campaign_id)
        shown = campaign_report(vault, context.actor(), campaign_id)
    if as_json:
        emit_json({"sent": sending.sent, "report": shown.report,
                   "campaign": _json(shown.campaign, shown.zone)})  # fmt: skip
        return
    if sending.approval is not None and sending.approval.moved_from is not None:
        console.print("inside quiet hours (21:00-08:00): moved to the next allowed time")
    when = shop_time(shown.campaign.send_at, shown.zone)
    console.print(f"{shown.campaign.status.value}; send time {when}; sent now: {sending.sent}")


@app.command("decide")
def decide(
    campaign_id: CampaignId,
    unknown_as: Annotated[
        str, typer.Option(help="sent, failed or resend: what the gateway's own records show.")
    ],
    as_json: Json = False,
) -> None:
    """Settle the deliveries whose gateway answer was lost; only `resend` sends them again."""
    with context.vault() as vault:
        settled = decide_unknown(vault, context.actor(), campaign_id, unknown_as)
    if as_json:
        emit_json({"settled": settled})
        return
    console.print(f"{settled} unknown deliveries now {unknown_as}")


@app.command("report")
def report(campaign_id: CampaignId, as_json: Json = False) -> None:
    """Sent, delivered (by the gateway's reports), failed, unknown (for a person to decide),
    unsubscribed since: counts only."""
    with context.vault() as vault:
        shown = campaign_report(vault, context.actor(), campaign_id)
    if as_json:
        emit_json({"campaign": _json(shown.campaign, shown.zone), "report": shown.report})
        return
    found = shown.report
    rows = [*found.counts.items(), ("over the frequency cap", found.capped),
            ("unsubscribed since", found.unsubscribed)]  # fmt: skip
    table(f"campaign {shown.campaign.name} ({shown.campaign.status.value})", ["", "count"], rows)


@app.command("list")
def list_(as_json: Json = False) -> None:
    with context.vault() as vault:
        found = list_campaigns(vault, context.actor())
    if as_json:
        emit_json([_json(c, "") for c in found])
        return
    rows = [(c.id, c.name, c.channel, c.status.value, c.send_at.isoformat()) for c in found]
    table("campaigns", ["id", "name", "channel", "status", "send at (UTC)"], rows)


def _json(campaign: Campaign, zone: str) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "name": campaign.name,
        "channel": campaign.channel,
        "status": campaign.status.value,
        "segment": campaign.segment,
        "send_at": campaign.send_at.isoformat(),
        "send_at_shop_time": shop_time(campaign.send_at, zone) if zone else None,
        "planned_by": campaign.planned_by,
        "approved_by": campaign.approved_by,
    }
