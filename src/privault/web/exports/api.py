"""/api/v1/exports: request an export, list the queue, approve or reject, download it once."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask
from starlette.responses import FileResponse

from privault.domain.exports import ExportFormat
from privault.services.exports.listing import export_filter, page_exports
from privault.services.exports.workflow import (
    decide_export,
    download_export,
    request_export,
)
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS, PageNumber, Text
from privault.web.auth import VaultDep
from privault.web.paging import page_links

router = APIRouter(prefix="/exports", tags=["exports"], responses=REFUSALS)
ExportId = Annotated[str, Path(max_length=64, description="The export's id")]
MEDIA = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSON: "application/json",
}


class ExportBody(BaseModel):
    fields: list[Text] = Field(description="Field keys to export", examples=[["name", "mobile"]])
    purpose: Text = Field(
        description="A purpose of the catalog every field serves (key or name); audited",
        examples=["membership"],
    )
    note: Text | None = Field(None, description="Your words beside the purpose; audited")
    format: Text = Field("csv", description="csv, xlsx or json")
    stores: list[Text] = Field(default_factory=list, description="Only these stores (default all)")
    masked: bool = Field(False, description="Values masked, as the console shows them")


class Decision(BaseModel):
    note: Text | None = Field(None, description="A note for the record")


class RejectBody(BaseModel):
    note: Text = Field(description="Why the export is rejected")


class Export(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    requested_by: str
    requested_at: datetime
    format: str
    fields: list[str]
    stores: list[str] = Field(description="Empty: every store")
    purpose: str = Field(description="The catalog purpose")
    purpose_note: str | None = Field(None, description="The requester's words beside it")
    masked: bool = False
    row_count: int = Field(description="Customers in the export when requested")
    status: str = Field(description="pending, approved, rejected or downloaded")
    decided_by: str | None
    decided_at: datetime | None
    note: str | None
    downloaded_at: datetime | None
    left_out_no_basis: int | None = Field(
        None, description="Left out at download: no lawful basis for the purpose then"
    )
    left_out_restricted: int | None = Field(
        None, description="Left out at download: processing restricted"
    )


@router.post("", status_code=201, summary="Ask for an export; some wait for a second person")
def request(body: ExportBody, vault: VaultDep, actor: ApiActor) -> Export:
    made = request_export(
        vault,
        actor,
        body.fields,
        purpose=body.purpose,
        note=body.note,
        format=body.format,
        stores=body.stores,
        masked=body.masked,
    )
    return Export.model_validate(made)


@router.get(
    "",
    summary="Exports, newest first (or `order=oldest`), 50 a page (`Link` header): a "
    "requester sees their own, an approver all",
)
def queue(
    request: Request,
    response: Response,
    vault: VaultDep,
    actor: ApiActor,
    status: Annotated[
        Text | None, Query(description="pending, approved, rejected or downloaded")
    ] = None,
    requested_by: Annotated[Text | None, Query(description="Only this staff member's")] = None,
    order: Annotated[str, Query(description="newest or oldest", max_length=8)] = "newest",
    page: PageNumber = 1,
) -> list[Export]:
    typed = {"status": status or "", "requested_by": requested_by or "", "page": str(page)}
    typed["order"] = order
    found = page_exports(vault, actor, export_filter(typed))
    response.headers.update(page_links(request, found))
    return [Export.model_validate(e) for e in found.items]


@router.post("/{export_id}/approve", summary="Approve someone else's export (privacy officer)")
def approve(
    export_id: ExportId, vault: VaultDep, actor: ApiActor, body: Decision | None = None
) -> Export:
    note = body.note if body else None
    return Export.model_validate(decide_export(vault, actor, export_id, approve=True, note=note))


@router.post("/{export_id}/reject", summary="Reject someone else's export, saying why")
def reject(export_id: ExportId, body: RejectBody, vault: VaultDep, actor: ApiActor) -> Export:
    decided = decide_export(vault, actor, export_id, approve=False, note=body.note)
    return Export.model_validate(decided)


@router.get(
    "/{export_id}/download",
    summary="The approved export's file, once, for its requester",
    response_class=FileResponse,
    responses={200: {"description": "The file (CSV, XLSX or JSON)"}},
)
def download(export_id: ExportId, vault: VaultDep, actor: ApiActor) -> FileResponse:
    folder = FilePath(tempfile.mkdtemp(prefix="privault-export-"))
    try:
        target = folder / "export"  # never a name from the request
        done = download_export(vault, actor, export_id, target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        target,
        media_type=MEDIA[done.format],
        filename=f"export-{done.id}.{done.format.value}",
        headers={
            "Cache-Control": "no-store",
            # Customers left out at download, by reason: the file alone cannot say.
            "X-Privault-Left-Out-No-Basis": str(done.left_out_no_basis or 0),
            "X-Privault-Left-Out-Restricted": str(done.left_out_restricted or 0),
        },
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
