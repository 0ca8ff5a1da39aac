"""Member numbers carry a check digit and never come from the phone; level rules upgrade at the
threshold and not below, move down only where allowed, and are validated with the field named."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.members import (
    DEFAULT_RULES,
    ChangeKind,
    Standing,
    level_move,
    member_number,
    parse_level_key,
    parse_level_rules,
    parse_member_number,
    parse_reason,
    window_start,
)

TWELVE = 12


def standing(spend_cents: int = 0, visits: int = 0) -> Standing:
    return Standing(spend_cents, visits, TWELVE)


def test_a_member_number_is_the_sequence_with_a_luhn_check_digit() -> None:
    assert member_number(1) == "M00000018"
    assert member_number(1234567) == "M12345674"
    assert parse_member_number(" m-0000001 8 ") == "M00000018"
    assert parse_member_number("vip-0012") == "VIP0012"  # a card from before, kept as typed


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("", "give the member number"),
        ("M00000019", "check digit does not match"),
        ("M-0000-0026 1", "check digit does not match"),
    ],
)
def test_a_wrong_member_number_is_refused_naming_the_field(raw: str, why: str) -> None:
    with pytest.raises(InvalidInputError, match=why) as raised:
        parse_member_number(raw)
    assert raised.value.field == "number"


def test_a_member_is_upgraded_at_the_threshold_and_not_below() -> None:
    assert level_move(DEFAULT_RULES, "standard", standing(199_999, 9)) is None
    by_spend = level_move(DEFAULT_RULES, "standard", standing(spend_cents=200_000))
    by_visits = level_move(DEFAULT_RULES, "standard", standing(visits=24))
    assert by_spend is not None
    assert (by_spend.to.key, by_spend.kind) == ("silver", ChangeKind.RULE)
    assert by_visits is not None
    assert by_visits.to.key == "gold"


def test_a_member_is_never_moved_down_unless_the_rules_say_so() -> None:
    assert level_move(DEFAULT_RULES, "gold", standing()) is None
    rules = parse_level_rules(
        DEFAULT_RULES.as_text().replace("downgrade = false", "downgrade = true")
    )
    down = level_move(rules, "gold", standing(visits=10))
    assert down is not None
    assert down.to.key == "silver"


def test_the_default_rules_read_back_as_written() -> None:
    assert parse_level_rules(DEFAULT_RULES.as_text()) == DEFAULT_RULES
    assert [lv.name for lv in DEFAULT_RULES.levels] == ["普通", "银卡", "金卡", "钻石"]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("levels = [", "levels"),
        ('colour = "red"\n[[levels]]\nkey="a"\nname="A"', "levels"),
        ('[[levels]]\nkey="base"\nname="普通"', "levels"),
        ("window_months = 0\n" + DEFAULT_RULES.as_text().split("\n", 1)[1], "window_months"),
        (
            '[[levels]]\nkey="base"\nname="普通"\nvisits=1\n[[levels]]\nkey="b"\nname="B"\nvisits=2',
            "levels.1",
        ),
        ('[[levels]]\nkey="base"\nname="普通"\n[[levels]]\nkey="b"\nname="B"', "levels.2"),
        (
            '[[levels]]\nkey="base"\nname="普通"\n[[levels]]\nkey="b"\nname="B"\nspend="-1"',
            "levels.2.spend",
        ),
        (
            '[[levels]]\nkey="base"\nname="普通"\n[[levels]]\nkey="b"\nname="B"\nvisits=1.5',
            "levels.2.visits",
        ),
        (
            '[[levels]]\nkey="base"\nname="普通"\n[[levels]]\nkey="金"\nname="B"\nvisits=1',
            "levels.2.key",
        ),
        (
            '[[levels]]\nkey="a"\nname="A"\n[[levels]]\nkey="b"\nname="B"\nvisits=5\n'
            '[[levels]]\nkey="c"\nname="C"\nvisits=5',
            "levels.3",
        ),
        ('[[levels]]\nkey="a"\nname="A"\n[[levels]]\nkey="a"\nname="B"\nvisits=5', "levels"),
    ],
)
def test_bad_level_rules_are_refused_naming_the_place(text: str, field: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_level_rules(text)
    assert raised.value.field == field


def test_a_level_is_chosen_by_key_or_name_and_a_manual_change_needs_a_reason() -> None:
    assert parse_level_key(DEFAULT_RULES, "金卡").key == "gold"
    assert parse_level_key(DEFAULT_RULES, "GOLD").key == "gold"
    with pytest.raises(InvalidInputError, match="choose a level"):
        parse_level_key(DEFAULT_RULES, "platinum")
    with pytest.raises(InvalidInputError, match="say why") as raised:
        parse_reason("   ")
    assert raised.value.field == "reason"


def test_the_window_starts_the_same_day_months_earlier() -> None:
    assert window_start(date(2026, 11, 23), 12) == date(2025, 11, 23)
    assert window_start(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert window_start(date(2026, 1, 15), 3) == date(2025, 10, 15)
