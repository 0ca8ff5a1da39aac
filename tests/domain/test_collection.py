"""The collection form's pure rules: an item's text, how it was obtained, and the clocks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from privault.domain.collection import (
    entry_late,
    parse_item_text,
    parse_review_hours,
    review_overdue,
)
from privault.domain.errors import InvalidInputError

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


def test_an_items_source_is_after_its_last_colon_so_a_value_may_hold_colons() -> None:
    assert parse_item_text("seating=包间: 靠窗:told") == ("seating", "包间: 靠窗", "told")


@pytest.mark.parametrize("raw", ["seating", "seating=靠窗", "=靠窗:told"])
def test_an_item_without_key_value_and_source_is_refused(raw: str) -> None:
    with pytest.raises(InvalidInputError, match="KEY=VALUE:told"):
        parse_item_text(raw)


def test_a_review_is_overdue_past_the_rule_and_an_entry_late_past_24_hours() -> None:
    assert not review_overdue(AT, AT + timedelta(hours=84), 84)
    assert review_overdue(AT, AT + timedelta(hours=84, minutes=1), 84)
    assert not entry_late(AT, AT + timedelta(hours=24))
    assert entry_late(AT, AT + timedelta(hours=24, minutes=1))


@pytest.mark.parametrize("raw", ["0", "745", "twice"])
def test_a_review_rule_outside_an_hour_to_a_month_is_refused(raw: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_review_hours(raw)
    assert refused.value.field == "review_hours"
