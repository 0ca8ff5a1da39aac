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
