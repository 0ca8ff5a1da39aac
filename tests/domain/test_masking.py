"""Tests for masking values for display (DESIGN §10 masking table included)."""

from __future__ import annotations

import pytest

from privault.domain.catalog import MaskRule
from privault.domain.masking import MaskSettings, mask


@pytest.mark.parametrize(
    ("rule", "value", "masked"),
    [
        (MaskRule.MOBILE, "13812345678", "138****5678"),
        (MaskRule.CN_RESIDENT_ID, "11010519491231002X", "110***********002X"),
        (MaskRule.BANK_CARD, "6222021234567890128", "**** **** **** 0128"),
        (MaskRule.NAME, "张三", "张*"),
        (MaskRule.NAME, "张三丰", "张*丰"),
        (MaskRule.NAME, "欧阳娜娜", "欧阳**"),
        (MaskRule.NAME, "John Smith", "J*** S****"),
        (MaskRule.ADDRESS, "广东省深圳市南山区科技园路1号2栋301", "广东省深圳市南山区******"),
        (MaskRule.EMAIL, "zhangsan@example.com", "z*******@example.com"),
        (MaskRule.LANDLINE, "0755-86013388", "0755-****3388"),
        (MaskRule.BIRTH_DATE, "1990-03-07", "1990-**-**"),
    ],
)
@pytest.mark.legal("GB/T 35273-2020 §7.3", "GDPR Art. 25")
def test_design_masking_table_holds(rule: MaskRule, value: str, masked: str) -> None:
    assert mask(rule, value) == masked


@pytest.mark.parametrize(
    ("rule", "value", "masked"),
    [
        (MaskRule.MOBILE, "+447911123456", "+44******3456"),
        (MaskRule.PLATE_NUMBER, "粤B12345", "粤B***45"),
        (MaskRule.PLATE_NUMBER, "粤BD12345", "粤B****45"),
        (MaskRule.TAIL, "VIP-000123", "******0123"),
        (MaskRule.TEXT, "likes short hair", "l***"),
        (MaskRule.FULL, "anything at all", "******"),
        (MaskRule.NONE, "female", "female"),
    ],
)
def test_other_rules_mask_as_specified(rule: MaskRule, value: str, masked: str) -> None:
    assert mask(rule, value) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰丰", "张**丰"),
        ("司马光", "司马*"),
        ("诸葛孔明", "诸葛**"),
        ("欧阳", "欧*"),
        ("张", "*"),
        ("J", "*"),
        ("Mary Ann Lee", "M*** A** L**"),
    ],
)
def test_names_keep_only_the_surname_and_initials(name: str, masked: str) -> None:
    assert mask(MaskRule.NAME, name) == masked


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("北京市朝阳区建国路88号", "北京市朝阳区******"),
        ("上海市浦东新区张江路100号", "上海市浦东新区******"),
        ("深圳市南山区科技园路1号", "深圳市南山区******"),
        ("广东深圳市福田区深南大道1号", "广东深圳市福田区******"),
        ("新疆维吾尔自治区乌鲁木齐市天山区解放路1号", "新疆维吾尔自治区乌鲁木齐市天山区******"),
        ("吉林省延边朝鲜族自治州延吉市人民路1号", "吉林省延边朝鲜族自治州延吉市******"),
        ("广东省深圳市华侨城小区3栋", "广东省深圳市******"),
        ("广东省", "广东省******"),
    ],
)
def test_address_keeps_the_administrative_prefix(address: str, masked: str) -> None:
    assert mask(MaskRule.ADDRESS, address) == masked


@pytest.mark.parametrize(
    "address", ["科技园路1号2栋301", "Flat 3, 10 Downing Street", "南山区科技园"]
)
def test_address_without_recognisable_prefix_is_hidden_whole(address: str) -> None:
    assert mask(MaskRule.ADDRESS, address) == "******"


def test_address_stars_do_not_reveal_the_length() -> None:
    short = mask(MaskRule.ADDRESS, "广东省深圳市南山区1号")
    long = mask(MaskRule.ADDRESS, "广东省深圳市南山区科技园路1号2栋301室靠窗那间")
    assert short == long


def test_text_stars_do_not_reveal_the_length() -> None:
    assert mask(MaskRule.TEXT, "ab") == mask(MaskRule.TEXT, "a" + "b" * 400) == "a***"


@pytest.mark.parametrize(
    ("rule", "value", "masked"),
    [
        (MaskRule.MOBILE, "1381234", "*******"),
        (MaskRule.MOBILE, "138", "***"),
        (MaskRule.CN_RESIDENT_ID, "1234567", "*******"),
        (MaskRule.BANK_CARD, "0128", "****"),
        (MaskRule.LANDLINE, "0755-3388", "0755-****"),
        (MaskRule.EMAIL, "z@example.com", "*@example.com"),
        (MaskRule.TAIL, "0123", "****"),
        (MaskRule.PLATE_NUMBER, "粤B12", "****"),
        (MaskRule.TEXT, "a", "***"),
    ],
)
def test_value_no_longer_than_what_is_kept_is_masked_whole(
    rule: MaskRule, value: str, masked: str
) -> None:
    assert mask(rule, value) == masked


@pytest.mark.parametrize("rule", [rule for rule in MaskRule if rule is not MaskRule.NONE])
@pytest.mark.parametrize(
    "value", ["13812345678", "张三", "a", "zhangsan@example.com", "1990-03-07"]
)
def test_no_rule_but_none_returns_the_clear_value(rule: MaskRule, value: str) -> None:
    assert mask(rule, value) != value


def test_malformed_values_are_hidden_not_shown() -> None:
    assert mask(MaskRule.EMAIL, "not an email") == "******"
    assert mask(MaskRule.BIRTH_DATE, "March 1990") == "****-**-**"


def test_counts_follow_the_installation_settings() -> None:
    settings = MaskSettings(
        mobile_head=0,
        mobile_tail=2,
        id_head=6,
        id_tail=0,
        card_tail=6,
        landline_tail=2,
        email_head=2,
        tail_keep=2,
        text_head=3,
    )
    assert mask(MaskRule.MOBILE, "13812345678", settings) == "*********78"
    assert mask(MaskRule.CN_RESIDENT_ID, "11010519491231002X", settings) == "110105" + "*" * 12
    assert mask(MaskRule.BANK_CARD, "6222021234567890128", settings) == "**** **** **** 890128"
    assert mask(MaskRule.LANDLINE, "0755-86013388", settings) == "0755-******88"
    assert mask(MaskRule.EMAIL, "zhangsan@example.com", settings) == "zh******@example.com"
    assert mask(MaskRule.TAIL, "VIP-000123", settings) == "********23"
    assert mask(MaskRule.TEXT, "likes short hair", settings) == "lik***"
