"""Segments: criteria parsed by name, each tested against a customer's facts; all must hold."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.segments import (
    CRITERIA,
    Criterion,
    Facts,
    parse_criteria_text,
    parse_segment,
)

NANA = Facts(
    store="main",
    purposes=frozenset({"marketing_sms"}),
    birth_month_day=(3, 7),
    last_visit_on=date(2026, 5, 1),
    tags=frozenset({"vip"}),
)


@pytest.mark.parametrize(
    ("typed", "holds"),
    [
        ("birthday_month=3", True),
        ("birthday_month=4", False),
        ("birthday=03-07", True),
        ("last_visit_before=2026-06-01", True),
        ("last_visit_after=2026-06-01", False),
        ("store=east,main", True),
        ("tags=vip", True),
        ("consent=marketing_email", False),
        ("birthday_month=3 store=east", False),
        ("", True),
    ],
)
def test_each_criterion_tests_the_facts_and_all_must_hold(typed: str, holds: bool) -> None:
    assert parse_segment(parse_criteria_text(typed)).holds_for(NANA) is holds


def test_a_customer_never_seen_counts_as_not_visited_since() -> None:
    never = Facts(store="main", purposes=frozenset())
    assert parse_segment({"last_visit_before": "2026-01-01"}).holds_for(never)
    assert not parse_segment({"last_visit_after": "2026-01-01"}).holds_for(never)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("birthday_month", "13"),
        ("birthday", "02-30"),
        ("last_visit_before", "June"),
        ("store", ","),
    ],
)
def test_a_bad_value_is_refused_naming_the_criterion(name: str, value: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_segment({name: value})
    assert refused.value.field == name


def test_a_new_criterion_plugs_in_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """How a later area adds its own (a member level here), reading a fact it supplies."""
    level = Criterion("level", str.strip, lambda v, f: f.more.get("level") == v)
    monkeypatch.setitem(CRITERIA, "level", level)
    gold = Facts(store="main", purposes=frozenset(), more={"level": "金卡"})
    assert parse_segment({"level": "金卡"}).holds_for(gold)
    assert not parse_segment({"level": "银卡"}).holds_for(gold)


LEVELS = (frozenset({"standard", "普通"}), frozenset({"gold", "金卡"}), frozenset({"diamond"}))


@pytest.mark.parametrize(
    ("typed", "more", "holds"),
    [
        ({"class": "a"}, {"class": "A"}, False),  # no consent to profiling
        ({"level_at_least": "金卡"}, {"level": "diamond", "levels": LEVELS}, True),
        ({"level_at_least": "gold"}, {"level": "standard", "levels": LEVELS}, False),
        ({"level_at_least": "gold"}, {"levels": LEVELS}, False),  # no membership
        ({"points_at_least": "500"}, {"points": 500}, True),
        ({"points_below": "500"}, {}, True),  # no account: 0
        ({"stored_value_at_least": "100.00"}, {"wallet": 9_999}, False),
        ({"stored_value_below": "100"}, {"wallet": 9_999}, True),
    ],
)
def test_class_level_and_balance_criteria(
    typed: dict[str, str], more: dict[str, object], holds: bool
) -> None:
    facts = Facts(store="main", purposes=frozenset({"marketing_sms"}), more=more)
    assert parse_segment(typed).holds_for(facts) is holds


def test_a_class_holds_only_while_profiling_is_consented() -> None:
    segment = parse_segment({"class": "churned"})
    profiled = Facts("main", frozenset({"personalisation"}), more={"class": "churned"})
    assert segment.holds_for(profiled)


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("class", "E"),
        ("level_at_least", " "),
        ("points_at_least", "1.5"),
        ("points_below", "-1"),
        ("stored_value_at_least", "-1"),
        ("stored_value_below", "1.001"),
    ],
)
def test_a_bad_band_or_class_is_refused_by_name(name: str, typed: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_segment({name: typed})
    assert refused.value.field == name
