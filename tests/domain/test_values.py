"""Tests for normalising and validating field values (DESIGN §10 vectors included)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from privault.domain.catalog import Category, FieldClass, FieldSpec, MaskRule, ValueKind
from privault.domain.errors import InvalidInputError
from privault.domain.values import (
    Normalised,
    age_on,
    birth_date_from_id,
    mobile_tail,
    normalise,
)

TODAY = date(2025, 6, 1)


def make_spec(
    kind: ValueKind,
    *,
    key: str = "value",
    category: Category = Category.OTHER,
    choices: Mapping[str, tuple[str, ...]] | None = None,
) -> FieldSpec:
    return FieldSpec(
        key=key,
        label_zh="值",
        label_en="Value",
        category=category,
        field_class=FieldClass.GENERAL,
        kind=kind,
        mask=MaskRule.FULL,
        purposes=("membership",),
        choices=choices or {},
    )


def accepted(
    kind: ValueKind,
    raw: str,
    *,
    category: Category = Category.OTHER,
    choices: Mapping[str, tuple[str, ...]] | None = None,
) -> str:
    return normalise(make_spec(kind, category=category, choices=choices), raw, today=TODAY).value


def refusal(
    kind: ValueKind,
    raw: str,
    *,
    category: Category = Category.OTHER,
    choices: Mapping[str, tuple[str, ...]] | None = None,
) -> InvalidInputError:
    spec = make_spec(kind, category=category, choices=choices)
    with pytest.raises(InvalidInputError) as caught:
        normalise(spec, raw, today=TODAY)
    assert caught.value.field == spec.key
    return caught.value


# --- common rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(ValueKind))
@pytest.mark.parametrize("raw", ["", "   ", "\u3000"])
def test_empty_value_is_refused_for_every_kind(kind: ValueKind, raw: str) -> None:
    assert "is empty" in refusal(kind, raw).reason


def test_refusal_names_the_field() -> None:
    with pytest.raises(InvalidInputError, match=r"^mobile: "):
        normalise(make_spec(ValueKind.MOBILE, key="mobile"), "12345", today=TODAY)


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        (ValueKind.MOBILE, "12812345678"),
        (ValueKind.MOBILE, "+44 1234"),
        (ValueKind.LANDLINE, "0755-12"),
        (ValueKind.EMAIL, "zhang#san@@example.com"),
        (ValueKind.CN_RESIDENT_ID, "110105194912310021"),
        (ValueKind.CN_RESIDENT_ID, "110105194902301234"),
        (ValueKind.DATE, "1990-02-30"),
        (ValueKind.MONEY, "-12.5"),
        (ValueKind.PLATE_NUMBER, "XX12345"),
        (ValueKind.BANK_CARD, "62220212"),
        (ValueKind.NAME, "张三3"),
        (ValueKind.MEMBER_NO, "VIP 0001!"),
    ],
)
def test_refusal_message_never_contains_the_value(kind: ValueKind, raw: str) -> None:
    error = refusal(kind, raw)
    assert raw not in str(error)
    assert raw.replace(" ", "") not in str(error)


def test_full_width_characters_are_folded_to_ascii() -> None:
    assert accepted(ValueKind.MOBILE, "１３８１２３４５６７８") == "13812345678"
    assert accepted(ValueKind.MEMBER_NO, "ｖｉｐ－００１") == "VIP-001"


# --- mobile -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        "+86 138-1234-5678",
        "0086 138 1234 5678",
        "+86(138)1234.5678",
        "＋８６ １３８－１２３４－５６７８",
        " 138 1234 5678 ",
        "8613812345678",
        "+86 (0)138 1234 5678",
        "0086 0138-1234-5678",
    ],
)
def test_mainland_mobile_with_prefixes_and_separators_is_normalised(raw: str) -> None:
    assert accepted(ValueKind.MOBILE, raw) == "13812345678"


@pytest.mark.parametrize(
    "raw",
    [
        "12812345678",
        "1381234567",
        "138123456789",
        "+86 755 8601 3388",
        "1381234567a",
        "8713812345678",
        "86 0 0 13812345678",
    ],
)
def test_invalid_mainland_mobile_is_refused_with_the_expected_format(raw: str) -> None:
    assert "expected 11 digits starting 13-19" in refusal(ValueKind.MOBILE, raw).reason


@pytest.mark.parametrize("raw", ["14012345678", "141 2345 6789", "+86 144 1234 5678"])
def test_machine_numbers_are_refused_as_a_persons_mobile(raw: str) -> None:
    error = refusal(ValueKind.MOBILE, raw)
    assert "IoT range 140-144" in error.reason
    assert raw.replace(" ", "") not in str(error)


@pytest.mark.parametrize("raw", ["15412345678", "16012345678", "19412345678"])
def test_a_mobile_in_an_unallocated_range_is_kept_with_a_warning(raw: str) -> None:
    result = normalise(make_spec(ValueKind.MOBILE, key="mobile"), raw, today=TODAY)
    assert result.value == raw
    assert result.warnings == ("is in a range no carrier has been given; check the number",)


def test_an_allocated_mobile_has_no_warning() -> None:
    for raw in ("13812345678", "19912345678", "16612345678", "14712345678"):
        assert normalise(make_spec(ValueKind.MOBILE), raw, today=TODAY).warnings == ()


@pytest.mark.parametrize("raw", ["+44 7911 123456", "0044 7911 123456", "+44-7911-123456"])
def test_foreign_mobile_is_stored_in_e164(raw: str) -> None:
    assert accepted(ValueKind.MOBILE, raw) == "+447911123456"


@pytest.mark.parametrize("raw", ["+44 20 7946 0958", "+44 7911", "+999 1234567"])
def test_foreign_number_that_is_not_a_valid_mobile_is_refused(raw: str) -> None:
    refusal(ValueKind.MOBILE, raw)


def test_mobile_tail_is_the_last_four_digits() -> None:
    assert mobile_tail("13812345678") == "5678"
    assert mobile_tail("+447911123456") == "3456"


# --- landline -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["0755-86013388", "075586013388", "(0755)86013388", "+86 755 8601 3388", "0755 8601 3388"],
)
def test_landline_spellings_are_stored_with_area_code_and_dash(raw: str) -> None:
    assert accepted(ValueKind.LANDLINE, raw) == "0755-86013388"


def test_landline_with_three_digit_area_code_keeps_it() -> None:
    assert accepted(ValueKind.LANDLINE, "010 6552 9988") == "010-65529988"


def test_mobile_entered_as_landline_is_refused() -> None:
    assert "is a mobile number" in refusal(ValueKind.LANDLINE, "13812345678").reason


@pytest.mark.parametrize("raw", ["0755-12", "0755-8601338", "landline", "+44 20 7946 0958"])
def test_invalid_landline_is_refused(raw: str) -> None:
    assert "not a valid mainland landline" in refusal(ValueKind.LANDLINE, raw).reason


# --- email --------------------------------------------------------------------------------------


def test_email_is_stored_fully_lower_cased() -> None:
    assert accepted(ValueKind.EMAIL, " ZhangSan@Example.COM ") == "zhangsan@example.com"


@pytest.mark.parametrize("raw", ["zhangsan", "zhang san@example.com", "a@localhost", "a@@b.com"])
def test_invalid_email_is_refused(raw: str) -> None:
    assert "not a valid email address" in refusal(ValueKind.EMAIL, raw).reason


# --- resident ID --------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["11010519491231002X", "110105201506011238"])
def test_valid_resident_ids_are_accepted(raw: str) -> None:
    assert accepted(ValueKind.CN_RESIDENT_ID, raw) == raw


# DESIGN §10 lists 440524188001010014 (GB 11643's own example, born 1880) as valid; issue 14
# sets the earliest birth year at 1900, as for birth dates: nobody born before it is a customer.
@pytest.mark.parametrize(
    "raw", ["110105000101010017", "110105170001010011", "110105189912310015", "440524188001010014"]
)
def test_a_resident_id_born_before_1900_is_refused(raw: str) -> None:
    error = refusal(ValueKind.CN_RESIDENT_ID, raw)
    assert "before 1900" in error.reason
    assert raw not in str(error)


@pytest.mark.parametrize("raw", ["990105194912310023", "11019919491231002X"])
def test_an_unknown_region_code_is_kept_with_a_warning(raw: str) -> None:
    result = normalise(make_spec(ValueKind.CN_RESIDENT_ID), raw, today=TODAY)
    assert result.value == raw
    assert result.warnings == (
        "has a region code (digits 1-6) no register lists; check it against the card",
    )


def test_a_known_region_code_has_no_warning() -> None:
    assert (
        normalise(make_spec(ValueKind.CN_RESIDENT_ID), "11010519491231002X", today=TODAY).warnings
        == ()
    )


def test_lower_case_x_in_resident_id_is_upper_cased() -> None:
    assert accepted(ValueKind.CN_RESIDENT_ID, "11010519491231002x") == "11010519491231002X"


def test_resident_id_with_wrong_check_character_is_refused() -> None:
    assert "check character" in refusal(ValueKind.CN_RESIDENT_ID, "110105194912310021").reason


def test_resident_id_with_impossible_birth_date_is_refused() -> None:
    assert "impossible birth date" in refusal(ValueKind.CN_RESIDENT_ID, "110105194902301234").reason


def test_resident_id_born_after_today_is_refused() -> None:
    born_tomorrow = "110105202506020000"
    assert "in the future" in refusal(ValueKind.CN_RESIDENT_ID, born_tomorrow).reason


@pytest.mark.parametrize("raw", ["1101051949123100", "1101051949123100XX", "11010519491231002Y"])
def test_resident_id_with_wrong_length_or_characters_is_refused(raw: str) -> None:
    assert "expected 17 digits" in refusal(ValueKind.CN_RESIDENT_ID, raw).reason


def test_old_fifteen_digit_resident_id_is_refused_asking_for_eighteen() -> None:
    assert "18-character" in refusal(ValueKind.CN_RESIDENT_ID, "110105491231002").reason


def test_birth_date_comes_from_id_digits_seven_to_fourteen() -> None:
    assert birth_date_from_id("110105201506011238") == date(2015, 6, 1)


@pytest.mark.parametrize(
    ("today", "age"),
    [(date(2029, 5, 31), 13), (date(2029, 6, 1), 14), (date(2015, 6, 1), 0)],
)
def test_age_counts_completed_years(today: date, age: int) -> None:
    assert age_on(date(2015, 6, 1), today) == age


def test_leap_day_birthday_is_reached_on_first_of_march() -> None:
    assert age_on(date(2000, 2, 29), date(2001, 2, 28)) == 0
    assert age_on(date(2000, 2, 29), date(2001, 3, 1)) == 1


# --- date ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw", ["1990-03-07", "1990/03/07", "1990.03.07", "19900307", "1990年3月7日", "1990-3-7"]
)
def test_date_spellings_are_stored_as_iso(raw: str) -> None:
    assert accepted(ValueKind.DATE, raw) == "1990-03-07"


@pytest.mark.parametrize("raw", ["1990-02-30", "07/03/1990", "1990-03/07", "yesterday", "1990"])
def test_invalid_date_is_refused(raw: str) -> None:
    assert "expected YYYY-MM-DD" in refusal(ValueKind.DATE, raw).reason


@pytest.mark.parametrize("raw", ["2025-06-02", "1899-12-31"])
def test_birth_date_out_of_range_is_refused(raw: str) -> None:
    assert (
        "between 1900-01-01 and today"
        in refusal(ValueKind.DATE, raw, category=Category.DEMOGRAPHIC).reason
    )


def test_future_date_is_accepted_when_not_a_birth_date() -> None:
    assert accepted(ValueKind.DATE, "2030-01-01") == "2030-01-01"


# --- enum ---------------------------------------------------------------------------------------

GENDERS = {"female": ("女", "Female"), "male": ("男", "Male")}


@pytest.mark.parametrize("raw", ["female", "FEMALE", "女", "female ", "Female", "fEmAlE"])
def test_enum_accepts_key_or_either_label_case_insensitively(raw: str) -> None:
    assert accepted(ValueKind.ENUM, raw, choices=GENDERS) == "female"


def test_unknown_enum_choice_is_refused_listing_the_keys() -> None:
    assert "female, male" in refusal(ValueKind.ENUM, "other", choices=GENDERS).reason


# --- money --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("1234.5", "1234.50"),
        ("¥1,234.50", "1234.50"),
        ("￥ 1234", "1234.00"),
        ("CNY 1,234,567.8", "1234567.80"),
        ("1234.50 cny", "1234.50"),
        ("0", "0.00"),
    ],
)
def test_money_is_stored_with_two_decimals(raw: str, stored: str) -> None:
    assert accepted(ValueKind.MONEY, raw) == stored


@pytest.mark.parametrize("raw", ["-1", "1.234", "12,34", "abc", "1.2.3", "$12"])
def test_invalid_or_negative_money_is_refused(raw: str) -> None:
    assert "at most 2 decimals" in refusal(ValueKind.MONEY, raw).reason


# --- plate number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("粤B12345", "粤B12345"),
        ("粤b·12345", "粤B12345"),
        ("粤 B-123.45", "粤B12345"),
        ("粤BD12345", "粤BD12345"),
        ("京A1234学", "京A1234学"),
        ("粤ｚ１２３４港", "粤Z1234港"),
    ],
)
def test_plate_number_is_stored_compact_and_upper_cased(raw: str, stored: str) -> None:
    assert accepted(ValueKind.PLATE_NUMBER, raw) == stored


@pytest.mark.parametrize("raw", ["XB12345", "粤12345", "粤B1234", "粤B1234567", "粤B12学34"])
def test_invalid_plate_number_is_refused(raw: str) -> None:
    assert "not a valid plate number" in refusal(ValueKind.PLATE_NUMBER, raw).reason


# --- bank card ----------------------------------------------------------------------------------


def test_bank_card_passing_luhn_has_no_warning() -> None:
    spec = make_spec(ValueKind.BANK_CARD)
    assert normalise(spec, "6222 0212 3456 7890 128", today=TODAY) == Normalised(
        "6222021234567890128"
    )


def test_bank_card_failing_luhn_is_kept_with_a_warning() -> None:
    result = normalise(make_spec(ValueKind.BANK_CARD), "6222-0212-3456-7890-129", today=TODAY)
    assert result.value == "6222021234567890129"
    assert len(result.warnings) == 1
    assert "Luhn" in result.warnings[0]
    assert result.value not in result.warnings[0]


@pytest.mark.parametrize("raw", ["12345678901", "12345678901234567890", "6222 0212 3456 abcd"])
def test_bank_card_with_wrong_length_or_characters_is_refused(raw: str) -> None:
    assert "12 to 19 digits" in refusal(ValueKind.BANK_CARD, raw).reason


# --- names and free text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("张三", "张三"), ("  John   Smith ", "John Smith"), ("阿卜杜拉·买买提", "阿卜杜拉·买买提")],
)
def test_name_is_stored_with_collapsed_whitespace(raw: str, stored: str) -> None:
    assert accepted(ValueKind.NAME, raw) == stored


@pytest.mark.parametrize("raw", ["张三3", "R2D2", "-- --", "１２３"])
def test_name_with_digits_or_without_letters_is_refused(raw: str) -> None:
    assert "not a valid name" in refusal(ValueKind.NAME, raw).reason


def test_name_longer_than_64_characters_is_refused() -> None:
    assert accepted(ValueKind.NAME, "张" * 64) == "张" * 64
    assert "at most 64" in refusal(ValueKind.NAME, "张" * 65).reason


def test_address_is_collapsed_and_limited_to_200_characters() -> None:
    assert accepted(ValueKind.ADDRESS, "深圳市  南山区\n科技园路1号") == "深圳市 南山区 科技园路1号"
    assert "at most 200" in refusal(ValueKind.ADDRESS, "路" * 201).reason


def test_text_is_collapsed_and_limited_to_500_characters() -> None:
    assert accepted(ValueKind.TEXT, "likes \t short  hair") == "likes short hair"
    assert accepted(ValueKind.TEXT, "a" * 500) == "a" * 500
    assert "at most 500" in refusal(ValueKind.TEXT, "a" * 501).reason


@pytest.mark.parametrize(("raw", "stored"), [("vip-0001", "VIP-0001"), ("7", "7")])
def test_member_number_is_upper_cased(raw: str, stored: str) -> None:
    assert accepted(ValueKind.MEMBER_NO, raw) == stored


@pytest.mark.parametrize("raw", ["VIP 0001", "VIP_0001", "会员1", "A" * 33])
def test_invalid_member_number_is_refused(raw: str) -> None:
    assert "1 to 32 letters, digits or dashes" in refusal(ValueKind.MEMBER_NO, raw).reason
