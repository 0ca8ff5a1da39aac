"""Export files, each watermarked with its export id: on every row (CSV, XLSX), in the
workbook's properties, and in the JSON envelope. A copy found later names its export. CSV and
XLSX are written by infra/tabular_writer.py, so no cell is ever evaluated as a formula."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from privault.domain.exports import ExportFormat, ExportRequest
from privault.infra.private_files import open_private
from privault.infra.tabular_writer import CsvRows, XlsxBook


class ExportWriter(Protocol):
    def write(self, customer_id: str, values: dict[str, str]) -> None: ...
    def close(self) -> None: ...


def writer_for(path: Path, request: ExportRequest, labels: Sequence[str]) -> ExportWriter:
    if request.format is ExportFormat.CSV:
        return _Csv(path, request, labels)
    if request.format is ExportFormat.XLSX:
        return _Xlsx(path, request, labels)
    return _Json(path, request)


def _banner(request: ExportRequest) -> str:
    return (
        f"privault export {request.id} for {request.requested_by}, approved by "
        f"{request.decided_by}; purpose: {request.purpose}"
        + (f" ({request.purpose_note})" if request.purpose_note else "")
        + ("; masked" if request.masked else "")
    )


class _Csv:
    def __init__(self, path: Path, request: ExportRequest, labels: Sequence[str]) -> None:
        self._file = open_private(path)
        self._file.write("\ufeff")  # Excel opens UTF-8 Chinese text only with a BOM
        self._rows = CsvRows(self._file)
        self._fields = request.fields
        self._id = request.id
        self._rows.writerow(["export_id", "customer_id", *labels])

    def write(self, customer_id: str, values: dict[str, str]) -> None:
        self._rows.writerow([self._id, customer_id, *(values.get(f, "") for f in self._fields)])

    def close(self) -> None:
        self._file.close()


class _Xlsx:
    def __init__(self, path: Path, request: ExportRequest, labels: Sequence[str]) -> None:
        self._path = path
        self._book = XlsxBook(f"export {request.id[:8]}")
        self._book.describe(
            title=f"privault export {request.id}",
            subject=_banner(request),
            creator=request.requested_by,
        )
        self._book.writerow([_banner(request)])
        self._book.writerow(["export_id", "customer_id", *labels])
        self._fields = request.fields
        self._id = request.id
        open_private(path).close()  # claim the name with private permissions first

    def write(self, customer_id: str, values: dict[str, str]) -> None:
        self._book.writerow([self._id, customer_id, *(values.get(f, "") for f in self._fields)])

    def close(self) -> None:
        self._book.save(self._path)


class _Json:
    def __init__(self, path: Path, request: ExportRequest) -> None:
        self._file = open_private(path)
        head: dict[str, Any] = {
            "export_id": request.id,
            "requested_by": request.requested_by,
            "approved_by": request.decided_by,
            "purpose": request.purpose,
            "fields": list(request.fields),
        }
        # Streamed: the envelope opens, customers follow one per line, the envelope closes.
        self._file.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "customers": [\n')
        self._first = True

    def write(self, customer_id: str, values: dict[str, str]) -> None:
        line = json.dumps({"id": customer_id, "fields": values}, ensure_ascii=False)
        self._file.write(("" if self._first else ",\n") + line)
        self._first = False

    def close(self) -> None:
        self._file.write("\n]}\n")
        self._file.close()
