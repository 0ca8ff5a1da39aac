"""Retention rules: inactivity cut-offs, lapsed consent purposes and the fields they take."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.errors import InvalidInputError
from privault.domain.retention import (
    Lapse,
    PurposeRule,
    RetentionRules,
    erased_digest,
    inactivity_reason,
    lapse_of,
    lapsed_purposes,
    merge_counts,
    parse_batch_size,
    parse_inactive_days,
    purpose_counts,
    rules_for,
)
from privault.presets import load_preset

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
CARE = ("service", "membership", "personalisation", "sensitive_care", "marketing_sms")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    preset = load_preset("salon")
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


def _ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def test_the_rules_cover_the_consent_based_purposes_only(catalog: Catalog) -> None:
    rules = rules_for(catalog, 1095)
    assert [r.purpose for r in rules.purposes] == [
        "birthday_offers",
        "cross_border_transfer",
        "marketing_email",
        "marketing_sms",
        "partner_sharing",
        "personalisation",
        "photo_publication",
        "sensitive_care",
    ]
    assert {r.retention_days for r in rules.purposes} == {730}
    assert rules.inactive_cutoff(NOW) == _ago(1095)
    assert rules.lapse_cutoff(NOW) == _ago(730)
    assert rules.describe()[0] == {"rule": "inactivity", "inactive_days": 1095}


def test_without_consent_purposes_there_is_no_lapse_cutoff() -> None:
    assert RetentionRules(1095, ()).lapse_cutoff(NOW) is None


def test_a_purpose_lapses_once_the_last_activity_is_older_than_its_retention() -> None:
    rules = RetentionRules(1095, (PurposeRule("sms", 730), PurposeRule("email", 365)))
    assert lapsed_purposes(rules, {"sms", "email", "service"}, _ago(400), NOW) == ("email",)
    assert lapsed_purposes(rules, {"sms", "email"}, _ago(731), NOW) == ("sms", "email")
    assert lapsed_purposes(rules, {"sms"}, _ago(730), NOW) == ()
    assert lapsed_purposes(rules, {"service"}, _ago(2000), NOW) == ()


def test_a_lapse_removes_the_fields_only_lapsed_purposes_justified(catalog: Catalog) -> None:
    rules = rules_for(catalog, 1095)
    held = {"name", "mobile", "gender", "allergies", "hair_type"}

    lapse = lapse_of(catalog, rules, "c1", CARE, held, _ago(800), NOW)

    # mobile and hair_type are still justified by service; gender and allergies are not
    assert lapse == Lapse(
        "c1", ("marketing_sms", "personalisation", "sensitive_care"), ("allergies", "gender")
    )


def test_a_lapse_that_removes_no_field_still_ends_the_consent(catalog: Catalog) -> None:
    rules = rules_for(catalog, 1095)
    lapse = lapse_of(catalog, rules, "c1", CARE, {"name", "mobile"}, _ago(800), NOW)
    assert lapse is not None
    assert (lapse.fields, "sensitive_care" in lapse.purposes) == ((), True)
    assert lapse_of(catalog, rules, "c1", CARE, {"gender"}, _ago(700), NOW) is None


def test_the_inactivity_reason_names_the_last_active_day() -> None:
    assert inactivity_reason(datetime(2023, 11, 20, 23, 0, tzinfo=UTC)) == (
        "retention: inactive since 2023-11-20"
    )


@pytest.mark.parametrize("days", [364, 36501, "three", -1])
def test_the_inactive_period_is_at_least_a_year(days: int | str) -> None:
    with pytest.raises(InvalidInputError, match="inactive_days"):
        parse_inactive_days(days)


def test_inactive_periods_and_batch_sizes_in_range_are_accepted() -> None:
    assert parse_inactive_days("365") == 365
    assert parse_batch_size(10_000) == 10_000
    with pytest.raises(InvalidInputError, match="batch_size"):
        parse_batch_size(10_001)


def test_the_erased_digest_is_the_sha256_of_the_sorted_ids() -> None:
    expected = hashlib.sha256(b"a\nb\nc").hexdigest()
    assert erased_digest(["c", "a", "b"]) == expected


def test_counts_per_purpose_add_up_across_batches() -> None:
    first = purpose_counts([Lapse("a", ("sms", "email"), ("x",)), Lapse("b", ("sms",), ("x",))])
    assert first == {"email": 1, "sms": 2}
    assert merge_counts(first, {"sms": 1, "care": 4}) == {"care": 4, "email": 1, "sms": 3}
