"""The shop's identity, setting by setting, and its filling into a notice (pure rules)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.notices import fill_identity, parse_notice, placeholder_elements
from privault.domain.shop import ShopIdentity, change_identity, identity_from, parse_setting
from privault.presets import INDUSTRIES, load_preset

SHOP = ShopIdentity(
    "三丰美发工作室",
    "广东省深圳市南山区科技园路1号",
    "0755-86013388",
    "privacy@sanfeng.example.cn",
    "王店长",
    "13900001111",
)


@pytest.mark.parametrize(
    ("name", "raw", "stored"),
    [
        ("phone", "+86 138-1234-5678", "13812345678"),
        ("phone", "0755 8601 3388", "0755-86013388"),
        ("officer_contact", "Wang@Sanfeng.Example.CN", "wang@sanfeng.example.cn"),
        ("officer_contact", "8613912345678", "13912345678"),
        ("business_name", "  三丰  美发 ", "三丰 美发"),
    ],
)
def test_settings_are_normalised(name: str, raw: str, stored: str) -> None:
    assert parse_setting(name, raw) == stored


@pytest.mark.parametrize(
    ("name", "raw"),
    [("phone", "12812345678"), ("email", "a@b"), ("officer_name", "\x07王"), ("address", "")],
)
def test_a_bad_setting_is_refused_naming_it_without_its_value(name: str, raw: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_setting(name, raw)
    assert raised.value.field == name
    assert not raw.strip() or raw not in raised.value.message


def test_a_change_checks_every_value_before_any_is_taken() -> None:
    with pytest.raises(InvalidInputError):
        change_identity(SHOP, {"officer_name": "赵经理", "phone": "1"})
    changed = change_identity(SHOP, {"officer_name": "赵经理"})
    assert (changed.officer_name, changed.phone) == ("赵经理", SHOP.phone)


def test_an_identity_reports_what_is_missing() -> None:
    partial = identity_from({"business_name": "三丰美发工作室", "email": None})
    assert partial.missing == ("address", "phone", "email", "officer_name", "officer_contact")
    assert not partial.is_complete
    assert SHOP.is_complete


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_every_preset_notice_is_complete_once_filled_and_a_placeholder_before(
    industry: str,
) -> None:
    document: dict[str, Any] = copy.deepcopy(load_preset(industry)["notice"])
    assert set(placeholder_elements(parse_notice(document))) == {
        "zh.processor",
        "zh.contact",
        "en.processor",
        "en.contact",
    }
    filled = parse_notice(fill_identity(document, SHOP))
    assert placeholder_elements(filled) == []
    for lang in ("zh", "en"):
        assert SHOP.business_name in filled.texts[lang]["processor"]
        assert SHOP.officer_contact in filled.texts[lang]["contact"]


def test_a_notice_is_not_filled_from_an_incomplete_identity() -> None:
    with pytest.raises(InvalidInputError, match=r"incomplete \(phone\)") as raised:
        fill_identity(
            load_preset("salon")["notice"], ShopIdentity(**{**SHOP.as_settings(), "phone": ""})
        )
    assert raised.value.field == "shop"


def test_a_material_notice_keeps_its_renewals_in_its_hash_and_others_keep_theirs() -> None:
    document = fill_identity(load_preset("salon")["notice"], SHOP)
    plain = parse_notice(document)
    material = parse_notice(
        {**document, "material": True, "renew": "marketing_sms, birthday_offers"}
    )
    assert material.renew == ("birthday_offers", "marketing_sms")
    assert "renew" not in plain.as_document()
    assert material.as_document()["renew"] == ["birthday_offers", "marketing_sms"]
    assert parse_notice(material.as_document()) == material
