"""/api/v1/audit: the trail a page at a time (for a SIEM or an auditor's tools), and a check of
the tamper-evident chains that names the first bad event."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from privault.services.audit.search import FILTERS, audit_filter, search_audit_events
from privault.services.audit.trail import verify_audit_trail
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS, PageNumber
from privault.web.auth import VaultDep
from privault.web.paging import page_links

router = APIRouter(prefix="/audit", tags=["audit"], responses=REFUSALS)


class Event(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    actor: str
    role: str
    store: str | None
    action: str
    outcome: str = Field(description="allowed, denied or error")
    customer_id: str | None
    fields: list[str] = Field(description="Field names; a value never enters the trail")
    purpose: str | None
    reason: str | None
    channel: str | None = Field(description="web, api, cli or none for a scheduled job")
    client_address: str | None
    token_name: str | None


Filter = Annotated[str, Query(max_length=64)]


@router.get("/events", summary="The trail, newest first, 50 a page (`Link` header)")
def events(
    request: Request,
    response: Response,
    vault: VaultDep,
    actor: ApiActor,
    page: PageNumber = 1,
    order: Annotated[str, Query(description="newest or oldest", max_length=8)] = "newest",
    after: Annotated[int | None, Query(ge=1, description="From a `Link` header")] = None,
    before: Annotated[int | None, Query(ge=1, description="From a `Link` header")] = None,
) -> list[Event]:
    """Filters as on the console's audit page (query parameters `actor`, `action`, `outcome`,
    `from_on`, `to_on` in the shop's days, `mobile_tail`, `surname` (张, 欧阳 or a masked name
    as shown, 张*三; with the tail, customers holding both), `customer_id`); the search is itself
    audited, by which filters, never their values."""
    typed = {name: request.query_params.get(name, "") for name in FILTERS}
    typed |= {"order": order, "page": str(page), "after": str(after or ""),
              "before": str(before or "")}  # fmt: skip
    found = search_audit_events(vault, actor, audit_filter(typed))
    response.headers.update(page_links(request, found))
    return [Event.model_validate(e) for e in found.items]


class Problem(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    message: str
    event_id: int | None = Field(description="The event at fault")
    chain: int | None
    after_event: int | None = Field(description="A chain cut short: the last good event")


class Verification(BaseModel):
    is_intact: bool
    events_checked: int
    chains_checked: int
    problem_count: int
    problems: list[Problem] = Field(description="The first few, lowest event id first")
    checked_at: datetime
    seconds: float


@router.post("/verify", summary="Verify the audit trail's hash chains")
def verify(vault: VaultDep, actor: ApiActor) -> Verification:
    report = verify_audit_trail(vault, actor)
    return Verification(
        is_intact=report.is_intact,
        events_checked=report.events_checked,
        chains_checked=report.chains_checked,
        problem_count=report.problem_count,
        problems=[Problem.model_validate(p) for p in report.problems],
        checked_at=report.checked_at,
        seconds=report.seconds,
    )
