"""Which cells a spreadsheet would evaluate as a formula (OWASP's CSV injection guidance): a
value a customer typed, such as =HYPERLINK(...), must be shown, never run.

A cell is evaluated when it starts with = + - @, or with TAB or CR; some applications trim
leading spaces first and fold full-width signs (＝ ＋ － ＠) into ASCII ones, so those count
too. A plain number (-12.50, +8613800000000) is only a number and is left as it is."""

from __future__ import annotations

import re
import unicodedata

_TRIGGERS = frozenset("=+-@")
_LEADING_CONTROLS = ("\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
QUOTE = "'"  # what a person types in a spreadsheet to make a cell text


def is_formula_like(cell: str) -> bool:
    if cell.startswith(_LEADING_CONTROLS):
        return True
    stripped = cell.lstrip()
    if not stripped:
        return False
    first = unicodedata.normalize("NFKC", stripped[0])[:1]
    return first in _TRIGGERS and not _PLAIN_NUMBER.fullmatch(stripped)


def neutralised(cell: str) -> str:
    """The cell as a CSV file must carry it: quoted when a spreadsheet would evaluate it."""
    return QUOTE + cell if is_formula_like(cell) else cell
