"""Variants that bring two spellings of one person together, and keep two people apart."""

from __future__ import annotations

from privault.domain.duplicates import (
    VariantFields,
    VariantKind,
    canonical_email,
    kinds_fed_by,
    one_digit_wildcards,
    pinyin_key,
    variants,
)

FIELDS = VariantFields("name", "mobile", "email", "birth_date")


def _materials(values: dict[str, str], kind: VariantKind) -> set[str]:
    return {v.material for v in variants(FIELDS, values) if v.kind is kind}


def test_homophone_names_share_their_pinyin() -> None:
    assert pinyin_key("张伟") == pinyin_key("章伟") == pinyin_key("Zhang Wei") == "zhangwei"


def test_mobiles_one_digit_apart_share_one_wildcard() -> None:
    shared = set(one_digit_wildcards("13800138000")) & set(one_digit_wildcards("13800138900"))
    assert shared == {"13800138?00"}


def test_mobiles_two_digits_apart_share_no_wildcard() -> None:
    assert not set(one_digit_wildcards("13800138000")) & set(one_digit_wildcards("13800139900"))


def test_gmail_dots_and_tags_are_set_aside_but_other_providers_keep_dots() -> None:
    assert canonical_email("li.wei+shop@googlemail.com") == "liwei@gmail.com"
    assert canonical_email("li.wei+shop@qq.com") == "li.wei+shop@qq.com"
    assert canonical_email("li.wei+shop@outlook.com") == "li.wei@outlook.com"


def test_same_name_and_birth_date_give_the_same_variant_whatever_the_spacing() -> None:
    first = _materials({"name": "王 小明", "birth_date": "1990-03-08"}, VariantKind.NAME_BIRTH)
    second = _materials({"name": "王小明", "birth_date": "1990-03-08"}, VariantKind.NAME_BIRTH)
    assert first == second
    assert len(first) == 1


def test_a_name_alone_gives_no_variant() -> None:
    assert variants(FIELDS, {"name": "王小明"}) == []


def test_pinyin_needs_a_second_attribute_since_homophones_collide() -> None:
    kinds = {v.kind for v in variants(FIELDS, {"name": "王小明", "mobile": "13800138000"})}
    assert kinds == {VariantKind.NAME_MOBILE, VariantKind.PINYIN_TAIL}


def test_removing_the_birth_date_drops_only_the_variants_it_fed() -> None:
    assert kinds_fed_by(FIELDS, ["birth_date"]) == {
        VariantKind.NAME_BIRTH,
        VariantKind.PINYIN_BIRTH,
    }
    assert kinds_fed_by(FIELDS, ["gender"]) == set()
