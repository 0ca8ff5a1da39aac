"""Imports of an uploaded file (the API's): the upload is saved within a size cap into a private
folder that is removed when the import ends, however it ends, and the answer carries the counts
and the first rejects only; the full reject report stays under the installation to download.

An answer the size of the input would let one upload make the server build, and the caller
parse, a body as large as the file: the first FIRST_REJECTS show what went wrong, the report
holds the rest.
"""

from __future__ import annotations

import csv
import itertools
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.infra.upload_folders import upload_folder
from privault.services.imports import batches
from privault.services.imports.batches import ImportOptions, ImportReport, Reject, import_customers
from privault.services.imports.reports import reports_folder
from privault.services.vault import Vault

FIRST_REJECTS = 20
MAX_UPLOAD_MB = 64
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ImportedUpload:
    report: ImportReport
    report_id: str  # the full reject report: read_reject_report(vault, actor, report_id)
    first_rejects: list[Reject]


def import_uploaded(
    vault: Vault, actor: Actor, filename: str, source: BinaryIO, options: ImportOptions
) -> ImportedUpload:
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInputError("upload a .csv or .xlsx file", field="file")
    report_id = uuid.uuid4().hex
    rejects = reports_folder(vault) / f"{report_id}.rejects.csv"
    # A folder older than two time limits belongs to no running import.
    stale = 2 * batches.TIME_LIMIT_SECONDS + 60
    with upload_folder(reports_folder(vault) / "uploads", stale_after_seconds=stale) as folder:
        upload = folder / f"upload{suffix}"
        _save(source, upload)
        chosen = replace(options, reject_file=rejects)
        report = import_customers(vault, actor, upload, chosen)
    return ImportedUpload(report, report_id, first_rejects(rejects))


def _save(source: BinaryIO, target: Path) -> None:
    written = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > MAX_UPLOAD_MB * _CHUNK:
                raise InvalidInputError(
                    "the file is larger than {limit} MB; split it into several files",
                    field="file",
                    params={"limit": MAX_UPLOAD_MB},
                )
            out.write(chunk)
    if written == 0:
        raise InvalidInputError("the file is empty", field="file")


def first_rejects(path: Path, count: int = FIRST_REJECTS) -> list[Reject]:
    """Read line by line: a report of a million rejects is not loaded to show twenty."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = itertools.islice(csv.reader(handle), 1, count + 1)
        return [(int(r[0]), r[1], r[2]) for r in rows if len(r) == 3 and r[0].isdigit()]
