"""The one-pass scanner over Chinese notes, and its recall and precision on a labelled corpus."""

from __future__ import annotations

import itertools
import random

import pytest
from stdnum import luhn

from privault.domain.free_text import Kind, scan
from privault.domain.free_text.numbers import is_luhn_valid
from tests.free_text_corpus import corpus, missed, score


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("客人电话13812345678，下次再约", Kind.MOBILE, "13812345678"),
        ("手机 138 1234 5678 晚上打", Kind.MOBILE, "138 1234 5678"),
        ("手机+86 138-1234-5678", Kind.MOBILE, "86 138-1234-5678"),
        ("手机１３８１２３４５６７８", Kind.MOBILE, "１３８１２３４５６７８"),
        ("身份证11010519491231002X已登记", Kind.RESIDENT_ID, "11010519491231002X"),
        ("卡号6222 0212 3456 7890 128", Kind.BANK_CARD, "6222 0212 3456 7890 128"),
        ("车停在门口，粤B12345", Kind.PLATE, "粤B12345"),
        ("新能源沪AD12345", Kind.PLATE, "沪AD12345"),
        ("琼R-06360的车主", Kind.PLATE, "琼R-06360"),
        ("发到zhang.san@qq.com即可", Kind.EMAIL, "zhang.san@qq.com"),
        ("13812345678@qq.com", Kind.EMAIL, "13812345678@qq.com"),
        ("住在上海市浦东新区世纪大道100号3栋", Kind.ADDRESS, "上海市浦东新区世纪大道100号3栋"),
        ("地址：幸福小区5栋2单元301室", Kind.ADDRESS, "幸福小区5栋2单元301室"),
        ("北京市东城区南锣鼓巷胡同12号", Kind.ADDRESS, "北京市东城区南锣鼓巷胡同12号"),
    ],
)
def test_each_kind_is_found_with_its_span(text: str, kind: Kind, value: str) -> None:
    [finding] = scan(text)
    assert finding.kind is kind
    assert text[finding.start : finding.end] == value
    assert 0 < finding.confidence <= 1


@pytest.mark.parametrize(
    "text",
    [
        "订单号202611230001234567已付款",
        "订单号：13812345678",
        "共计￥1,280.50，2026年3月8日到店",
        "12月3号下午来，我知道3号有空",
        "发票号码12345678901234567890，发票代码044001900111",
        "座机02167891234",
        "证件110105194912310021",  # a wrong check digit
        "3号楼门口，一路顺风",
        "第3桌8位，京A股",
    ],
)
def test_look_alikes_are_not_findings(text: str) -> None:
    assert scan(text) == []


def test_findings_come_in_order_and_never_overlap() -> None:
    text = "电话13812345678，邮箱a@b.cn，车牌粤B12345，身份证11010519491231002X"
    found = scan(text)
    assert [f.kind for f in found] == [Kind.MOBILE, Kind.EMAIL, Kind.PLATE, Kind.RESIDENT_ID]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_checksummed_kinds_are_reported_as_certain() -> None:
    [card, resident] = scan("卡号6222021234567890128 证件11010519491231002X")
    assert (card.confidence, resident.confidence) == (1.0, 1.0)


def test_every_planted_value_of_the_corpus_is_found_and_nine_in_ten_findings_are_right() -> None:
    notes = corpus(3000)
    result = score(notes, scan)
    assert result.planted > 2500
    assert result.recall == 1.0, missed(notes, scan)[:10]
    assert result.precision >= 0.95, missed(notes, scan)[:10]


def test_the_corpus_holds_every_kind_and_its_hard_negatives() -> None:
    notes = corpus(500)
    kinds = {p.kind for note in notes for p in note.planted}
    assert kinds == set(Kind)
    assert any("订单号" in n.text for n in notes)
    assert any("发票号码" in n.text for n in notes)
    assert corpus(50) == corpus(50)


def test_the_fast_luhn_check_agrees_with_python_stdnum() -> None:
    rng = random.Random(17)
    for _ in range(2000):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(13, 20)))
        assert is_luhn_valid(digits) == luhn.is_valid(digits)
