"""Alert rules: opening hours, bulk access, reveal rate, failed sign-ins, exports."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from privault.domain.alerts import (
    BULK_CUSTOMERS,
    DEFAULT_HOURS,
    FAILED_SIGN_INS_ALERT,
    AlertKind,
    OpeningHours,
    bulk_access,
    export_requested,
    failed_sign_ins,
    off_hours,
    parse_hours,
    reveal_rate,
)
from privault.domain.errors import InvalidInputError

SHANGHAI = parse_hours(DEFAULT_HOURS)


def _shanghai(day: int, hour: int, minute: int = 0) -> datetime:
    """A November 2026 time in Shanghai (UTC+8, no summer time), as UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=8)


def test_the_default_hours_are_eight_to_ten_in_shanghai() -> None:
    assert OpeningHours(time(8, 0), time(22, 0), "Asia/Shanghai") == SHANGHAI
    assert parse_hours("  09:30-21:00 Europe/Berlin ") == OpeningHours(
        time(9, 30), time(21, 0), "Europe/Berlin"
    )


@pytest.mark.parametrize(
    ("hour", "minute", "is_open"),
    [(7, 59, False), (8, 0, True), (17, 30, True), (21, 59, True), (22, 0, False), (23, 30, False)],
)
def test_opening_includes_the_opening_minute_and_excludes_the_closing_one(
    hour: int, minute: int, is_open: bool
) -> None:
    assert SHANGHAI.is_open(_shanghai(23, hour, minute)) is is_open


@pytest.mark.parametrize(
    ("hour", "minute", "is_open"),
    [(17, 59, False), (18, 0, True), (23, 59, True), (0, 0, True), (1, 59, True), (2, 0, False)],
)
def test_a_restaurant_may_stay_open_past_midnight(hour: int, minute: int, is_open: bool) -> None:
    late = parse_hours("18:00-02:00 Asia/Shanghai")
    assert late.is_open(_shanghai(24, hour, minute)) is is_open


def test_hours_are_read_in_their_own_zone() -> None:
    berlin = parse_hours("08:00-22:00 Europe/Berlin")
    at = datetime(2026, 11, 23, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai, 16:30 in Berlin
    assert berlin.is_open(at)
    assert not SHANGHAI.is_open(at)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "8:00-22:00 Asia/Shanghai",
        "08:00-22:00",
        "08:00 - 22:00 Asia/Shanghai",
        "08.00-22.00 Asia/Shanghai",
        "25:00-22:00 Asia/Shanghai",
        "08:60-22:00 Asia/Shanghai",
        "08:00-22:00 Mars/Olympus_Mons",
        "08:00-22:00 ../../etc/passwd",
    ],
)
def test_bad_opening_hours_are_refused_naming_the_field(text: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_hours(text)
    assert refused.value.field == "opening_hours"


def test_access_within_opening_hours_raises_nothing() -> None:
    assert off_hours("li.na", _shanghai(23, 17, 30), SHANGHAI) is None


def test_off_hours_access_alerts_once_per_local_night_and_staff_member() -> None:
    alert = off_hours("li.na", _shanghai(23, 23, 30), SHANGHAI)
    assert alert is not None
    assert (alert.kind, alert.staff_name) == (AlertKind.OFF_HOURS, "li.na")
    assert alert.detail == (
        "accessed customer data outside opening hours (08:00-22:00) on 2026-11-23"
    )
    again = off_hours("li.na", _shanghai(23, 23, 55), SHANGHAI)
    assert again is not None
    assert again.key == alert.key == "off_hours:li.na:2026-11-23"
    other = off_hours("wang.wu", _shanghai(23, 23, 30), SHANGHAI)
    assert other is not None
    assert other.key != alert.key


def test_the_off_hours_day_is_the_local_date_not_the_utc_one() -> None:
    # 00:30 in Shanghai on the 24th is still the 23rd in UTC.
    at = _shanghai(24, 0, 30)
    assert at.date().isoformat() == "2026-11-23"
    alert = off_hours("li.na", at, SHANGHAI)
    assert alert is not None
    assert alert.key == "off_hours:li.na:2026-11-24"


def test_bulk_access_alerts_above_fifty_customers_once_per_hour() -> None:
    at = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert BULK_CUSTOMERS == 50
    assert bulk_access("li.na", 50, at) is None
    alert = bulk_access("li.na", 51, at)
    assert alert is not None
    assert alert.kind is AlertKind.BULK_ACCESS
    assert "51" in alert.detail
    later = bulk_access("li.na", 80, at + timedelta(minutes=29))
    next_hour = bulk_access("li.na", 51, at + timedelta(minutes=30))
    assert later is not None
    assert next_hour is not None
    assert later.key == alert.key == "bulk_access:li.na:2026-11-23T09"
    assert next_hour.key == "bulk_access:li.na:2026-11-23T10"


def test_reveal_rate_alerts_once_per_hour_and_names_the_limit() -> None:
    at = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    alert = reveal_rate("li.na", 30, at)
    assert alert.kind is AlertKind.REVEAL_RATE
    assert "more than 30" in alert.detail
    assert reveal_rate("li.na", 30, at + timedelta(minutes=20)).key == alert.key
    assert reveal_rate("li.na", 30, at + timedelta(minutes=40)).key != alert.key


def test_failed_sign_ins_alert_at_three_and_again_at_the_lockout() -> None:
    at = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert FAILED_SIGN_INS_ALERT == 3
    assert failed_sign_ins("li.na", 1, False, at) is None
    assert failed_sign_ins("li.na", 2, False, at) is None
    warn = failed_sign_ins("li.na", 3, False, at)
    fourth = failed_sign_ins("li.na", 4, False, at)
    locked = failed_sign_ins("li.na", 5, True, at)
    assert warn is not None
    assert fourth is not None
    assert locked is not None
    assert {warn.kind, locked.kind} == {AlertKind.FAILED_SIGN_INS}
    assert fourth.key == warn.key == "failed_sign_ins:li.na:2026-11-23:warn"
    assert locked.key == "failed_sign_ins:li.na:2026-11-23:locked"
    assert "not locked yet" in warn.detail
    assert "5 failed sign-ins" in locked.detail
    assert "account locked" in locked.detail
    tomorrow = failed_sign_ins("li.na", 3, False, at + timedelta(days=1))
    assert tomorrow is not None
    assert tomorrow.key != warn.key


def test_each_export_request_is_its_own_alert() -> None:
    alert = export_requested("li.na", "exp-1", 120, 4)
    assert (alert.kind, alert.key) == (AlertKind.EXPORT_REQUEST, "export_request:exp-1")
    assert "120 customers, 4 fields" in alert.detail
    assert export_requested("li.na", "exp-2", 120, 4).key != alert.key


@pytest.mark.parametrize("text", ["00:00-24:00 Asia/Shanghai", "08:00-08:00 Asia/Shanghai"])
def test_a_shop_open_round_the_clock_is_never_off_hours(text: str) -> None:
    hours = parse_hours(text)
    for hour in (0, 3, 8, 12, 23):
        assert off_hours("li.na", _shanghai(23, hour), hours) is None
