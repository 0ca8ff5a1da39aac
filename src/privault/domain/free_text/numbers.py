"""Digit runs: a mainland mobile, a resident ID (checksum and birth date) or a bank card (Luhn
and a plausible issuer prefix), tried in that order on the run and then on its parts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from privault.domain.free_text.findings import Finding, Kind

_GROUP = re.compile(r"[0-9Xx]+")
# 140-144 are numbers for machines (IoT), never a person's mobile.
_MOBILE = re.compile(r"1(?:3[0-9]|4[5-9]|[5-9][0-9])[0-9]{8}")
# Issuer prefixes seen on cards in China (UnionPay 62, the domestic 9-series, Visa, Mastercard
# 51-55, JCB, Amex, Diners) with their lengths. Mastercard's 2-series is left out on purpose: it is
# rare here, and order and serial numbers that start with a year (2026...) would pass it.
_CARD_LENGTHS: dict[str, range | tuple[int, ...]] = {
    "62": range(16, 20),
    "60": range(16, 20),
    "65": range(16, 20),
    "9": range(16, 20),
    "4": (13, 16, 19),
    "51": (16,),
    "52": (16,),
    "53": (16,),
    "54": (16,),
    "55": (16,),
    "35": range(16, 20),
    "34": (15,),
    "37": (15,),
    "30": (14,),
    "36": (14,),
    "38": (14,),
}
# GB/T 2260: the provinces' codes (71 Taiwan, 81 Hong Kong, 82 Macao for the residence permits).
_PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "  # noqa: SIM905
    "61 62 63 64 65 71 81 82 83".split()
)
# A number right after these words is an order, invoice or tracking number, not a card or phone.
_NOT_PERSONAL = re.compile(
    r"(?:订单|单号|编号|流水|发票|快递|运单|批号|条码|序列号|No\.?)[号码:：\s#]*$"
)


def classify(text: str, start: int, end: int) -> Iterator[Finding]:
    """The whole run first; when it is none of the kinds (two numbers written side by side), each
    run of its space- or dash-separated groups, longest first."""
    candidate = text[start:end]
    if candidate[:-1].isdigit():  # the common case: one run without separators
        found = _kind_of(text, start, end, candidate.upper())
        if found is not None:
            yield found
        return
    groups = [(m.start() + start, m.end() + start) for m in _GROUP.finditer(candidate)]
    taken_until = start
    for i in range(len(groups)):
        if groups[i][0] < taken_until:
            continue
        for j in range(len(groups), i, -1):
            digits = "".join(_GROUP.findall(text[groups[i][0] : groups[j - 1][1]])).upper()
            found = _kind_of(text, groups[i][0], groups[j - 1][1], digits)
            if found is not None:
                yield found
                taken_until = found.end
                break


def _kind_of(text: str, start: int, end: int, digits: str) -> Finding | None:
    kind = _kind_of_digits(digits)
    if kind is None:
        return None
    if kind is Kind.MOBILE and (digits.startswith("86") or text[start - 3 : start] == "+86"):
        return Finding(start, end, kind, 0.95)
    if kind is not Kind.RESIDENT_ID and _NOT_PERSONAL.search(text, max(0, start - 8), start):
        return None
    return Finding(start, end, kind, 1.0 if kind is not Kind.MOBILE else 0.9)


def _kind_of_digits(digits: str) -> Kind | None:
    if "X" in digits[:-1]:
        return None
    if len(digits) == 11 and _MOBILE.fullmatch(digits):
        return Kind.MOBILE
    if len(digits) == 13 and digits.startswith("86") and _MOBILE.fullmatch(digits, 2):
        return Kind.MOBILE
    if len(digits) == 18 and _is_resident_id(digits):
        return Kind.RESIDENT_ID
    if digits.isdigit() and _is_card(digits):
        return Kind.BANK_CARD
    return None


def _is_resident_id(digits: str) -> bool:
    """Check digit, birth date and province. Not the full region code: python-stdnum's list
    lacks codes of counties since merged, and people keep the ID they were issued."""
    if digits[:2] not in _PROVINCE_CODES or digits[-1] != ric.calc_check_digit(digits):
        return False
    try:
        ric.get_birth_date(digits)
    except ValidationError:
        return False
    return True


def _is_card(digits: str) -> bool:
    if not 13 <= len(digits) <= 19 or _reads_as_id(digits):
        return False
    lengths = _CARD_LENGTHS.get(digits[:2]) or _CARD_LENGTHS.get(digits[:1])
    return lengths is not None and len(digits) in lengths and is_luhn_valid(digits)


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)


def is_luhn_valid(digits: str) -> bool:
    """python-stdnum's `luhn.is_valid` (which tests check this against) costs ~20 µs a call in
    its alphabet handling; this runs on every card-shaped candidate of a scan, at ~2 µs."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - 48
        total += _DOUBLED[digit] if position & 1 else digit
    return total % 10 == 0


def _reads_as_id(digits: str) -> bool:
    """An 18-digit number with a birth date in the middle is a resident ID with a typo, not a
    card: regions 61-65 would otherwise pass as UnionPay one time in ten."""
    if len(digits) != 18 or digits[6:8] not in ("19", "20"):
        return False
    try:
        date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return False
    return True
