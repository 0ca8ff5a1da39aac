"""Free text with a personal value: refused naming the kind and its field, or masked."""

from __future__ import annotations

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.free_text import Kind, scan
from privault.domain.free_text.screening import REFUSALS, OnFound, masked, screen
from privault.web.i18n import gettext


def test_text_without_a_personal_value_passes_unchanged() -> None:
    assert screen("喜欢靠窗的座位，不吃香菜", field="seating") == "喜欢靠窗的座位，不吃香菜"


@pytest.mark.legal("PIPL Art. 6")
def test_a_resident_id_in_a_note_is_refused_saying_where_it_belongs_without_the_value() -> None:
    with pytest.raises(InvalidInputError) as raised:
        screen("客人身份证11010519491231002X", field="allergies")
    assert raised.value.field == "allergies"
    assert raised.value.reason == REFUSALS[Kind.RESIDENT_ID]
    assert "ID number field" in raised.value.message
    assert "11010519491231002X" not in raised.value.message


def test_the_first_kind_found_names_the_refusal() -> None:
    with pytest.raises(InvalidInputError, match="mobile field"):
        screen("电话13812345678 邮箱a@b.cn", field="note")


def test_masking_replaces_each_value_with_as_many_stars() -> None:
    text = "电话13812345678，车牌粤B12345，不吃辣"
    assert screen(text, field="note", on_found=OnFound.MASK) == (
        "电话***********，车牌*******，不吃辣"
    )


def test_masking_without_findings_returns_the_text() -> None:
    assert masked("不吃辣", scan("不吃辣")) == "不吃辣"


def test_every_kind_has_a_refusal() -> None:
    assert set(REFUSALS) == set(Kind)


def test_every_refusal_reads_in_chinese() -> None:
    for refusal in REFUSALS.values():
        chinese = gettext("zh", refusal)
        assert chinese != refusal
        assert "应填在" in chinese
