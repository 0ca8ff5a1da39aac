"""/duplicates: the open candidate pairs, each customer masked beside the other, the scan
button, a merge form per pair, and the merges that can still be undone."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.consents.catalog_view import describe_catalog
from privault.services.duplicates.merging import (
    MERGED_AWAY,
    SURVIVOR,
    list_recent_merges,
    merge_customers,
    unmerge_customers,
)
from privault.services.duplicates.review import CandidatePage, list_candidates
from privault.services.duplicates.scan import scan_duplicates
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, may, show

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
    return _page(request, vault, actor, page, scanned)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    page: int = 1,
    scanned: int | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    found = list_candidates(vault, actor, limit=PAGE, offset=(page - 1) * PAGE)
    merges = list_recent_merges(vault, actor) if may(vault, actor, Action.DUPLICATES_MERGE) else []
    zone = ZoneInfo(found.zone)
    context = {
        "found": found,
        "found_at": _local_times(found),
        "fields": describe_catalog(vault, actor).fields,
        "page": page,
        "has_more": found.total > page * PAGE,
        "scanned": scanned,
        "merges": [(m, _local(m.merged_at, zone), _local(m.undo_until, zone)) for m in merges],
        "errors": errors or {},
    }
    return show(request, vault, actor, "duplicates/list.html", context, status=status)


@router.post("/duplicates/merge", dependencies=[GenuineForm])
async def duplicates_merge(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    """Which record stays and, per field shown on both sides, whose value; a refusal is shown
    above the list, nothing merged."""
    form = await request.form()
    first, second = str(form.get("first", "")), str(form.get("second", ""))
    survivor, merged = (second, first) if form.get("survivor") == second else (first, second)
    choices = {
        str(k).removeprefix("keep_"): _side(str(v), survivor)
        for k, v in form.items()
        if str(k).startswith("keep_")
    }
    try:
        await run_in_threadpool(merge_customers, vault, actor, survivor, merged, choices)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "merge")
        return await run_in_threadpool(_page, request, vault, actor, 1, None, errors, status)
    return RedirectResponse("/duplicates#merges", 303)


@router.post("/duplicates/unmerge", dependencies=[GenuineForm])
def duplicates_unmerge(
    request: Request, vault: VaultDep, actor: StaffActor, merged: Annotated[str, Form()] = ""
) -> Response:
    try:
        unmerge_customers(vault, actor, merged)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "merge")
        return _page(request, vault, actor, 1, None, errors, status)
    return RedirectResponse("/duplicates#merges", 303)


def _side(chosen_id: str, survivor: str) -> str:
    """A radio names the customer whose value stays; the service speaks of sides."""
    return SURVIVOR if chosen_id == survivor else MERGED_AWAY


@router.post("/duplicates/scan", dependencies=[GenuineForm])
def duplicates_scan(vault: VaultDep, actor: StaffActor) -> Response:
    report = scan_duplicates(vault, actor)
    return RedirectResponse(f"/duplicates?scanned={report.added}", 303)


def _local_times(found: CandidatePage) -> list[str]:
    zone = ZoneInfo(found.zone)
    return [_local(p.found_at, zone) for p in found.pairs]


def _local(at: datetime, zone: ZoneInfo) -> str:
    return at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
