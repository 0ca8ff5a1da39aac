"""The industry presets parse and keep their promises on purposes, sensitive fields and notice."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from importlib.resources import files
from typing import Any

import pytest

from privault.domain.assessments import (
    ACTIVATED_BY_SHOP,
    Trigger,
    parse_templates,
    purposes_needing,
)
from privault.domain.catalog import (
    Catalog,
    Category,
    FieldClass,
    LawfulBasis,
    MaskRule,
    SearchIndex,
    ValueKind,
    parse_catalog,
)
from privault.domain.notices import parse_notice
from privault.presets import load_assessment_templates

INDUSTRIES = ("retail", "salon", "restaurant")
CONTRACT_PURPOSES = ("service", "membership")
CONSENT_PURPOSES = ("marketing_sms", "marketing_email", "birthday_offers", "personalisation")
NOTICE_ELEMENTS = (
    "processor",
    "contact",
    "purposes",
    "methods",
    "categories",
    "retention",
    "rights",
)
LANGUAGES = ("zh", "en")


def load_document(industry: str) -> dict[str, Any]:
    text = files("privault.presets").joinpath(f"{industry}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_catalog(industry: str) -> Catalog:
    return parse_catalog(load_document(industry))


def notice(industry: str, language: str) -> dict[str, str]:
    elements: dict[str, str] = load_document(industry)["notice"][language]
    return elements


each_industry = pytest.mark.parametrize("industry", INDUSTRIES)


@each_industry
def test_each_preset_parses_as_a_catalog_of_its_own_industry(industry: str) -> None:
    document = load_document(industry)

    assert load_catalog(industry).industry == industry
    assert document["label_zh"].strip()
    assert document["label_en"].strip()


@each_industry
def test_service_and_membership_rest_on_the_contract(industry: str) -> None:
    catalog = load_catalog(industry)

    for key in CONTRACT_PURPOSES:
        assert catalog.purpose(key).lawful_basis is LawfulBasis.CONTRACT
        assert not catalog.purpose(key).needs_separate_consent


@each_industry
def test_marketing_birthday_offers_and_personalisation_need_ordinary_consent(industry: str) -> None:
    catalog = load_catalog(industry)

    for key in CONSENT_PURPOSES:
        assert catalog.purpose(key).lawful_basis is LawfulBasis.CONSENT
        assert not catalog.purpose(key).needs_separate_consent


@each_industry
def test_sensitive_care_needs_separate_consent(industry: str) -> None:
    purpose = load_catalog(industry).purpose("sensitive_care")

    assert purpose.lawful_basis is LawfulBasis.CONSENT
    assert purpose.needs_separate_consent


@each_industry
def test_every_purpose_has_names_descriptions_and_a_retention_period(industry: str) -> None:
    for purpose in load_catalog(industry).purposes.values():
        assert purpose.name_zh.strip()
        assert purpose.name_en.strip()
        assert purpose.description_zh.strip()
        assert purpose.description_en.strip()
        assert 0 < purpose.retention_days <= 3650


@each_industry
def test_name_is_an_identity_field_masked_as_a_name(industry: str) -> None:
    spec = load_catalog(industry).field("name")

    assert (spec.kind, spec.mask, spec.category) == (
        ValueKind.NAME,
        MaskRule.NAME,
        Category.IDENTITY,
    )


@each_industry
def test_mobile_is_unique_and_found_by_exact_number_or_last_four_digits(industry: str) -> None:
    spec = load_catalog(industry).field("mobile")

    assert (spec.kind, spec.mask) == (ValueKind.MOBILE, MaskRule.MOBILE)
    assert set(spec.search) == {SearchIndex.EXACT, SearchIndex.TAIL}
    assert spec.is_unique


@each_industry
def test_email_is_unique_and_found_by_exact_address(industry: str) -> None:
    spec = load_catalog(industry).field("email")

    assert (spec.kind, spec.mask) == (ValueKind.EMAIL, MaskRule.EMAIL)
    assert spec.search == (SearchIndex.EXACT,)
    assert spec.is_unique


@each_industry
def test_birth_date_is_a_demographic_date_masked_to_the_year(industry: str) -> None:
    spec = load_catalog(industry).field("birth_date")

    assert (spec.kind, spec.mask, spec.category) == (
        ValueKind.DATE,
        MaskRule.BIRTH_DATE,
        Category.DEMOGRAPHIC,
    )


@each_industry
def test_gender_offers_female_male_and_other(industry: str) -> None:
    spec = load_catalog(industry).field("gender")

    assert spec.kind is ValueKind.ENUM
    assert set(spec.choices) == {"female", "male", "other"}


@each_industry
def test_address_is_masked_as_an_address(industry: str) -> None:
    spec = load_catalog(industry).field("address")

    assert (spec.kind, spec.mask) == (ValueKind.ADDRESS, MaskRule.ADDRESS)


@each_industry
def test_member_number_is_unique_searchable_and_shows_only_its_tail(industry: str) -> None:
    spec = load_catalog(industry).field("member_no")

    assert (spec.kind, spec.mask) == (ValueKind.MEMBER_NO, MaskRule.TAIL)
    assert spec.search == (SearchIndex.EXACT,)
    assert spec.is_unique
    assert spec.purposes == ("membership",)


@each_industry
def test_resident_id_number_is_sensitive_unique_and_masked(industry: str) -> None:
    spec = load_catalog(industry).field("id_number")

    assert (spec.label_zh, spec.label_en) == ("身份证号", "Resident ID number")
    assert (spec.kind, spec.mask) == (ValueKind.CN_RESIDENT_ID, MaskRule.CN_RESIDENT_ID)
    assert spec.field_class is FieldClass.SENSITIVE
    assert spec.category is Category.IDENTITY
    assert spec.search == (SearchIndex.EXACT,)
    assert spec.is_unique


@pytest.mark.parametrize("industry", ["salon", "restaurant"])
def test_salons_and_restaurants_have_no_purpose_for_a_resident_id_number(industry: str) -> None:
    catalog = load_catalog(industry)

    assert catalog.field("id_number").purposes == ()
    assert not catalog.justifying("id_number", catalog.purposes)


def test_retail_takes_a_resident_id_number_only_for_real_name_registration() -> None:
    catalog = load_catalog("retail")
    purpose = catalog.purpose("real_name_registration")

    assert catalog.field("id_number").purposes == ("real_name_registration",)
    assert purpose.lawful_basis is LawfulBasis.CONSENT
    assert purpose.needs_separate_consent


@each_industry
def test_sensitive_fields_are_justified_only_by_separately_consented_purposes(
    industry: str,
) -> None:
    catalog = load_catalog(industry)

    for spec in catalog.fields.values():
        if spec.is_sensitive:
            assert all(catalog.purpose(key).needs_separate_consent for key in spec.purposes)


@each_industry
def test_identity_contact_and_sensitive_fields_are_never_shown_unmasked(industry: str) -> None:
    for spec in load_catalog(industry).fields.values():
        if spec.is_sensitive or spec.category in (Category.IDENTITY, Category.CONTACT):
            assert spec.mask is not MaskRule.NONE, spec.key


@each_industry
def test_every_field_but_a_refused_id_number_is_justified_by_some_purpose(industry: str) -> None:
    catalog = load_catalog(industry)

    orphans = {key for key, spec in catalog.fields.items() if not spec.purposes}

    assert orphans <= {"id_number"}


@pytest.mark.parametrize(
    ("industry", "field_key"),
    [("salon", "allergies"), ("restaurant", "dietary_restrictions")],
)
def test_health_notes_are_sensitive_hidden_and_kept_only_for_sensitive_care(
    industry: str, field_key: str
) -> None:
    spec = load_catalog(industry).field(field_key)

    assert (spec.field_class, spec.category) == (FieldClass.SENSITIVE, Category.HEALTH)
    assert (spec.kind, spec.mask) == (ValueKind.TEXT, MaskRule.FULL)
    assert spec.purposes == ("sensitive_care",)


@pytest.mark.parametrize(
    ("industry", "field_keys"),
    [
        ("salon", {"hair_type", "skin_type", "allergies"}),
        (
            "restaurant",
            {
                "employer",
                "title",
                "favourite_dishes",
                "dietary_restrictions",
                "plate_number",
                "anniversaries",
            },
        ),
        ("retail", {"clothing_size", "preferred_categories"}),
    ],
)
def test_each_industry_has_the_fields_its_trade_needs(industry: str, field_keys: set[str]) -> None:
    assert field_keys <= set(load_catalog(industry).fields)


def test_salon_hair_and_skin_types_are_preference_choices() -> None:
    catalog = load_catalog("salon")

    for key in ("hair_type", "skin_type"):
        assert catalog.field(key).category is Category.PREFERENCE
        assert catalog.field(key).kind is ValueKind.ENUM


def test_restaurant_plate_number_is_masked_as_a_plate() -> None:
    spec = load_catalog("restaurant").field("plate_number")

    assert (spec.kind, spec.mask) == (ValueKind.PLATE_NUMBER, MaskRule.PLATE_NUMBER)


@each_industry
def test_withdrawing_birthday_offers_keeps_the_birth_date_a_membership_needs(
    industry: str,
) -> None:
    catalog = load_catalog(industry)

    lost = catalog.fields_justified_only_by("birthday_offers", catalog.purposes)

    assert "birth_date" not in lost


@each_industry
def test_withdrawing_sensitive_care_deletes_every_sensitive_note_it_justified(
    industry: str,
) -> None:
    catalog = load_catalog(industry)
    justified = {k for k, spec in catalog.fields.items() if "sensitive_care" in spec.purposes}

    lost = catalog.fields_justified_only_by("sensitive_care", catalog.purposes)

    assert justified
    assert set(lost) == justified


@each_industry
def test_every_enum_choice_has_a_chinese_and_an_english_label(industry: str) -> None:
    for spec in load_catalog(industry).fields.values():
        for labels in spec.choices.values():
            assert len(labels) == 2
            assert all(label.strip() for label in labels)


@each_industry
def test_no_column_header_could_mean_two_different_fields(industry: str) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for spec in load_catalog(industry).fields.values():
        for name in (spec.key, spec.label_zh, spec.label_en):
            owners[name.strip().casefold()].add(spec.key)

    shared = {name: keys for name, keys in owners.items() if len(keys) > 1}

    assert shared == {}


@each_industry
def test_chinese_labels_differ_from_english_labels(industry: str) -> None:
    for spec in load_catalog(industry).fields.values():
        assert spec.label_zh.casefold() != spec.label_en.casefold()


@each_industry
def test_purpose_names_are_distinct(industry: str) -> None:
    purposes = load_catalog(industry).purposes.values()
    names = [p.name_zh for p in purposes] + [p.name_en.casefold() for p in purposes]

    assert len(names) == len(set(names))


@each_industry
def test_the_chinese_mobile_header_resolves_to_the_mobile_field(industry: str) -> None:
    catalog = load_catalog(industry)

    assert catalog.resolve_column("手机号") == "mobile"
    assert catalog.resolve_column(" Mobile ") == "mobile"


@each_industry
def test_the_notice_has_all_seven_elements_in_both_languages(industry: str) -> None:
    document = load_document(industry)

    assert str(document["notice"]["version"]).strip()
    for language in LANGUAGES:
        elements = notice(industry, language)
        assert set(elements) == set(NOTICE_ELEMENTS)
        assert all(elements[key].strip() for key in NOTICE_ELEMENTS)


@each_industry
def test_the_notice_is_accepted_for_publishing(industry: str) -> None:
    published = parse_notice(load_document(industry)["notice"])

    assert published.version == "2026.1"
    assert published.render("zh").strip()
    assert published.render("en").strip()


@each_industry
def test_the_notice_names_every_purpose_in_both_languages(industry: str) -> None:
    zh = notice(industry, "zh")["purposes"]
    en = notice(industry, "en")["purposes"].casefold()

    for purpose in load_catalog(industry).purposes.values():
        assert purpose.name_zh in zh, purpose.key
        assert purpose.name_en.casefold() in en, purpose.key


@each_industry
def test_the_notice_lists_every_field_among_the_categories(industry: str) -> None:
    zh = notice(industry, "zh")["categories"]
    en = notice(industry, "en")["categories"].casefold()

    for spec in load_catalog(industry).fields.values():
        assert spec.label_zh in zh, spec.key
        assert spec.label_en.casefold() in en, spec.key


@each_industry
def test_the_notice_speaks_of_sensitive_information_and_guardians_of_children_under_14(
    industry: str,
) -> None:
    zh = notice(industry, "zh")
    en = notice(industry, "en")

    assert "敏感个人信息" in zh["categories"]
    assert "sensitive personal information" in en["categories"]
    assert "十四周岁" in zh["methods"]
    assert "监护人" in zh["methods"]
    assert "under 14" in en["methods"]
    assert "guardian" in en["methods"]


@each_industry
@pytest.mark.legal("PIPL Art. 23", "PIPL Art. 39")
def test_partner_sharing_and_transfer_abroad_ship_with_separate_consent_and_assessment(
    industry: str,
) -> None:
    catalog = load_catalog(industry)
    sharing = catalog.purpose("partner_sharing")
    abroad = catalog.purpose("cross_border_transfer")
    templates = parse_templates(load_assessment_templates())
    needed = purposes_needing(catalog, templates)

    assert sharing.needs_separate_consent
    assert abroad.needs_separate_consent
    assert sharing.is_sharing  # an opt-out of sale or sharing closes it (CCPA §1798.120)
    assert Trigger.PROVISION in needed["partner_sharing"]
    assert Trigger.CROSS_BORDER in needed["cross_border_transfer"]
    assert {"partner_sharing", "cross_border_transfer"} <= ACTIVATED_BY_SHOP
    assert "未启用时本店不向合作方提供" in sharing.description_zh
    assert "Until then nothing is transferred abroad" in abroad.description_en


@each_industry
@pytest.mark.legal("PIPL Art. 17")
def test_the_notice_tells_the_partner_purposes_apply_only_once_the_shop_activates_them(
    industry: str,
) -> None:
    zh, en = notice(industry, "zh")["purposes"], notice(industry, "en")["purposes"]

    assert "向合作方提供" in zh
    assert "向境外提供" in zh
    assert "只有在本店与接收方签订协议并启用后才适用" in zh
    assert "在此之前，本店不为这两项目的向任何人提供您的信息" in zh
    assert "not in use today" in en
    assert "only once we sign an agreement with a recipient and activate them" in en
    assert "Until then we give your information to no one for these purposes" in en
