"""Normalise and validate field values so each is stored, indexed and compared in one spelling."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum import luhn
from stdnum.cn import ric

from privault.domain.catalog import Category, FieldSpec, ValueKind
from privault.domain.control_characters import refuse_control_characters
from privault.domain.errors import InvalidInputError
from privault.domain.free_text.screening import OnFound, screen


@dataclass(frozen=True)
class Normalised:
    value: str
    warnings: tuple[str, ...] = ()


class _RefusedError(ValueError):
    """A refusal raised by a kind's normaliser; `normalise` attaches the field key."""

    def __init__(self, template: str, **params: object) -> None:
        super().__init__(template)
        self.template = template
        self.params = params


_Normaliser = Callable[[str, FieldSpec, date], Normalised]


def normalise(
    spec: FieldSpec, raw: str, *, today: date, on_found: OnFound = OnFound.REFUSE
) -> Normalised:
    """Refusals name what is expected, never the value: messages reach logs and reject files.
    Import, API, portal and console all come through here, so a control character is refused
    once for every door, and so is a mobile, ID or card typed into a free-text field (or masked,
    as the installation chooses: `on_found`)."""
    refuse_control_characters(raw, field=spec.key)
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        raise InvalidInputError("is empty; leave the field out instead", field=spec.key)
    try:
        result = _NORMALISERS[spec.kind](text, spec, today)
    except _RefusedError as exc:
        # `from None`: a chained library error could carry the value into a logged traceback.
        raise InvalidInputError(exc.template, field=spec.key, params=exc.params) from None
    if spec.kind is ValueKind.TEXT:
        return Normalised(screen(result.value, field=spec.key, on_found=on_found), result.warnings)
    return result


def birth_date_from_id(id_number: str) -> date:
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def age_on(birth: date, today: date) -> int:
    had_birthday = (today.month, today.day) >= (birth.month, birth.day)
    return today.year - birth.year - (0 if had_birthday else 1)


def mobile_tail(mobile: str) -> str:
    return mobile[-4:]


