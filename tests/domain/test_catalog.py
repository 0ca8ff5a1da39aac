"""The field catalog: unjustifiable or unmasked fields refused, Art. 47 deletion sets, indexes."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from privault.domain.catalog import (
    Catalog,
    Category,
    LawfulBasis,
    SearchIndex,
    index_name,
    parse_catalog,
    serving_fields,
)
from privault.domain.errors import ConfigurationError, InvalidInputError
from privault.presets import load_preset


def _document() -> dict[str, Any]:
    return {
        "industry": "test",
        "purposes": {
            "service": {
                "name_zh": "服务履行",
                "name_en": "Service delivery",
                "lawful_basis": "contract",
                "retention_days": 365,
            },
            "care": {
                "name_zh": "过敏关怀",
                "name_en": "Allergy care",
                "lawful_basis": "consent",
                "separate_consent": True,
                "retention_days": 365,
            },
        },
        "fields": {
            "mobile": {
                "label_zh": "手机号",
                "label_en": "Mobile",
                "category": "contact",
                "class": "general",
                "kind": "mobile",
                "mask": "mobile",
                "purposes": ["service"],
                "search": ["exact", "tail"],
                "unique": True,
            },
            "allergies": {
                "label_zh": "过敏情况",
                "label_en": "Allergies",
                "category": "health",
                "class": "sensitive",
                "kind": "text",
                "mask": "full",
                "purposes": ["care"],
            },
        },
    }


def _with_field(**changes: Any) -> dict[str, Any]:
    document = _document()
    document["fields"]["extra"] = {
        "label_zh": "备注",
        "label_en": "Note",
        "category": "preference",
        "class": "general",
        "kind": "text",
        "mask": "text",
        "purposes": ["service"],
        **changes,
    }
    return document


def _salon() -> Catalog:
    preset = load_preset("salon")
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


def test_a_well_formed_catalog_parses() -> None:
    catalog = parse_catalog(_document())
    mobile = catalog.field("mobile")
    assert (mobile.search, mobile.is_unique, mobile.retention_days) == (
        (SearchIndex.EXACT, SearchIndex.TAIL),
        True,
        None,
    )
    assert catalog.field("allergies").is_sensitive
    assert catalog.purpose("care").needs_separate_consent
    assert catalog.purpose("care").needs_consent
    assert not catalog.purpose("service").needs_consent
    assert catalog.purpose("service").lawful_basis is LawfulBasis.CONTRACT


def test_a_field_naming_an_unknown_purpose_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="field extra: unknown purpose 'spam'"):
        parse_catalog(_with_field(purposes=["service", "spam"]))


def test_a_sensitive_field_justified_by_an_ordinary_purpose_is_refused() -> None:
    document = _with_field(
        **{"class": "sensitive", "mask": "full", "purposes": ["care", "service"]}
    )
    with pytest.raises(ConfigurationError, match="purpose 'service' does not ask for separate"):
        parse_catalog(document)


@pytest.mark.parametrize(
    ("category", "field_class"),
    [("identity", "general"), ("contact", "general"), ("preference", "sensitive")],
)
def test_an_identity_contact_or_sensitive_field_must_be_masked(
    category: str, field_class: str
) -> None:
    document = _with_field(
        category=category, mask="none", purposes=["care"], **{"class": field_class}
    )
    with pytest.raises(ConfigurationError, match="must be masked"):
        parse_catalog(document)


def test_an_ordinary_preference_may_be_shown_unmasked() -> None:
    assert parse_catalog(_with_field(mask="none")).field("extra").mask.value == "none"


def test_an_enum_field_without_choices_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="an enum field needs choices"):
        parse_catalog(_with_field(kind="enum"))


def test_an_enum_field_with_choices_is_accepted() -> None:
    catalog = parse_catalog(_with_field(kind="enum", choices={"a": ["甲", "A"]}))
    assert catalog.field("extra").choices == {"a": ("甲", "A")}


def test_contact_data_is_never_a_serving_field() -> None:
    document = _with_field(category="contact", mask="text", serving=True)
    with pytest.raises(ConfigurationError, match="field extra: contact data is never shown"):
        parse_catalog(document)


@pytest.mark.parametrize(
    ("industry", "expected"),
    [
        ("salon", ["hair_type", "skin_type", "allergies"]),
        (
            "restaurant",
            ["title", "favourite_dishes", "favourite_drinks", "seating", "dietary_restrictions"],
        ),
        ("retail", []),
    ],
)
def test_serving_staff_see_the_preset_fields_serving_needs_and_no_contact(
    industry: str, expected: list[str]
) -> None:
    preset = load_preset(industry)
    catalog = parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})
    shown = serving_fields(catalog)
    assert [spec.key for spec in shown] == expected
    assert not {spec.category for spec in shown} & {Category.CONTACT}
    assert not catalog.field("name").serving


def test_every_name_field_gets_a_surname_index_the_catalog_need_not_list() -> None:
    salon = _salon()
    plan = {name: (key, kind, unique) for key, name, kind, unique in salon.index_plan}
    assert plan["name_surname"] == ("name", SearchIndex.SURNAME, False)
    assert salon.index_kinds["name_surname"] is SearchIndex.SURNAME
    assert salon.surname_index == "name_surname"
    assert salon.field("name").index_names() == ("name_surname",)
    listed = parse_catalog(_with_field(kind="name", mask="name", search=["surname"]))
    assert listed.field("extra").index_names() == ("extra_surname",)  # listed once, not twice
    assert parse_catalog(_with_field()).field("extra").index_names() == ()


def test_a_surname_index_on_a_field_not_masked_as_a_name_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="only names have a surname index"):
        parse_catalog(_with_field(search=["surname"]))


def test_a_tail_index_on_a_field_that_is_not_a_mobile_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="only mobile numbers have a tail index"):
        parse_catalog(_with_field(search=["tail"]))


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("industry"),
        lambda d: d["fields"]["mobile"].pop("label_en"),
        lambda d: d["fields"]["mobile"].update(category="secret"),
        lambda d: d["fields"]["mobile"].update({"class": "unclassified"}),
        lambda d: d["fields"]["mobile"].update(kind="blob"),
        lambda d: d["fields"]["mobile"].update(search=["fuzzy"]),
        lambda d: d["purposes"]["care"].update(lawful_basis="legitimate_interest"),
        lambda d: d["purposes"]["care"].update(retention_days="forever"),
    ],
)
def test_a_malformed_or_unclassified_catalog_is_refused(breakage: Any) -> None:
    document = copy.deepcopy(_document())
    breakage(document)
    with pytest.raises(ConfigurationError, match="catalog is malformed"):
        parse_catalog(document)


def test_unknown_field_and_purpose_lookups_are_refused_naming_what_is_known() -> None:
    catalog = parse_catalog(_document())
    with pytest.raises(InvalidInputError, match="known fields: mobile, allergies") as field:
        catalog.field("shoe_size")
    assert field.value.field == "shoe_size"
    with pytest.raises(InvalidInputError, match="known purposes: service, care") as purpose:
        catalog.purpose("spam")
    assert purpose.value.field == "purpose"


def test_withdrawing_a_purpose_dooms_only_the_fields_nothing_else_justifies() -> None:
    salon = _salon()
    assert salon.fields_justified_only_by("sensitive_care", {"service"}) == ["allergies"]
    assert salon.fields_justified_only_by("marketing_email", {"service", "membership"}) == []
    assert salon.fields_justified_only_by("marketing_email", {"service"}) == ["email"]
    assert sorted(salon.fields_justified_only_by("membership", {"service"})) == [
        "address",
        "birth_date",
        "email",
        "member_no",
    ]
    assert sorted(salon.fields_justified_only_by("membership", {"service", "birthday_offers"})) == [
        "address",
        "email",
        "member_no",
    ]


def test_the_withdrawn_purpose_does_not_justify_itself() -> None:
    salon = _salon()
    assert salon.fields_justified_only_by("sensitive_care", {"sensitive_care"}) == ["allergies"]


def test_a_field_without_purposes_is_never_doomed() -> None:
    salon = _salon()
    assert all("id_number" not in salon.fields_justified_only_by(p, set()) for p in salon.purposes)


def test_searchable_names_each_blind_index_with_its_field() -> None:
    searchable = {name: spec.key for name, spec in _salon().searchable().items()}
    assert searchable == {
        "name_surname": "name",  # every name field, without the catalog asking (issue 18.7)
        "mobile": "mobile",
        "mobile_tail": "mobile",
        "email": "email",
        "member_no": "member_no",
        "id_number": "id_number",
    }


def test_index_names_are_the_field_key_or_key_and_kind() -> None:
    assert index_name("mobile", SearchIndex.EXACT) == "mobile"
    assert index_name("mobile", SearchIndex.TAIL) == "mobile_tail"


def test_a_column_header_resolves_by_key_or_label_in_any_case() -> None:
    salon = _salon()
    assert [salon.resolve_column(h) for h in ["MOBILE", "手机号", " date of birth ", "鞋码"]] == [
        "mobile",
        "mobile",
        "birth_date",
        None,
    ]


def test_justifying_gives_the_agreed_purposes_that_cover_a_field() -> None:
    salon = _salon()
    assert salon.justifying("mobile", {"service", "marketing_sms", "sensitive_care"}) == {
        "service",
        "marketing_sms",
    }
