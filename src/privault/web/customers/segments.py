"""Marketing's page: audience counts per purpose; no customer list, no personal value."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from privault.services.customers.segments import count_audiences
from privault.web.auth import StaffActor, VaultDep
from privault.web.officer_frame import show

router = APIRouter()


@router.get("/segments")
def segments_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return show(
        request, vault, actor, "segments/show.html", {"audiences": count_audiences(vault, actor)}
    )
