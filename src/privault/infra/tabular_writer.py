"""The one place privault writes a table (CSV or XLSX): every cell is text a spreadsheet shows
and never evaluates, and a character no file may hold is marked instead of breaking the file.
tests/services/exports/test_spreadsheet_safety.py fails when a table is written elsewhere."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from privault.domain.control_characters import without_control_characters
from privault.domain.spreadsheet_cells import is_formula_like, neutralised

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

TEXT_FORMAT = "@"  # Excel's "Text" number format: what is typed into the cell stays text


def cell_text(value: object) -> str:
    """Values stored before control characters were refused still write (openpyxl refuses
    them with an error that quotes the whole value)."""
    return without_control_characters("" if value is None else str(value))


class CsvRows:
    """csv.writer's two methods, each cell neutralised."""

    def __init__(self, handle: IO[str]) -> None:
        self._rows = csv.writer(handle)

    def writerow(self, row: Iterable[object]) -> None:
        self._rows.writerow([neutralised(cell_text(value)) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


class XlsxBook:
    """A streamed workbook of one sheet whose cells are all text, never formulas."""

    def __init__(self, sheet_title: str) -> None:
        # openpyxl is imported when a workbook is written, not with the module: every `privault`
        # command imports this module and few write XLSX.
        from openpyxl import Workbook

        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(cell_text(sheet_title)[:31])

    def describe(self, *, title: str, subject: str, creator: str) -> None:
        properties = self._book.properties
        properties.title = cell_text(title)
        properties.subject = cell_text(subject)
        properties.creator = cell_text(creator)

    def writerow(self, row: Iterable[object]) -> None:
        self._sheet.append([self._cell(value) for value in row])

    def save(self, path: Path) -> None:
        self._book.save(path)

    def _cell(self, value: object) -> Cell:
        from openpyxl.cell import WriteOnlyCell

        text = cell_text(value)
        cell = WriteOnlyCell(self._sheet, value=text)
        # openpyxl makes a text starting with "=" a formula; the type is set back to text.
        cell.data_type = "s"
        cell.number_format = TEXT_FORMAT
        # The cell's value stays as given; Excel's quote prefix keeps it text even when
        # someone edits the cell and presses Enter.
        cell.quotePrefix = is_formula_like(text)
        return cell
