"""Import columns recognised by their content: resident IDs under 备注 are caught."""

from __future__ import annotations

import pytest

from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.errors import InvalidInputError
from privault.domain.free_text import Kind
from privault.domain.free_text.columns import REFUSALS, column_kind, refuse_misplaced_columns
from privault.presets import load_preset
from privault.web.i18n import gettext

IDS = ["11010519491231002X", "440524188001010014", "", "11010519491231002X"]


@pytest.fixture
def catalog() -> Catalog:
    preset = load_preset("salon")
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


def test_a_column_of_resident_ids_is_recognised_whatever_its_header() -> None:
    assert column_kind(IDS) is Kind.RESIDENT_ID


def test_a_column_of_notes_that_mention_a_number_is_not_a_column_of_that_kind() -> None:
    notes = ["喜欢安静", "对芒果过敏，电话13812345678", "不吃辣", "常点拿铁"]
    assert column_kind(notes) is None


@pytest.mark.legal("PIPL Art. 6")
def test_resident_ids_in_a_free_text_column_refuse_the_file_naming_column_and_kind(
    catalog: Catalog,
) -> None:
    rows = [["林晓梅", ident] for ident in IDS]
    with pytest.raises(InvalidInputError) as raised:
        refuse_misplaced_columns(catalog, {0: "name", 1: "allergies"}, {"allergies": "备注"}, rows)
    assert raised.value.field == "column 2"
    assert "resident ID numbers" in raised.value.message
    assert "备注" in raised.value.message
    assert "11010519491231002X" not in raised.value.message


def test_a_column_holding_what_its_field_expects_passes(catalog: Catalog) -> None:
    rows = [["13812345678"], ["13912345678"]]
    refuse_misplaced_columns(catalog, {0: "mobile"}, {"mobile": "手机号"}, rows)


def test_every_column_refusal_reads_in_chinese_with_its_placeholders() -> None:
    for refusal in REFUSALS.values():
        chinese = gettext("zh", refusal)
        assert chinese != refusal
        assert chinese.format(column=2, target="备注").startswith("第 2 列的表头是“备注”")
