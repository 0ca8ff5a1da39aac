"""The ledgers' pure rules: signs per kind, parsing, reversal, reconciliation, expiry, bonus."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.ledger import (
    EntryKind,
    Ledger,
    LedgerEntry,
    NewEntry,
    check_sign,
    mismatches,
    parse_points,
    reversal_refusal,
)
from privault.domain.points import PointsRules, due_to_expire, earned, months_later
from privault.domain.wallet import bonus_for, parse_money, parse_tiers

AT = datetime(2026, 1, 31, 10, tzinfo=UTC)


def _entry(
    id_: int, kind: EntryKind, amount: int, *, expires: datetime | None = None
) -> LedgerEntry:
    return LedgerEntry(
        id_, Ledger.POINTS, "c1", "main", kind, amount, AT, "desk", expires_at=expires
    )


def test_a_kind_is_taken_only_by_its_ledger_and_with_its_sign() -> None:
    spend = NewEntry(Ledger.WALLET, "c1", "main", EntryKind.SPEND, -100, AT, "desk")
    assert check_sign(spend) is spend
    with pytest.raises(ValueError, match="takes no"):
        check_sign(NewEntry(Ledger.WALLET, "c1", "main", EntryKind.SPEND, 100, AT, "desk"))
    with pytest.raises(ValueError, match="takes no"):
        check_sign(NewEntry(Ledger.POINTS, "c1", "main", EntryKind.TOP_UP, 100, AT, "desk"))


@pytest.mark.parametrize(
    ("raw", "signed", "expected"),
    [("100", False, 100), (" +5 ", False, 5), ("-30", True, -30)],
)
def test_points_are_whole_numbers(raw: str, signed: bool, expected: int) -> None:
    assert parse_points(raw, signed=signed) == expected


@pytest.mark.parametrize(
    ("raw", "signed", "message"),
    [
        ("-30", False, "points: write a whole number"),
        ("1.5", False, "points: write a whole number"),
        ("abc", False, "points: write a whole number"),
        ("0", True, "points: from 1 to"),
        (None, False, "points: write a whole number"),
        ("100000001", False, "points: from 1 to 100000000"),
    ],
)
def test_bad_points_are_refused_naming_the_field(
    raw: str | None, signed: bool, message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_points(raw, signed=signed)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("-5", "amount: must not be negative"),
        ("abc", "amount: write the amount as a number"),
        ("1.001", "amount: at most two decimals"),
        ("0", "amount: must be more than 0.00"),
        ("", "amount: give an amount in yuan"),
    ],
)
def test_bad_money_is_refused_naming_the_field(raw: str, message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        parse_money(raw)


def test_money_is_kept_in_fen() -> None:
    assert parse_money("1000") == 100_000
    assert parse_money("0.01") == 1


def test_a_reversal_is_never_reversed_nor_an_entry_twice() -> None:
    redeem = _entry(1, EntryKind.REDEEM, -10)
    assert reversal_refusal(redeem, None) is None
    assert "already reversed by entry 2" in str(reversal_refusal(redeem, 2))
    assert "itself a reversal" in str(reversal_refusal(_entry(3, EntryKind.REVERSAL, 10), None))


def test_reconciliation_names_every_account_that_differs_or_is_negative() -> None:
    kept = {("wallet", "a"): 100, ("wallet", "b"): 50, ("points", "c"): -1, ("points", "d"): 5}
    summed = {("wallet", "a"): 100, ("wallet", "b"): 40, ("points", "c"): -1, ("points", "e"): 3}
    assert mismatches(kept, summed) == [
        ("points", "c"),
        ("points", "d"),
        ("points", "e"),
        ("wallet", "b"),
    ]


def test_points_earned_round_down_at_the_business_rate() -> None:
    assert earned(12_850, PointsRules()) == 128
    assert earned(12_850, PointsRules(Decimal("0.5"))) == 64
    assert earned(None, PointsRules()) == 0


def test_months_later_keeps_the_day_or_takes_the_months_last() -> None:
    assert months_later(AT, 24) == datetime(2028, 1, 31, 10, tzinfo=UTC)
    assert months_later(AT, 1) == datetime(2026, 2, 28, 10, tzinfo=UTC)


def test_what_expires_is_the_lapsed_points_not_yet_taken_out() -> None:
    lapsed, later = datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)
    entries = [
        _entry(1, EntryKind.EARN, 100, expires=lapsed),
        _entry(2, EntryKind.EARN, 50, expires=later),
        _entry(3, EntryKind.REDEEM, -30),
    ]
    assert due_to_expire(entries, AT) == 70
    expired = [*entries, _entry(4, EntryKind.EXPIRE, -70)]
    assert due_to_expire(expired, AT) == 0  # run again: nothing more


def test_a_top_up_gets_the_bonus_of_the_highest_tier_it_reaches() -> None:
    rules = parse_tiers(["1000:100", "500:30"])
    assert [bonus_for(cents, rules) for cents in (40_000, 50_000, 120_000)] == [0, 3_000, 10_000]
    with pytest.raises(InvalidInputError, match="bonus_tiers: write each tier"):
        parse_tiers(["1000-100"])
