"""The rule for cells a spreadsheet would evaluate (OWASP's CSV injection guidance)."""

from __future__ import annotations

import pytest

from privault.domain.control_characters import has_control_character, without_control_characters
from privault.domain.spreadsheet_cells import is_formula_like, neutralised


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x","y")',
        "+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\tanything",
        "\ranything",
        "  =1+1",  # some applications trim leading spaces
        "\u3000=1+1",  # an ideographic space
        "＝1+1",  # full-width signs, folded into ASCII by some applications
        "＋1",
        "－1+1",
        "＠SUM(A1)",
        "-128.00 CNY",
    ],
)
def test_a_cell_a_spreadsheet_would_evaluate_is_quoted(cell: str) -> None:
    assert is_formula_like(cell)
    assert neutralised(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell",
    ["", "张三丰", "a=b", "13812345678", "-12.50", "+8613800000000", "2026-11-23", "'=quoted"],
)
def test_a_plain_value_or_number_is_left_as_it_is(cell: str) -> None:
    assert not is_formula_like(cell)
    assert neutralised(cell) == cell


def test_a_stored_control_character_is_marked_and_line_breaks_are_kept() -> None:
    assert without_control_characters("a\x00b\u202ec\td\ne") == "a\ufffdb\ufffdc\td\ne"
    assert not has_control_character("白切鸡\t烧鹅\r\n")