# --- phones -------------------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
# +86, 0086 or a bare 86 before the 11 digits, and the trunk 0 some write after it ("+86 (0)138").
_MAINLAND_MOBILE = re.compile(r"(?:(?:\+|00)?86)?0?(1[3-9]\d{9})")
# 140-144: numbers for machines (IoT, data-only cards), never a person's contact number.
_IOT_PREFIXES = ("140", "141", "142", "143", "144")
_IOT_REFUSED = (
    "is a number for machines (IoT range 140-144), not a person's mobile; enter the customer's own"
)
_UNALLOCATED = "is in a range no carrier has been given; check the number"
_MOBILE_EXPECTED = (
    "not a valid mobile number: expected 11 digits starting 13-19, optionally with +86, "
    "or an international mobile number starting with + and its country code"
)
_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
_LANDLINE_TYPES = {
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
_LANDLINE_EXPECTED = (
    "not a valid mainland landline number: expected an area code and number, e.g. 0755-86013388"
)


def _mobile_value(text: str, spec: FieldSpec, today: date) -> Normalised:
    number = _mobile(text)
    if number.startswith("+") or _is_allocated(number[:5]):
        return Normalised(number)
    return Normalised(number, (_UNALLOCATED,))


@functools.lru_cache(maxsize=4096)
def _is_allocated(prefix: str) -> bool:
    """By the first five digits: the carriers' ranges are allocated in blocks at least that wide,
    and an import of a million rows asks phonenumbers once per block, not once per row."""
    return phonenumbers.is_valid_number(phonenumbers.parse(f"+86{prefix:0<11}"))


def _mobile(text: str) -> str:
    # Imports push a million rows through here: mainland numbers take the regex path only.
    compact = _PHONE_SEPARATORS.sub("", text)
    match = _MAINLAND_MOBILE.fullmatch(compact)
    if match:
        if match.group(1).startswith(_IOT_PREFIXES):
            raise _RefusedError(_IOT_REFUSED)
        return match.group(1)
    if compact.startswith(("+86", "0086")) or not compact.startswith(("+", "00")):
        raise _RefusedError(_MOBILE_EXPECTED)
    number = _parse_phone(
        "+" + compact.removeprefix("+").removeprefix("00"), None, _MOBILE_EXPECTED
    )
    if phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise _RefusedError(_MOBILE_EXPECTED)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _landline(text: str) -> str:
    number = _parse_phone(text, "CN", _LANDLINE_EXPECTED)
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.MOBILE:
        raise _RefusedError("is a mobile number; enter it as the mobile number instead")
    area_length = phonenumbers.length_of_geographical_area_code(number)
    if number.country_code != 86 or kind not in _LANDLINE_TYPES or area_length == 0:
        raise _RefusedError(_LANDLINE_EXPECTED)
    significant = phonenumbers.national_significant_number(number)
    return f"0{significant[:area_length]}-{significant[area_length:]}"


def _parse_phone(text: str, region: str | None, expected: str) -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise _RefusedError(expected) from None
    if not phonenumbers.is_valid_number(number):
        raise _RefusedError(expected)
    return number


# --- identity documents and cards ---------------------------------------------------------------

_RESIDENT_ID = re.compile(r"\d{17}[\dX]")


def _resident_id_value(text: str, today: date) -> Normalised:
    number = _resident_id(text, today)
    try:
        ric.get_birth_place(number)
    except (ValueError, KeyError):  # stdnum's register lacks a code: an abolished county, or a typo
        return Normalised(number, (_UNKNOWN_REGION,))
    return Normalised(number)


_UNKNOWN_REGION = "has a region code (digits 1-6) no register lists; check it against the card"


def _resident_id(text: str, today: date) -> str:
    number = ric.compact(text.replace(" ", ""))
    if len(number) == 15 and number.isdigit():
        raise _RefusedError(
            "is an old 15-digit ID number; enter the 18-character number on the current ID card"
        )
    if not _RESIDENT_ID.fullmatch(number):
        raise _RefusedError("not a resident ID number: expected 17 digits followed by a digit or X")
    try:
        birth = birth_date_from_id(number)
    except ValueError:
        raise _RefusedError("has an impossible birth date in digits 7-14; check them") from None
    if birth > today:
        raise _RefusedError("has a birth date (digits 7-14) in the future; check them")
    if birth < _EARLIEST_BIRTH:
        raise _RefusedError("has a birth year (digits 7-10) before 1900; check them")
    if ric.calc_check_digit(number) != number[-1]:
        raise _RefusedError("has a wrong check character (the last one); check for a typo")
    return number


def _bank_card(text: str) -> Normalised:
    number = re.sub(r"[\s\-]", "", text)
    if not re.fullmatch(r"\d{12,19}", number):
        raise _RefusedError("not a bank card number: expected 12 to 19 digits")
    if luhn.is_valid(number):
        return Normalised(number)
    # Some domestic cards do not follow Luhn, so a failure is only worth a second look.
    return Normalised(number, ("bank card number fails the Luhn check; please double-check it",))


# --- dates, choices, amounts --------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})"),
    re.compile(r"(\d{4})()(\d{2})(\d{2})"),
    re.compile(r"(\d{4})(年)(\d{1,2})月(\d{1,2})日"),
)
_EARLIEST_BIRTH = date(1900, 1, 1)


def _date(text: str, spec: FieldSpec, today: date) -> str:
    parsed = _parse_date(text)
    if spec.category is Category.DEMOGRAPHIC and not _EARLIEST_BIRTH <= parsed <= today:
        raise _RefusedError("is out of range: a birth date must be between 1900-01-01 and today")
    return parsed.isoformat()


def _parse_date(text: str) -> date:
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return date(int(match[1]), int(match[3]), int(match[4]))
            except ValueError:
                break
    raise _RefusedError("not a valid date: expected YYYY-MM-DD, e.g. 1990-03-07")


def _enum(text: str, spec: FieldSpec) -> str:
    key = spec.choice_lookup.get(text.casefold())
    if key is not None:
        return key
    raise _RefusedError(
        "is not one of the accepted choices: {choices}", choices=", ".join(spec.choices)
    )


_MONEY = re.compile(
    r"(?:¥|CNY)?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?)\s*(?:CNY)?", re.IGNORECASE
)


