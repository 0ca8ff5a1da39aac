"""/api/v1/classes: counts per customer class of a quarter, for a POS or a report; never who."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from privault.services.classes.listing import count_classes
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS
from privault.web.auth import VaultDep

router = APIRouter(prefix="/classes", tags=["classes"], responses=REFUSALS)


class ClassCountsOut(BaseModel):
    quarter: str | None = Field(description="e.g. 2026Q4; none before a first computation")
    counts: dict[str, int] = Field(description="Customers per class: A, B, C, D, churned")
    computed_at: datetime | None
    is_partial: bool = Field(description="Computed while the quarter was under way")
    zone: str = Field(description="The shop's time zone")


@router.get("", summary="Customers per class of a quarter (counts only)")
def counts(
    vault: VaultDep,
    actor: ApiActor,
    quarter: Annotated[
        str | None, Query(max_length=7, description="e.g. 2026Q4; default the latest")
    ] = None,
) -> ClassCountsOut:
    found = count_classes(vault, actor, quarter)
    return ClassCountsOut(
        quarter=found.quarter,
        counts=found.counts,
        computed_at=found.computed_at,
        is_partial=found.is_partial,
        zone=found.zone,
    )
