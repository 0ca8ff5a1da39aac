"""Streaming readers for CSV and XLSX files: one row at a time, whatever the file size, and
within bounds a hostile file cannot stretch.

An upload may be made to hurt: an XLSX is a zip archive, and a few hundred KB of shared strings
can expand to gigabytes that openpyxl loads whole, even in read-only mode; a CSV line of millions
of fields becomes a list of millions of strings before anyone looks at it. So `check_file` looks
at an XLSX's archive directory before openpyxl opens it (zipfile never inflates a member past the
size the directory declares, so the declared sizes are the sizes read), and every reader stops
at the bounds below, naming the row.
"""

from __future__ import annotations

import csv
import hashlib
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from privault.domain.errors import InvalidInputError

if TYPE_CHECKING:
    from openpyxl import Workbook

Row = list[str]

# Read at each call, so a test may lower them.
MAX_ROWS = 2_000_000  # data rows in one file: past it, split the file
MAX_COLUMNS = 500  # the catalog has a few dozen fields; more columns is not a customer list
MAX_LINE_CHARS = 100_000  # one CSV line; a customer's row is a few hundred characters
MAX_UNPACKED_MB = 1024  # every member of an XLSX together, inflated
MAX_RATIO = 100  # inflated / packed size of a member larger than RATIO_FROM_MB
RATIO_FROM_MB = 1
_MB = 1024 * 1024


def check_file(path: Path) -> int:
    """Refuses a file no import should read, before a row is stored; returns the number of
    data rows (for an XLSX, as its sheet declares them)."""
    if not path.is_file():
        raise InvalidInputError(
            "cannot read {path}: no such file", field="file", params={"path": path}
        )
    if path.suffix.lower() == ".xlsx":
        check_archive(path)
        return _declared_rows(path)
    return max(sum(1 for _ in read_rows(path)) - 1, 0)  # the header is not a data row


def check_archive(path: Path) -> None:
    """An XLSX whose members inflate past the bounds is refused unopened."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InvalidInputError(
            "cannot open {name} as an Excel workbook ({problem}); save it again as .xlsx",
            field="file",
            params={"name": path.name, "problem": "BadZipFile"},
        ) from None
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_MB * _MB and ratio > MAX_RATIO:
            raise InvalidInputError(
                "{member} in {name} expands {ratio} times its packed size, to {size} MB; "
                "a spreadsheet program does not write that: save the workbook again as .xlsx",
                field="file",
                params=_sizes(path, member, ratio),
            )
    if sum(m.file_size for m in members) > MAX_UNPACKED_MB * _MB:
        raise InvalidInputError(
            "{name} expands to more than {limit} MB; split it into several files",
            field="file",
            params={"name": path.name, "limit": MAX_UNPACKED_MB},
        )


def _sizes(path: Path, member: zipfile.ZipInfo, ratio: float) -> dict[str, object]:
    size = member.file_size // _MB
    return {"member": member.filename, "name": path.name, "ratio": int(ratio), "size": size}


def _declared_rows(path: Path) -> int:
    book = _open_workbook(path)
    try:
        sheet = book.worksheets[0]
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
    finally:
        book.close()
    if columns > MAX_COLUMNS:
        raise _too_wide(1)
    if rows - 1 > MAX_ROWS:
        raise _too_long()
    return max(rows - 1, 0)


def _too_wide(row: int) -> InvalidInputError:
    return InvalidInputError(
        "row {row} has more than {limit} columns; keep only the columns to import",
        field="file",
        params={"row": row, "limit": MAX_COLUMNS},
    )


def _too_long() -> InvalidInputError:
    return InvalidInputError(
        "the file has more than {limit} rows; split it into several files",
        field="file",
        params={"limit": MAX_ROWS},
    )


def _bounded(rows: Iterable[Row]) -> Iterator[Row]:
    """Rows numbered as a spreadsheet shows them (the header is row 1), within the bounds."""
    for number, row in enumerate(rows, start=1):
        if len(row) > MAX_COLUMNS:
            raise _too_wide(number)
        if number > MAX_ROWS + 1:
            raise _too_long()
        yield row


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
        check_archive(path)
        return _bounded(_xlsx_rows(path))
    if suffix in (".csv", ".txt"):
        return _bounded(_csv_rows(path, _encoding(path)))
    raise InvalidInputError("only .csv and .xlsx files can be imported", field="file")


def _open_workbook(path: Path) -> Workbook:
    # Imported here: every `privault` command imports this module, few read a workbook.
    from openpyxl import load_workbook

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
            yield from csv.reader(_bounded_lines(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InvalidInputError(
            "cannot read {name} as CSV: {problem}; save it as UTF-8 CSV and try again",
            field="file",
            params={"name": path.name, "problem": exc.__class__.__name__},
        ) from None


def _bounded_lines(handle: TextIO) -> Iterator[str]:
    """Lines for the CSV parser, each refused past MAX_LINE_CHARS before it is split."""
    number = 0
    while line := handle.readline(MAX_LINE_CHARS + 1):
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise InvalidInputError(
                "line {row} is longer than {limit} characters: this is not a customer list; "
                "check that this is the file you meant",
                field="file",
                params={"row": number, "limit": MAX_LINE_CHARS},
            )
        yield line


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
