"""The filters long lists share: blank means any, a bad value names its field and the fix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.list_filters import parse_choice, parse_day, parse_oldest_first, parse_tail


def test_blank_means_any() -> None:
    assert parse_tail("  ") is None
    assert parse_day(None, "from") is None
    assert parse_choice("", ["a"], "kind") is None


def test_good_values_are_read_cleaned() -> None:
    assert parse_tail(" 5678 ") == "5678"
    assert parse_day("2026-12-06", "from") == date(2026, 12, 6)
    assert parse_choice(" a ", ["a", "b"], "kind") == "a"


@pytest.mark.parametrize(
    ("parse", "field", "fix"),
    [
        (lambda: parse_tail("567"), "mobile_tail", "last four digits"),
        (lambda: parse_tail("５６７８"), "mobile_tail", "last four digits"),
        (lambda: parse_day("06/12/2026", "from"), "from", "YYYY-MM-DD"),
        (lambda: parse_choice("c", ["a", "b"], "kind"), "kind", "from the list"),
        (lambda: parse_oldest_first("latest"), "order", "from the list"),
    ],
)
def test_a_bad_value_names_its_field_and_what_to_give(
    parse: Callable[[], object], field: str, fix: str
) -> None:
    with pytest.raises(InvalidInputError, match=fix) as refused:
        parse()
    assert refused.value.field == field


def test_a_list_is_newest_first_unless_oldest_is_asked() -> None:
    assert parse_oldest_first(None) is False
    assert parse_oldest_first("") is False
    assert parse_oldest_first("newest") is False
    assert parse_oldest_first(" oldest ") is True
