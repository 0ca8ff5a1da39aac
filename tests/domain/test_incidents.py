"""Incident grades, text and the trail scope that finds the affected customers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.incidents import Severity, parse_names, parse_severity, trail_scope

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "severity"),
    [("一般", Severity.GENERAL), ("较大", Severity.LARGER), ("重大", Severity.MAJOR),
     ("特别重大", Severity.ESPECIALLY_MAJOR), (" Major ", Severity.MAJOR)],
)  # fmt: skip
def test_severity_is_read_from_the_cac_grade_or_its_english_name(
    raw: str, severity: Severity
) -> None:
    assert parse_severity(raw) is severity


def test_an_unknown_severity_names_the_field_and_the_choices() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_severity("huge")
    assert caught.value.field == "severity"
    assert "较大" in caught.value.message


def test_only_larger_and_above_are_reported_to_the_cac() -> None:
    assert [s for s in Severity if s.is_reportable_to_cac] == [
        Severity.LARGER, Severity.MAJOR, Severity.ESPECIALLY_MAJOR
    ]  # fmt: skip


def test_a_window_in_the_future_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        trail_scope(NOW - timedelta(hours=1), NOW + timedelta(minutes=1), NOW)
    assert caught.value.field == "until"
    assert "future" in caught.value.message


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        trail_scope(NOW - timedelta(hours=1), NOW - timedelta(hours=2), NOW)
    assert caught.value.field == "until"


def test_a_window_without_a_time_zone_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        trail_scope(datetime(2026, 11, 1), datetime(2026, 11, 2), NOW)  # noqa: DTZ001


def test_a_scope_keeps_its_filters_and_describes_them() -> None:
    scope = trail_scope(
        NOW - timedelta(days=1), NOW, NOW, staff=" li.si ", fields=["mobile, name", "mobile"],
        actions=["customer.reveal"],
    )  # fmt: skip
    assert scope.staff == "li.si"
    assert scope.fields == ("mobile", "name")
    assert scope.token is None
    assert "staff li.si" in scope.describe()
    assert "fields mobile,name" in scope.describe()


def test_names_longer_than_64_characters_are_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_names(["x" * 65], "fields")
    assert caught.value.field == "fields"
