"""/api/v1/imports: a CSV or XLSX upload becomes customers, and the report names each reject.

The upload lives in a private temporary folder only while it is imported: personal data is
not left lying on disk.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, BinaryIO

from fastapi import APIRouter, File, Form, UploadFile
from pydantic import BaseModel, Field

from privault.domain.errors import InvalidInputError
from privault.services.imports.batches import ImportOptions, import_customers
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS
from privault.web.auth import VaultDep

router = APIRouter(prefix="/imports", tags=["imports"], responses=REFUSALS)
SUFFIXES = (".csv", ".xlsx")
MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


class Reject(BaseModel):
    row: int = Field(description="Row number in the file (the header is row 1)")
    column: str = Field(description="The column at fault, as written in the file")
    reason: str


class ImportReport(BaseModel):
    imported: int
    rejected: int
    rejects: list[Reject] = Field(description="Each rejected row with its reason; no values")
    seconds: float
    resumed_from_row: int = Field(description="A rerun of the same file resumes after this row")


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
) -> ImportReport:
    suffix = FilePath(file.filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInputError("upload a .csv or .xlsx file", field="file")
    with tempfile.TemporaryDirectory(prefix="privault-import-") as folder:
        upload = FilePath(folder) / f"api-upload{suffix}"
        reject_file = FilePath(folder) / "rejects.csv"
        _save(file.file, upload)
        options = ImportOptions(notice_version, tuple(purposes or ()), evidence, store, reject_file)
        report = import_customers(vault, actor, upload, options)
        rejects = _rejects(reject_file)
    return ImportReport(
        imported=report.imported,
        rejected=report.rejected,
        rejects=rejects,
        seconds=report.seconds,
        resumed_from_row=report.resumed_from_row,
    )


def _save(source: BinaryIO, target: FilePath) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > MAX_BYTES:
                raise InvalidInputError(
                    f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it",
                    field="file",
                )
            out.write(chunk)
    if written == 0:
        raise InvalidInputError("the file is empty", field="file")


def _rejects(path: FilePath) -> list[Reject]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    return [Reject(row=int(r[0]), column=r[1], reason=r[2]) for r in rows if len(r) == 3]
