"""Due dates per regime, the official Chinese working-day calendar, extensions and urgency."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar  # type: ignore[import-untyped]
import pytest

from privault.domain.deadlines import (
    Urgency,
    add_cn_working_days,
    add_months,
    days_left,
    due_dates,
    extend,
    status_colour,
    urgency,
)
from privault.domain.errors import InvalidInputError
from privault.domain.requests import Regime, RequestType

CN, EU, CA = Regime.CN, Regime.EU, Regime.CA
ACCESS = RequestType.ACCESS
OPT_OUT = RequestType.OPT_OUT_SALE_SHARING


def _workdays_between(start: date, end: date) -> int:
    """Official working days after start up to and including end, by the package itself."""
    days = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(1 for d in days if chinese_calendar.is_workday(d))


@pytest.mark.parametrize(
    ("day", "is_workday"),
    [
        (date(2026, 10, 1), False),  # National Day
        (date(2026, 10, 7), False),  # last day of the Golden Week
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, make-up workday (调休)
        (date(2026, 9, 20), True),  # Sunday, make-up workday
        (date(2026, 9, 25), False),  # Mid-Autumn Festival, a Friday
    ],
)
def test_the_package_knows_the_2026_official_calendar(day: date, is_workday: bool) -> None:
    assert chinese_calendar.is_workday(day) is is_workday


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # Golden Week off, then Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13.
        (date(2026, 9, 30), 5, date(2026, 10, 13)),
        # Sun 20 Sep (make-up) counts, Fri 25 Sep (Mid-Autumn) and Oct 1-7 do not.
        (date(2026, 9, 18), 30, date(2026, 11, 5)),
    ],
)
def test_cn_working_days_follow_the_official_calendar_over_national_day(
    received: date, days: int, due: date
) -> None:
    deadlines = due_dates(received, [CN], ACCESS, cn_days=days, cn_working_days=True)
    assert deadlines.due_on == due
    assert not deadlines.is_provisional
    assert chinese_calendar.is_workday(due)
    assert _workdays_between(received, due) == days
    assert _workdays_between(received, due - timedelta(days=1)) == days - 1


def test_cn_working_days_differ_from_a_plain_monday_to_friday_week() -> None:
    received = date(2026, 9, 30)
    weekdays_only = received + timedelta(days=2)  # Thu Oct 1, Fri Oct 2 would be days 1 and 2
    due_on, _ = add_cn_working_days(received, 2)
    assert due_on == date(2026, 10, 9) != weekdays_only


def test_a_year_the_package_does_not_know_falls_back_to_weekdays_and_is_provisional() -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2099, 1, 5))
    deadlines = due_dates(date(2099, 1, 2), [CN, EU], ACCESS, cn_days=3, cn_working_days=True)
    assert deadlines.for_regime(CN).due_on == date(2099, 1, 7)  # Fri 2 → Mon, Tue, Wed
    assert deadlines.for_regime(CN).is_provisional
    assert not deadlines.for_regime(EU).is_provisional
    assert deadlines.is_provisional


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        (date(2025, 1, 31), 30, date(2025, 3, 2)),
        (date(2025, 1, 31), 15, date(2025, 2, 15)),
        (date(2026, 9, 30), 30, date(2026, 10, 30)),  # calendar days ignore the holiday
    ],
)
@pytest.mark.legal("GB/T 35273-2020 §8.7")
def test_cn_counts_calendar_days_by_default(received: date, days: int, due: date) -> None:
    deadlines = due_dates(received, [CN], ACCESS, cn_days=days)
    assert deadlines.due_on == due
    assert deadlines.acknowledge_by is None
    assert not deadlines.is_provisional


@pytest.mark.parametrize("days", [0, -1, 31])
def test_cn_days_outside_one_to_thirty_are_refused(days: int) -> None:
    with pytest.raises(InvalidInputError) as caught:
        due_dates(date(2025, 1, 31), [CN], ACCESS, cn_days=days)
    assert caught.value.field == "cn_days"


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2025, 1, 31), date(2025, 2, 28)),
        (date(2024, 1, 31), date(2024, 2, 29)),
        (date(2025, 3, 31), date(2025, 4, 30)),
        (date(2025, 12, 15), date(2026, 1, 15)),
        (date(2025, 2, 28), date(2025, 3, 28)),
    ],
)
@pytest.mark.legal("GDPR Art. 12(3)")
def test_eu_is_one_calendar_month_clamped_to_the_month_end(received: date, due: date) -> None:
    assert due_dates(received, [EU], ACCESS).due_on == due


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 3, date(2025, 4, 30)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
    ],
)
def test_add_months_clamps_across_years(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("received", "acknowledge_by", "due"),
    [
        (date(2025, 1, 10), date(2025, 1, 24), date(2025, 2, 24)),  # Friday
        (date(2025, 1, 11), date(2025, 1, 24), date(2025, 2, 25)),  # Saturday
        (date(2025, 1, 15), date(2025, 1, 29), date(2025, 3, 1)),  # Wednesday, two weekends
    ],
)
@pytest.mark.legal("CCPA §1798.130")
def test_ca_acknowledges_within_ten_business_days_and_answers_within_45_days(
    received: date, acknowledge_by: date, due: date
) -> None:
    deadlines = due_dates(received, [CA], ACCESS)
    assert deadlines.acknowledge_by == acknowledge_by
    assert deadlines.due_on == due


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2025, 1, 10), date(2025, 1, 31)),  # Friday: three weekends skipped
        (date(2025, 1, 12), date(2025, 1, 31)),  # Sunday counts from Monday
        (date(2025, 1, 13), date(2025, 2, 3)),  # Monday: the 15th lands after a weekend
    ],
)
@pytest.mark.legal("CCPA Regs §7026(f)")
def test_ca_opt_out_of_sale_or_sharing_is_due_in_15_business_days(
    received: date, due: date
) -> None:
    deadlines = due_dates(received, [CA], OPT_OUT)
    assert deadlines.due_on == due
    assert deadlines.acknowledge_by is None


@pytest.mark.parametrize(
    ("regimes", "due", "binding"),
    [
        ([CN, EU], date(2025, 2, 28), EU),  # CN would be 2025-03-02
        ([CA, CN], date(2025, 3, 2), CN),
        ([CA, EU, CN], date(2025, 2, 28), EU),
        ([CA, CA], date(2025, 3, 17), CA),
    ],
)
def test_a_customer_under_several_regimes_gets_the_earliest_date(
    regimes: list[Regime], due: date, binding: Regime
) -> None:
    deadlines = due_dates(date(2025, 1, 31), regimes, ACCESS)
    assert deadlines.due_on == due
    assert deadlines.binding_regime is binding
    assert len(deadlines.per_regime) == len(set(regimes))


def test_the_ca_acknowledgement_is_kept_when_another_regime_is_earlier() -> None:
    deadlines = due_dates(date(2025, 1, 10), [CN, CA], ACCESS)
    assert deadlines.due_on == date(2025, 2, 9)
    assert deadlines.acknowledge_by == date(2025, 1, 24)


def test_no_regime_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        due_dates(date(2025, 1, 31), [], ACCESS)
    assert caught.value.field == "regimes"


@pytest.mark.parametrize(
    ("regime", "received", "notice", "extended"),
    [
        (EU, date(2025, 1, 31), date(2025, 2, 28), date(2025, 4, 30)),  # on the due day
        (EU, date(2025, 1, 31), date(2025, 2, 3), date(2025, 4, 30)),
        (CA, date(2025, 1, 10), date(2025, 2, 24), date(2025, 4, 10)),
        (CA, date(2025, 1, 10), date(2025, 1, 10), date(2025, 4, 10)),  # on the day received
    ],
)
def test_an_extension_with_notice_by_the_first_due_date_is_granted(
    regime: Regime, received: date, notice: date, extended: date
) -> None:
    deadlines = extend(due_dates(received, [regime], ACCESS), regime, notice)
    assert deadlines.due_on == extended
    assert deadlines.for_regime(regime).is_extended


@pytest.mark.parametrize(
    ("regime", "received", "notice"),
    [
        (EU, date(2025, 1, 31), date(2025, 3, 1)),
        (CA, date(2025, 1, 10), date(2025, 2, 25)),
        (EU, date(2025, 1, 31), date(2025, 1, 30)),  # before the request arrived
    ],
)
def test_an_extension_noticed_outside_the_first_period_is_refused(
    regime: Regime, received: date, notice: date
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        extend(due_dates(received, [regime], ACCESS), regime, notice)
    assert caught.value.field == "notice_sent_on"


@pytest.mark.parametrize(
    ("regimes", "request_type", "regime"),
    [
        ([CN], ACCESS, CN),  # no extension under Chinese law
        ([CN, EU], ACCESS, CN),
        ([CA], OPT_OUT, CA),  # opt-outs have a fixed 15 business days
        ([EU], ACCESS, CA),  # not a regime of this request
    ],
)
def test_an_extension_where_the_law_allows_none_is_refused(
    regimes: list[Regime], request_type: RequestType, regime: Regime
) -> None:
    deadlines = due_dates(date(2025, 1, 10), regimes, request_type)
    with pytest.raises(InvalidInputError) as caught:
        extend(deadlines, regime, date(2025, 1, 11))
    assert caught.value.field == "regime"


def test_a_second_extension_is_refused() -> None:
    once = extend(due_dates(date(2025, 1, 31), [EU], ACCESS), EU, date(2025, 2, 1))
    with pytest.raises(InvalidInputError) as caught:
        extend(once, EU, date(2025, 2, 2))
    assert caught.value.field == "regime"


def test_extending_one_regime_leaves_the_earliest_of_the_others_in_force() -> None:
    deadlines = due_dates(date(2025, 1, 31), [CN, EU], ACCESS)
    extended = extend(deadlines, EU, date(2025, 2, 10))
    assert extended.for_regime(EU).due_on == date(2025, 4, 30)
    assert extended.for_regime(CN) == deadlines.for_regime(CN)
    assert extended.due_on == date(2025, 3, 2)
    assert extended.binding_regime is CN


@pytest.mark.parametrize(
    ("today", "left", "expected", "colour"),
    [
        (date(2025, 3, 12), -2, Urgency.OVERDUE, "red"),
        (date(2025, 3, 11), -1, Urgency.OVERDUE, "red"),
        (date(2025, 3, 10), 0, Urgency.NEARLY_DUE, "amber"),  # the due day is still in time
        (date(2025, 3, 7), 3, Urgency.NEARLY_DUE, "amber"),
        (date(2025, 3, 6), 4, Urgency.OK, "green"),
    ],
)
def test_urgency_marks_overdue_and_nearly_due_requests(
    today: date, left: int, expected: Urgency, colour: str
) -> None:
    due = date(2025, 3, 10)
    assert days_left(due, today) == left
    assert urgency(due, today) is expected
    assert status_colour(due, today) == colour


def test_the_nearly_due_window_is_configurable() -> None:
    assert urgency(date(2025, 3, 10), date(2025, 3, 3), nearly_due_days=7) is Urgency.NEARLY_DUE
