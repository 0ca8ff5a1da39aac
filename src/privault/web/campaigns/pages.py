"""/campaigns: marketing's console pages. The list with a segment count and the plan form, a
campaign's page with its preview (a masked sample) and results, and the manager's send button.
Counts only: no page shows a recipient or a contact."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.domain.segments import parse_criteria_text
from privault.domain.shop_time import shop_time
from privault.services.campaigns.delivery import send_campaign
from privault.services.campaigns.planning import (
    CampaignDraft,
    list_campaigns,
    plan_campaign,
)
from privault.services.campaigns.reports import campaign_report
from privault.services.campaigns.segments import count_segment
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, may, show

router = APIRouter()


@router.get("/campaigns")
def campaigns_page(
    request: Request, vault: VaultDep, actor: StaffActor, segment: str = ""
) -> Response:
    """The campaigns, and the counts of a segment when one is asked for."""
    try:
        counts = count_segment(vault, actor, parse_criteria_text(segment)) if segment else ()
    except PrivaultError as error:
        errors, status = form_errors(request, error, "count")
        return _list(request, vault, actor, {"errors": errors, "segment": segment}, status)
    return _list(request, vault, actor, {"counts": counts, "segment": segment})


@router.post("/campaigns", dependencies=[GenuineForm])
def plan(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    name: Annotated[str, Form()],
    channel: Annotated[str, Form()],
    body: Annotated[str, Form()],
    subject: Annotated[str, Form()] = "",
    send_at: Annotated[str, Form()] = "",
    segment: Annotated[str, Form()] = "",
) -> Response:
    """A refused plan is shown next to its field, nothing kept; a planned one opens its page
    with the count and the preview."""
    typed = {"name": name, "channel": channel, "body": body, "subject": subject,
             "send_at": send_at, "segment": segment}  # fmt: skip
    try:
        criteria = parse_criteria_text(segment)
        draft = CampaignDraft(name, channel, body, subject, send_at or None, criteria)
        planned = plan_campaign(vault, actor, draft)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "plan")
        return _list(request, vault, actor, {"errors": errors, "typed": typed}, status)
    moved = "&moved=1" if planned.moved_from else ""
    return RedirectResponse(f"/campaigns/{planned.campaign.id}?planned=1{moved}", 303)


@router.get("/campaigns/{campaign_id}")
def campaign_page(
    request: Request, vault: VaultDep, actor: StaffActor, campaign_id: str, moved: str = ""
) -> Response:
    return _campaign(request, vault, actor, campaign_id, {"is_moved": bool(moved)})


@router.post("/campaigns/{campaign_id}/send", dependencies=[GenuineForm])
def send(request: Request, vault: VaultDep, actor: StaffActor, campaign_id: str) -> Response:
    try:
        sending = send_campaign(vault, actor, campaign_id)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "send")
        return _campaign(request, vault, actor, campaign_id, {"errors": errors}, status)
    moved = sending.approval is not None and sending.approval.moved_from is not None
    return RedirectResponse(f"/campaigns/{campaign_id}{'?moved=1' if moved else ''}", 303)


def _list(
    request: Request, vault: Vault, actor: Actor, extra: dict[str, Any], status: int = 200
) -> Response:
    may_plan = may(vault, actor, Action.CAMPAIGN_PLAN)
    context = {"campaigns": list_campaigns(vault, actor), "errors": {}, "typed": {},
               "counts": (), "segment": "", "may_plan": may_plan}  # fmt: skip
    return show(request, vault, actor, "campaigns/list.html", context | extra, status=status)


def _campaign(
    request: Request,
    vault: Vault,
    actor: Actor,
    campaign_id: str,
    extra: dict[str, Any],
    status: int = 200,
) -> Response:
    shown = campaign_report(vault, actor, campaign_id)
    context = {"shown": shown, "errors": {}, "may_send": may(vault, actor, Action.CAMPAIGN_SEND),
               "send_at": shop_time(shown.campaign.send_at, shown.zone)}  # fmt: skip
    return show(request, vault, actor, "campaigns/show.html", context | extra, status=status)
