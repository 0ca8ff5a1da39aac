"""Exports: asking for one for a catalog purpose, a second person's approval for contact,
identity or sensitive fields in clear or many rows, and the one download by the requester. The
services enforce the rules; the page offers what fits."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError, PrivaultError
from privault.domain.exports import ExportFormat, ExportStatus
from privault.domain.policy import Actor
from privault.services.consents.catalog_labels import catalog_labels
from privault.services.exports.listing import ExportFilter, export_filter, page_exports
from privault.services.exports.workflow import (
    decide_export,
    download_export,
    request_export,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show
from privault.web.paging import filter_query, typed_filters

router = APIRouter()
LIST_PARAMETERS = ("status", "requested_by", "order", "page")
MEDIA = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSON: "application/json",
}


@router.get("/exports")
def exports_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    typed = typed_filters(request, LIST_PARAMETERS)
    try:
        wanted = export_filter(typed)
    except InvalidInputError as error:
        errors, status = form_errors(request, error, "filter")
        return _page(request, vault, actor, errors=errors, status=status, typed=typed)
    return _page(request, vault, actor, wanted=wanted, typed=typed)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
    wanted: ExportFilter | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    shown = typed or dict.fromkeys(LIST_PARAMETERS, "")
    context = {
        "page": page_exports(vault, actor, wanted or ExportFilter()),
        "filters": shown,
        "query": filter_query(shown) if wanted else "",
        "statuses": list(ExportStatus),
        "labels": catalog_labels(vault),
        "formats": list(ExportFormat),
        "errors": errors or {},
        "values": values or {},
    }
    return show(request, vault, actor, "exports/list.html", context, status=status)


@router.post("/exports", dependencies=[GenuineForm])
async def ask_for_export(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    fields = [str(f) for f in form.getlist("fields")]
    purpose, fmt = str(form.get("purpose") or ""), str(form.get("format") or "csv")
    note, masked = str(form.get("note") or ""), bool(form.get("masked"))
    stores = str(form.get("stores") or "").split()
    try:
        request_export(
            vault,
            actor,
            fields,
            purpose=purpose,
            note=note,
            format=fmt,
            stores=stores,
            masked=masked,
        )
    except PrivaultError as error:
        errors, status = form_errors(request, error, "export")
        values = {
            "fields": fields,
            "purpose": purpose,
            "note": note,
            "masked": masked,
            "format": fmt,
            "stores": " ".join(stores),
        }
        return _page(request, vault, actor, errors=errors, values=values, status=status)
    return RedirectResponse("/exports", status_code=303)


@router.post("/exports/{export_id}/approve", dependencies=[GenuineForm])
async def approve_export(
    request: Request, vault: VaultDep, actor: StaffActor, export_id: str
) -> Response:
    return await _decide(request, vault, actor, export_id, approve=True)


@router.post("/exports/{export_id}/reject", dependencies=[GenuineForm])
async def reject_export(
    request: Request, vault: VaultDep, actor: StaffActor, export_id: str
) -> Response:
    return await _decide(request, vault, actor, export_id, approve=False)


async def _decide(
    request: Request, vault: Vault, actor: Actor, export_id: str, *, approve: bool
) -> Response:
    note = str((await request.form()).get("note") or "")
    try:
        decide_export(vault, actor, export_id, approve=approve, note=note)
    except PrivaultError as error:
        errors, status = form_errors(request, error, f"decide-{export_id}")
        values = {f"decide-{export_id}": note}
        return _page(request, vault, actor, errors=errors, values=values, status=status)
    return RedirectResponse("/exports", status_code=303)


@router.get("/exports/{export_id}/download")
def download(vault: VaultDep, actor: StaffActor, export_id: str) -> Response:
    """Written to a private temporary folder, handed over, and removed: once, audited."""
    with tempfile.TemporaryDirectory(prefix="privault-export-") as folder:
        target = Path(folder) / "export"
        done = download_export(vault, actor, export_id, target)
        content = target.read_bytes()
    name = f"export-{done.id[:8]}.{done.format.value}"
    return Response(
        content,
        media_type=MEDIA[done.format],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
