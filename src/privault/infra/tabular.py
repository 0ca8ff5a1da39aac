"""Streaming readers for CSV and XLSX files: one row at a time, whatever the file size."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook

from privault.domain.errors import InvalidInputError

Row = list[str]


def fingerprint(path: Path) -> tuple[str, int]:
    """SHA-256 and an approximate row count (lines), read in one streaming pass."""
    digest, lines = hashlib.sha256(), 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            lines += chunk.count(b"\n")
    return digest.hexdigest(), lines


def read_rows(path: Path) -> Iterator[Row]:
    """Yields the header row first. Excel-saved Chinese CSV is often GB18030, not UTF-8."""
    if not path.is_file():
        raise InvalidInputError(
            "cannot read {path}: no such file", field="file", params={"path": path}
        )
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    if suffix in (".csv", ".txt"):
        return _csv_rows(path, _encoding(path))
    raise InvalidInputError("only .csv and .xlsx files can be imported", field="file")


def xlsx_row_count(path: Path) -> int | None:
    if path.suffix.lower() != ".xlsx":
        return None
    book = _open_workbook(path)
    try:
        return book.worksheets[0].max_row
    finally:
        book.close()


def _open_workbook(path: Path) -> Workbook:
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise InvalidInputError(
            "cannot open {name} as an Excel workbook ({problem}); save it again as .xlsx",
            field="file",
            params={"name": path.name, "problem": exc.__class__.__name__},
        ) from None


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A cut multi-byte character at the end of the sample is still UTF-8.
        if exc.start < len(head) - 3:
            return "gb18030"
    return "utf-8-sig"


def _csv_rows(path: Path, encoding: str) -> Iterator[Row]:
    try:
        with path.open(encoding=encoding, newline="") as handle:
            yield from csv.reader(handle)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInputError(
            "cannot read {name} as CSV: {problem}; save it as UTF-8 CSV and try again",
            field="file",
            params={"name": path.name, "problem": exc.__class__.__name__},
        ) from None


def _xlsx_rows(path: Path) -> Iterator[Row]:
    book = _open_workbook(path)
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    finally:
        book.close()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps phone numbers as floats
    return str(value)