def _money(text: str) -> str:
    match = _MONEY.fullmatch(text)
    if not match:
        raise _RefusedError(
            "not a valid amount: expected a non-negative number with at most 2 decimals, "
            "e.g. 1234.50"
        )
    return f"{Decimal(match[1].replace(',', '')):.2f}"


# --- plates, names and free text ----------------------------------------------------------------

_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Z]"
    r"(?:[A-Z0-9]{4}[A-Z0-9挂学警港澳]|[A-Z0-9]{6})"
)


def _plate(text: str) -> str:
    plate = re.sub(r"[\s·\-.]", "", text).upper()
    if not _PLATE.fullmatch(plate):
        raise _RefusedError(
            "not a valid plate number: expected a province character, a letter and "
            "5 letters or digits (6 for new-energy plates), e.g. 粤B12345"
        )
    return plate


def _name(text: str) -> str:
    name = _collapsed(text, 64)
    if any(char.isdigit() for char in name) or not any(char.isalpha() for char in name):
        raise _RefusedError("not a valid name: expected letters (Chinese or Latin) and no digits")
    return name


def _member_no(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9-]{1,32}", text):
        raise _RefusedError("not a valid member number: expected 1 to 32 letters, digits or dashes")
    return text.upper()


# The everyday shape of an address (ASCII dot-atoms, a letter TLD) that email-validator would
# accept unchanged apart from case; anything else takes the library's full path. The library
# costs ~90 µs per call, which dominates a million-row import.
_PLAIN_EMAIL = re.compile(
    r"(?=.{6,254}$)(?=[^@]{1,64}@)[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


def _email(text: str) -> str:
    lowered = text.lower()
    if _PLAIN_EMAIL.fullmatch(lowered):
        return lowered
    try:
        email = validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        # The library's own message quotes parts of the address, so it is not passed on.
        raise _RefusedError("not a valid email address: expected name@domain.tld") from None
    # The blind index needs one spelling, and mailboxes are case-insensitive in practice.
    return email.lower()


def _collapsed(text: str, limit: int) -> str:
    collapsed = " ".join(text.split())
    if len(collapsed) > limit:
        raise _RefusedError("is too long: at most {limit} characters", limit=limit)
    return collapsed


def _plain(convert: Callable[[str], str]) -> _Normaliser:
    return lambda text, spec, today: Normalised(convert(text))


_NORMALISERS: dict[ValueKind, _Normaliser] = {
    ValueKind.MOBILE: _mobile_value,
    ValueKind.LANDLINE: _plain(_landline),
    ValueKind.EMAIL: _plain(_email),
    ValueKind.CN_RESIDENT_ID: lambda text, spec, today: _resident_id_value(text, today),
    ValueKind.DATE: lambda text, spec, today: Normalised(_date(text, spec, today)),
    ValueKind.ENUM: lambda text, spec, today: Normalised(_enum(text, spec)),
    ValueKind.MONEY: _plain(_money),
    ValueKind.PLATE_NUMBER: _plain(_plate),
    ValueKind.BANK_CARD: lambda text, spec, today: _bank_card(text),
    ValueKind.NAME: _plain(_name),
    ValueKind.ADDRESS: _plain(lambda text: _collapsed(text, 200)),
    ValueKind.MEMBER_NO: _plain(_member_no),
    ValueKind.TEXT: _plain(lambda text: _collapsed(text, 500)),
}


# --- a shop's own contacts (not a customer's): the same rules, outside the catalog ---------------


def contact_phone(raw: str, *, field: str) -> str:
    """A mainland mobile or a landline with its area code, as the customer fields take them."""
    refuse_control_characters(raw, field=field)
    text = unicodedata.normalize("NFKC", raw).strip()
    try:
        return _mobile(text)
    except _RefusedError as exc:
        if exc.template == _IOT_REFUSED:
            raise InvalidInputError(exc.template, field=field) from None
    try:
        return _landline(text)
    except _RefusedError:
        raise InvalidInputError(
            "expected a mainland mobile (13812345678) or a landline with its area code "
            "(0755-86013388)",
            field=field,
        ) from None


def contact_email(raw: str, *, field: str) -> str:
    refuse_control_characters(raw, field=field)
    try:
        return _email(unicodedata.normalize("NFKC", raw).strip())
    except _RefusedError as exc:
        raise InvalidInputError(exc.template, field=field) from None
