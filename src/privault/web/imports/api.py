"""/api/v1/imports: a CSV or XLSX upload becomes customers; the answer gives the counts and the
first rejects, and a link to the full reject report (row, column, reason; never a value).

The upload lives in a private folder only while it is imported (services/imports/uploads.py):
personal data is not left lying on disk.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from privault.services.imports.batches import ImportOptions
from privault.services.imports.reports import read_reject_report
from privault.services.imports.uploads import FIRST_REJECTS, import_uploaded
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS
from privault.web.auth import VaultDep

router = APIRouter(prefix="/imports", tags=["imports"], responses=REFUSALS)
ReportId = Annotated[
    str, Path(pattern=r"^[0-9a-f]{32}$", description="The reject report's id, from an import")
]


class Reject(BaseModel):
    row: int = Field(description="Row number in the file (the header is row 1)")
    column: str = Field(description="The column at fault, as written in the file")
    reason: str


class ImportReport(BaseModel):
    imported: int
    rejected: int
    rejects: list[Reject] = Field(
        description=f"The first {FIRST_REJECTS} rejected rows with their reasons; no values"
    )
    reject_report: str = Field(description="The full reject report's id")
    rejects_url: str = Field(description="Where to download the full reject report (CSV)")
    seconds: float
    resumed_from_row: int = Field(description="A rerun of the same file resumes after this row")
    is_complete: bool = Field(description="False: the import stopped at its time limit")
    next_row: int = Field(description="Not complete: the row a rerun of the same file goes on from")
    message: str = Field(description="Not complete: what was committed and how to go on")
    unimported: list[str] = Field(
        default_factory=list, description="The columns left out (confirmed), headers as written"
    )
    mapping: str | None = Field(
        default=None, description="The saved mapping applied (named, or found by the headers)"
    )


@router.post("", status_code=201, summary="Import customers from a CSV or XLSX file")
def import_file(
    vault: VaultDep,
    actor: ApiActor,
    file: Annotated[UploadFile, File(description="CSV (UTF-8) or XLSX, one customer a row")],
    notice_version: Annotated[
        str | None, Form(max_length=64, description="Notice version the customers saw")
    ] = None,
    purposes: Annotated[
        list[str] | None, Form(description="A purpose every row agreed to; repeat")
    ] = None,
    evidence: Annotated[
        str | None, Form(max_length=200, description="Where the consent forms are kept")
    ] = None,
    store: Annotated[str | None, Form(max_length=64, description="The customers' store")] = None,
    mapping: Annotated[
        str | None, Form(max_length=64, description="A saved mapping of the source system")
    ] = None,
    confirm: Annotated[
        bool, Form(description="Import without the columns that map to no field (else refused)")
    ] = False,
) -> ImportReport:
    options = ImportOptions(
        notice_version, tuple(purposes or ()), evidence, store, mapping=mapping, confirm=confirm
    )
    done = import_uploaded(vault, actor, file.filename or "", file.file, options)
    report = done.report
    return ImportReport(
        imported=report.imported,
        rejected=report.rejected,
        rejects=[Reject(row=r, column=c, reason=why) for r, c, why in done.first_rejects],
        reject_report=done.report_id,
        rejects_url=f"/api/v1/imports/{done.report_id}/rejects.csv",
        seconds=report.seconds,
        resumed_from_row=report.resumed_from_row,
        is_complete=report.is_complete,
        next_row=report.next_row,
        message=report.message,
        unimported=list(report.unimported),
        mapping=report.mapping,
    )


@router.get(
    "/{report_id}/rejects.csv",
    summary="The full reject report of an import",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "row, column, reason"}},
)
def rejects(report_id: ReportId, vault: VaultDep, actor: ApiActor) -> Response:
    return Response(
        read_reject_report(vault, actor, report_id),
        media_type="text/csv; charset=utf-8",
        headers={"Cache-Control": "no-store"},
    )
