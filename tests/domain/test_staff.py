"""Staff rules: account names, passwords, training expiry and clearance."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.policy import TOTP_ROLES
from privault.domain.staff import (
    LOCK_MINUTES,
    MAX_FAILED_SIGN_INS,
    PASSWORD_MAX,
    PASSWORD_MIN,
    SESSION_HOURS,
    TrainingRecord,
    check_password,
    clearance_gap,
    generate_password,
    lock_deadline,
    needs_totp,
    parse_staff_name,
    training_expiry,
)

TODAY = date(2026, 11, 23)


def _trained(on: date) -> TrainingRecord:
    return TrainingRecord("PIPL basics", on, training_expiry(on))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("li.na", "li.na"), ("  Li.Na ", "li.na"), ("wang_wu-2", "wang_wu-2"), ("ab", "ab")],
)
def test_staff_names_are_trimmed_and_lowercased(raw: str, clean: str) -> None:
    assert parse_staff_name(raw) == clean


def test_a_staff_name_may_have_32_characters_but_not_33() -> None:
    assert parse_staff_name("a" * 32) == "a" * 32
    with pytest.raises(InvalidInputError) as refused:
        parse_staff_name("a" * 33)
    assert refused.value.field == "name"


@pytest.mark.parametrize("raw", ["a", "", "1li", ".li", "li na", "李娜", "li@na", "li/na"])
def test_a_bad_staff_name_is_refused_naming_the_field(raw: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_staff_name(raw)
    assert refused.value.field == "name"
    assert "lowercase letters" in refused.value.reason


def test_a_password_of_the_minimum_and_maximum_length_is_accepted() -> None:
    check_password("quiet-harbour"[:PASSWORD_MIN], "li.na")
    check_password(("rainy monday tea " * 10)[:PASSWORD_MAX], "li.na")


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("quiet-har", "at least 10 characters"),
        ("rainy monday tea " * 8, "at most 128 characters"),
        ("my name is li.na ok", "account name"),
        ("MY NAME IS LI.NA OK", "account name"),
        ("password123", "too easy to guess"),
        ("PassWord123", "too easy to guess"),
        ("woaini1314", "too easy to guess"),
        ("abcabcabcabc", "too easy to guess"),
        ("1111111111111", "too easy to guess"),
    ],
)
def test_each_password_rule_refuses_naming_the_password_field(password: str, why: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        check_password(password, "li.na")
    assert refused.value.field == "password"
    assert why in refused.value.reason
    assert password not in str(refused.value)


def test_four_distinct_characters_are_enough() -> None:
    check_password("abcdabcdabcd", "li.na")


def test_generated_passwords_are_four_readable_groups_that_pass_the_rules() -> None:
    generated = [generate_password() for _ in range(200)]
    for password in generated:
        assert re.fullmatch(r"[a-z2-9]{4}(-[a-z2-9]{4}){3}", password)
        assert not set(password) & set("01ilo")
        check_password(password, "li.na")
    assert len(set(generated)) == len(generated)


def test_the_three_roles_that_handle_accounts_or_all_records_need_a_second_factor() -> None:
    assert frozenset({"privacy_officer", "store_manager", "admin"}) == TOTP_ROLES
    for role in TOTP_ROLES:
        assert needs_totp({"front_desk", role}, TOTP_ROLES)
    assert not needs_totp({"front_desk", "service_staff", "marketing", "auditor"}, TOTP_ROLES)
    assert not needs_totp(set(), TOTP_ROLES)


@pytest.mark.parametrize(
    ("completed", "months", "expires"),
    [
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2025, 11, 23), 12, date(2026, 11, 23)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2027, 2, 28), 12, date(2028, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 1, 31), 13, date(2028, 2, 29)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_training_expires_the_same_day_later_or_at_the_end_of_a_shorter_month(
    completed: date, months: int, expires: date
) -> None:
    assert training_expiry(completed, months) == expires


def test_training_is_valid_for_twelve_months_by_default() -> None:
    assert training_expiry(date(2026, 3, 31)) == date(2027, 3, 31)


def test_no_training_is_a_clearance_gap_naming_the_command() -> None:
    gap = clearance_gap([], [TODAY], TODAY)
    assert gap is not None
    assert "no privacy training" in gap
    assert "privault staff train" in gap


def test_training_and_a_signed_agreement_clear_a_staff_member() -> None:
    assert clearance_gap([_trained(date(2026, 1, 10))], [date(2026, 1, 10)], TODAY) is None


def test_training_still_counts_on_its_expiry_day_and_not_the_day_after() -> None:
    record = _trained(date(2025, 11, 23))
    assert record.expires_on == TODAY
    assert clearance_gap([record], [TODAY], TODAY) is None
    gap = clearance_gap([record], [TODAY], TODAY + timedelta(days=1))
    assert gap == (
        "privacy training expired on 2026-11-23 (privault staff train NAME --course ...)"
    )


def test_the_latest_training_counts_whatever_the_order_of_records() -> None:
    old, renewed = _trained(date(2024, 5, 1)), _trained(date(2026, 5, 1))
    assert clearance_gap([renewed, old], [date(2024, 5, 1)], TODAY) is None
    assert clearance_gap([old, renewed], [date(2024, 5, 1)], TODAY) is None


def test_a_missing_agreement_is_a_gap_even_when_trained() -> None:
    gap = clearance_gap([_trained(date(2026, 6, 1))], [], TODAY)
    assert gap is not None
    assert "no signed confidentiality agreement" in gap
    assert "privault staff sign-agreement" in gap


def test_an_agreement_dated_after_today_does_not_count_yet() -> None:
    gap = clearance_gap([_trained(date(2026, 6, 1))], [TODAY + timedelta(days=1)], TODAY)
    assert gap is not None
    assert "confidentiality agreement" in gap


def test_expired_training_is_named_before_a_missing_agreement() -> None:
    gap = clearance_gap([_trained(date(2024, 1, 1))], [], TODAY)
    assert gap is not None
    assert gap.startswith("privacy training expired on 2025-01-01")


def test_a_lock_lasts_fifteen_minutes_after_five_failures() -> None:
    now = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert (MAX_FAILED_SIGN_INS, LOCK_MINUTES, SESSION_HOURS) == (5, 15, 12)
    assert lock_deadline(now) == datetime(2026, 11, 23, 9, 45, tzinfo=UTC)
