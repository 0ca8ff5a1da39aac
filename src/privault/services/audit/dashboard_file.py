"""The dashboard's figures as a workbook: one sheet, a block per chart (its title, the column
headings, a row per bar), written by the one table writer; counts only, no personal value."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from privault.infra.tabular_writer import XlsxBook


@dataclass(frozen=True)
class FigureBlock:
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def figures_workbook(title: str, subject: str, blocks: Sequence[FigureBlock]) -> bytes:
    book = XlsxBook(title)
    book.describe(title=title, subject=subject, creator="privault")
    book.writerow([title, subject])
    for block in blocks:
        book.writerow([])
        book.writerow([block.title])
        book.writerow(block.headings)
        for row in block.rows:
            book.writerow(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "dashboard.xlsx"
        book.save(path)
        return path.read_bytes()
