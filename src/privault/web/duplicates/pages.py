"""/duplicates: the open candidate pairs, each customer masked beside the other, and the button
that scans the digests again."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from starlette.responses import RedirectResponse, Response

from privault.services.consents.catalog_view import describe_catalog
from privault.services.duplicates.review import CandidatePage, list_candidates
from privault.services.duplicates.scan import scan_duplicates
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import show

router = APIRouter()
PAGE = 50


@router.get("/duplicates")
def duplicates_page(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    page: Annotated[int, Query(ge=1)] = 1,
    scanned: int | None = None,
) -> Response:
    found = list_candidates(vault, actor, limit=PAGE, offset=(page - 1) * PAGE)
    context = {
        "found": found,
        "found_at": _local_times(found),
        "fields": describe_catalog(vault, actor).fields,
        "page": page,
        "has_more": found.total > page * PAGE,
        "scanned": scanned,
    }
    return show(request, vault, actor, "duplicates/list.html", context)


@router.post("/duplicates/scan", dependencies=[GenuineForm])
def duplicates_scan(vault: VaultDep, actor: StaffActor) -> Response:
    report = scan_duplicates(vault, actor)
    return RedirectResponse(f"/duplicates?scanned={report.added}", 303)


def _local_times(found: CandidatePage) -> list[str]:
    zone = ZoneInfo(found.zone)
    return [p.found_at.astimezone(zone).strftime("%Y-%m-%d %H:%M") for p in found.pairs]
