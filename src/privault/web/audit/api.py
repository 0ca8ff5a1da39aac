"""/api/v1/audit/verify: check the tamper-evident audit trail and name the first bad event."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from privault.services.audit.trail import verify_audit_trail
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS
from privault.web.auth import VaultDep

router = APIRouter(prefix="/audit", tags=["audit"], responses=REFUSALS)


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
