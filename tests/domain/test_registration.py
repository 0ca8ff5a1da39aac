"""Preparing a customer: normalised values, minimum collection, separate and guardian consent."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.consents import Guardian, GuardianRelation
from privault.domain.errors import ConsentRequiredError, InvalidInputError
from privault.domain.registration import (
    AGE_OF_CONSENT,
    ConsentAges,
    check_collection,
    is_under_consent_age,
    prepare_customer,
)
from privault.presets import load_preset

TODAY = date(2026, 11, 23)
CHILD_ID = "110105201506011238"  # born 2015-06-01
FOURTEENTH_BIRTHDAY = date(2029, 6, 1)
MOTHER = Guardian("王芳", GuardianRelation.MOTHER)


def _catalog(industry: str) -> Catalog:
    preset = load_preset(industry)
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


@pytest.fixture(scope="module")
def salon() -> Catalog:
    return _catalog("salon")


@pytest.fixture(scope="module")
def retail() -> Catalog:
    return _catalog("retail")


def test_values_are_normalised_and_purposes_kept(salon: Catalog) -> None:
    prepared = prepare_customer(
        salon,
        {"name": " 张三丰 ", "mobile": "+86 138-1234-5678", "email": "Zhang@Example.COM"},
        ["service", "membership", "service"],
        None,
        today=TODAY,
    )
    assert prepared.values == {
        "name": "张三丰",
        "mobile": "13812345678",
        "email": "zhang@example.com",
    }
    assert prepared.purposes == frozenset({"service", "membership"})
    assert not prepared.is_minor
    assert prepared.warnings == ()


@pytest.mark.legal("PIPL Art. 6", "GB/T 35273-2020 §5.2")
def test_a_field_no_agreed_purpose_justifies_is_refused(salon: Catalog) -> None:
    with pytest.raises(ConsentRequiredError, match="membership, marketing_email") as raised:
        prepare_customer(
            salon, {"name": "李四", "email": "li@example.com"}, ["service"], None, today=TODAY
        )
    assert raised.value.field == "email"


def test_a_field_no_purpose_of_the_business_justifies_is_refused(salon: Catalog) -> None:
    everything = list(salon.purposes)
    with pytest.raises(InvalidInputError, match="no purpose of this business") as raised:
        prepare_customer(salon, {"id_number": "11010519491231002X"}, everything, None, today=TODAY)
    assert raised.value.field == "id_number"
    assert not isinstance(raised.value, ConsentRequiredError)


@pytest.mark.legal("PIPL Art. 29", "GDPR Art. 9")
def test_a_sensitive_field_without_its_separate_consent_is_refused(salon: Catalog) -> None:
    ordinary = [p for p, purpose in salon.purposes.items() if not purpose.needs_separate_consent]
    with pytest.raises(ConsentRequiredError, match="separate consent") as raised:
        prepare_customer(salon, {"allergies": "花粉"}, ordinary, None, today=TODAY)
    assert raised.value.field == "allergies"


def test_a_sensitive_field_with_its_separate_consent_is_accepted(salon: Catalog) -> None:
    prepared = prepare_customer(
        salon, {"allergies": "对染发剂过敏"}, ["sensitive_care"], None, today=TODAY
    )
    assert prepared.values == {"allergies": "对染发剂过敏"}


def test_an_unknown_purpose_is_refused(salon: Catalog) -> None:
    with pytest.raises(InvalidInputError, match="unknown purpose 'spam'") as raised:
        prepare_customer(salon, {"name": "李四"}, ["service", "spam"], None, today=TODAY)
    assert raised.value.field == "purpose"


def test_no_purpose_at_all_is_refused(salon: Catalog) -> None:
    with pytest.raises(ConsentRequiredError) as raised:
        prepare_customer(salon, {"name": "李四"}, [], None, today=TODAY)
    assert raised.value.field == "consent"


def test_an_unknown_field_is_refused(salon: Catalog) -> None:
    with pytest.raises(InvalidInputError, match="not a field") as raised:
        prepare_customer(salon, {"shoe_size": "42"}, ["service"], None, today=TODAY)
    assert raised.value.field == "shoe_size"


def test_an_invalid_value_is_refused_naming_the_field(salon: Catalog) -> None:
    with pytest.raises(InvalidInputError) as raised:
        prepare_customer(salon, {"mobile": "12812345678"}, ["service"], None, today=TODAY)
    assert raised.value.field == "mobile"
    assert "12812345678" not in raised.value.message


@pytest.mark.parametrize(
    ("today", "is_minor"),
    [
        (date(2029, 5, 31), True),
        (FOURTEENTH_BIRTHDAY, False),
        (date(2029, 6, 2), False),
        (date(2015, 6, 1), True),
    ],
)
@pytest.mark.legal("PIPL Art. 31")
def test_age_from_the_birth_date_decides_guardian_consent(
    salon: Catalog, today: date, is_minor: bool
) -> None:
    values = {"name": "王小明", "birth_date": "2015-06-01"}
    prepared = prepare_customer(salon, values, ["membership"], MOTHER, today=today)
    assert prepared.is_minor is is_minor
    if is_minor:
        with pytest.raises(ConsentRequiredError, match="under 14") as raised:
            prepare_customer(salon, values, ["membership"], None, today=today)
        assert raised.value.field == "guardian_name"
    else:
        assert not prepare_customer(salon, values, ["membership"], None, today=today).is_minor


@pytest.mark.parametrize(
    ("today", "is_minor"), [(date(2029, 5, 31), True), (FOURTEENTH_BIRTHDAY, False)]
)
@pytest.mark.legal("PIPL Art. 31")
def test_age_from_a_resident_id_decides_guardian_consent(
    retail: Catalog, today: date, is_minor: bool
) -> None:
    values = {"name": "王小明", "id_number": CHILD_ID}
    purposes = ["service", "real_name_registration"]
    assert prepare_customer(retail, values, purposes, MOTHER, today=today).is_minor is is_minor
    if is_minor:
        with pytest.raises(ConsentRequiredError) as raised:
            prepare_customer(retail, values, purposes, None, today=today)
        assert raised.value.field == "guardian_name"
    else:
        assert not prepare_customer(retail, values, purposes, None, today=today).is_minor


def test_an_adult_without_birth_data_needs_no_guardian(salon: Catalog) -> None:
    prepared = prepare_customer(salon, {"name": "张三"}, ["service"], None, today=TODAY)
    assert not prepared.is_minor


def test_the_age_of_consent_is_14() -> None:
    assert AGE_OF_CONSENT == 14


def test_any_under_age_birth_value_makes_the_customer_a_minor(retail: Catalog) -> None:
    values = {"birth_date": "1990-03-07", "id_number": CHILD_ID}
    assert is_under_consent_age(retail, values, today=TODAY)


@pytest.mark.legal("PIPL Art. 6", "GB/T 35273-2020 §5.2")
def test_minimum_collection_checks_every_field(salon: Catalog) -> None:
    check_collection(salon, ["name", "mobile"], {"service"})
    with pytest.raises(ConsentRequiredError) as raised:
        check_collection(salon, ["name", "mobile", "gender"], {"service"})
    assert raised.value.field == "gender"


# --- the guardian's age by regime (issue 14: CN under 14, EU 16 or the member state's 13-15,
# CA: under 13 a parent opts in to sale or sharing) -------------------------------------------

FIFTEEN = {"name": "王小明", "birth_date": "2011-06-01"}  # 15 on TODAY
TWELVE = {"name": "王小明", "birth_date": "2014-06-01"}  # 12 on TODAY


@pytest.fixture(scope="module")
def sharing_salon() -> Catalog:
    preset = load_preset("salon")
    preset["purposes"]["partner_offers"] = {
        "name_zh": "合作伙伴优惠",
        "name_en": "Partner offers",
        "lawful_basis": "consent",
        "separate_consent": True,
        "retention_days": 365,
        "shares_with": "Acme Spa Ltd",
    }
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


def _needs_guardian(
    catalog: Catalog, values: dict[str, str], purposes: list[str], ages: ConsentAges
) -> bool:
    """Whether registering without a guardian is refused (for the guardian, by name)."""
    field = None
    try:
        prepare_customer(catalog, values, purposes, None, today=TODAY, ages=ages)
    except ConsentRequiredError as refused:
        field = refused.field
    assert field in (None, "guardian_name")
    return field is not None


@pytest.mark.legal("GDPR Art. 8")
def test_an_eu_customer_of_15_needs_a_guardian_where_a_cn_one_does_not(salon: Catalog) -> None:
    assert _needs_guardian(salon, FIFTEEN, ["membership"], ConsentAges(frozenset({"EU"})))
    assert _needs_guardian(salon, FIFTEEN, ["membership"], ConsentAges(frozenset({"CN", "EU"})))
    assert not _needs_guardian(salon, FIFTEEN, ["membership"], ConsentAges(frozenset({"CN"})))


@pytest.mark.legal("GDPR Art. 8")
def test_a_member_state_age_of_13_lets_a_15_year_old_consent(salon: Catalog) -> None:
    assert not _needs_guardian(salon, FIFTEEN, ["membership"], ConsentAges(frozenset({"EU"}), 13))


def test_the_refusal_names_the_age_that_applies(salon: Catalog) -> None:
    with pytest.raises(ConsentRequiredError, match="under 16"):
        prepare_customer(
            salon, FIFTEEN, ["membership"], None, today=TODAY, ages=ConsentAges(frozenset({"EU"}))
        )


@pytest.mark.legal("CCPA §1798.120")
def test_a_ca_child_under_13_needs_a_parent_only_for_sale_or_sharing(
    sharing_salon: Catalog,
) -> None:
    california = ConsentAges(frozenset({"CA"}))
    assert not _needs_guardian(sharing_salon, TWELVE, ["membership"], california)
    assert _needs_guardian(sharing_salon, TWELVE, ["membership", "partner_offers"], california)
    # From 13 to 15 the consumer opts in personally, which every consent here is.
    assert not _needs_guardian(sharing_salon, FIFTEEN, ["membership", "partner_offers"], california)


def test_the_guardian_age_is_the_highest_of_the_regimes_that_apply(sharing_salon: Catalog) -> None:
    offers = [sharing_salon.purpose("partner_offers")]
    assert ConsentAges(frozenset({"CN"})).guardian_below(offers) == 14
    assert ConsentAges(frozenset({"CN", "EU"})).guardian_below(offers) == 16
    assert ConsentAges(frozenset({"CN", "CA"}), 13).guardian_below(offers) == 14
    assert ConsentAges(frozenset({"CA"})).guardian_below([]) == 0
