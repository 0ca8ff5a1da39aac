"""Legal clocks of data-subject requests: due dates per regime, extensions, urgency for alerts."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

import chinese_calendar  # type: ignore[import-untyped]

from privault.domain.errors import InvalidInputError
from privault.domain.requests import Regime, RequestType

# GB/T 35273-2020 §8.7: answer within 30 days in principle (PIPL Art. 50 only says "timely").
CN_DAYS = 30
# CCPA §1798.130(a)(2): 45 calendar days, once extendable by 45 with notice.
CA_DAYS = 45
CA_EXTENSION_DAYS = 45
# CCPA regs §7021(a): confirm receipt within 10 business days; §7026(f): act on an opt-out of
# sale or sharing within 15 business days. The regulations do not list holidays, so a business
# day here is Monday to Friday; counting state holidays too would only move the date later.
CA_ACKNOWLEDGE_BUSINESS_DAYS = 10
CA_OPT_OUT_BUSINESS_DAYS = 15
# GB/T 35273-2020 §8.5: an account is closed within the promised time, at most 15 working days.
CN_ACCOUNT_CLOSURE_WORKING_DAYS = 15
# GDPR Art. 12(3): one month, extendable by two further months with notice within the first.
EU_MONTHS = 1
EU_EXTENSION_MONTHS = 2
NEARLY_DUE_DAYS = 3


class Urgency(StrEnum):
    OVERDUE = "overdue"
    NEARLY_DUE = "nearly_due"
    OK = "ok"


_COLOURS = {Urgency.OVERDUE: "red", Urgency.NEARLY_DUE: "amber", Urgency.OK: "green"}


@dataclass(frozen=True)
class RegimeDeadline:
    regime: Regime
    due_on: date
    acknowledge_by: date | None = None
    is_extended: bool = False
    # Counted partly on an assumed Mon-Fri week because the official calendar for that year
    # is not published yet (or not known to the installed chinese_calendar).
    is_provisional: bool = False


@dataclass(frozen=True)
class Deadlines:
    received_on: date
    request_type: RequestType
    per_regime: tuple[RegimeDeadline, ...]

    @property
    def due_on(self) -> date:
        """A person under several regimes gets the earliest date."""
        return min(d.due_on for d in self.per_regime)

    @property
    def binding_regime(self) -> Regime:
        return min(self.per_regime, key=lambda d: d.due_on).regime

    @property
    def acknowledge_by(self) -> date | None:
        dates = [d.acknowledge_by for d in self.per_regime if d.acknowledge_by is not None]
        return min(dates) if dates else None

    @property
    def is_provisional(self) -> bool:
        return any(d.is_provisional for d in self.per_regime)

    def for_regime(self, regime: Regime) -> RegimeDeadline:
        for deadline in self.per_regime:
            if deadline.regime is regime:
                return deadline
        raise InvalidInputError(
            "the request is not under {regime}", field="regime", params={"regime": regime}
        )


def due_dates(
    received: date,
    regimes: Iterable[Regime],
    request_type: RequestType,
    *,
    cn_days: int = CN_DAYS,
    cn_working_days: bool = False,
) -> Deadlines:
    """Day 1 is the day after receipt; each regime's last day to answer, and the earliest."""
    if not 1 <= cn_days <= CN_DAYS:
        raise InvalidInputError("between 1 and {limit}", field="cn_days", params={"limit": CN_DAYS})
    per_regime = tuple(
        _regime_deadline(received, r, request_type, cn_days, cn_working_days)
        for r in dict.fromkeys(regimes)
    )
    if not per_regime:
        raise InvalidInputError("name at least one of CN, EU, CA", field="regimes")
    return Deadlines(received, request_type, per_regime)


def extend(deadlines: Deadlines, regime: Regime, notice_sent_on: date) -> Deadlines:
    """Only EU and CA allow an extension, once, by a notice sent by the first due date."""
    current = deadlines.for_regime(regime)
    if regime is Regime.CN:
        raise InvalidInputError("Chinese law allows no extension", field="regime")
    if regime is Regime.CA and deadlines.request_type is RequestType.OPT_OUT_SALE_SHARING:
        raise InvalidInputError("an opt-out of sale or sharing cannot be extended", field="regime")
    if current.is_extended:
        raise InvalidInputError(
            "the {regime} due date was extended already", field="regime", params={"regime": regime}
        )
    if notice_sent_on < deadlines.received_on:
        raise InvalidInputError("before the request was received", field="notice_sent_on")
    if notice_sent_on > current.due_on:
        raise InvalidInputError(
            "after the first due date {due_on}; an extension needs notice before it",
            field="notice_sent_on",
            params={"due_on": current.due_on},
        )
    if regime is Regime.EU:
        # Counted from receipt, so a Jan 31 request ends on Apr 30, not Feb 28 + 2 months.
        due_on = add_months(deadlines.received_on, EU_MONTHS + EU_EXTENSION_MONTHS)
    else:
        due_on = current.due_on + timedelta(days=CA_EXTENSION_DAYS)
    extended = replace(current, due_on=due_on, is_extended=True)
    return replace(
        deadlines,
        per_regime=tuple(extended if d is current else d for d in deadlines.per_regime),
    )


def days_left(due: date, today: date) -> int:
    """Zero on the due day itself; negative once overdue."""
    return (due - today).days


def urgency(due: date, today: date, *, nearly_due_days: int = NEARLY_DUE_DAYS) -> Urgency:
    left = days_left(due, today)
    if left < 0:
        return Urgency.OVERDUE
    return Urgency.NEARLY_DUE if left <= nearly_due_days else Urgency.OK


def status_colour(due: date, today: date) -> str:
    return _COLOURS[urgency(due, today)]


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it has no such day."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_business_days(start: date, days: int) -> date:
    current = start
    for _ in range(days):
        current += timedelta(days=1)
        while current.weekday() >= 5:
            current += timedelta(days=1)
    return current


def add_cn_working_days(start: date, days: int) -> tuple[date, bool]:
    """The `days`-th official working day after start (调休 included) and whether it is provisional.

    For a year the installed calendar does not know yet, Monday to Friday stands in."""
    current, counted, is_provisional = start, 0, False
    while counted < days:
        current += timedelta(days=1)
        try:
            is_workday = bool(chinese_calendar.is_workday(current))
        except NotImplementedError:
            is_workday, is_provisional = current.weekday() < 5, True
        counted += is_workday
    return current, is_provisional


def _regime_deadline(
    received: date, regime: Regime, request_type: RequestType, cn_days: int, cn_working: bool
) -> RegimeDeadline:
    if regime is Regime.CN:
        return _cn_deadline(received, request_type, cn_days, cn_working)
    if regime is Regime.EU:
        return RegimeDeadline(regime, add_months(received, EU_MONTHS))
    if request_type is RequestType.OPT_OUT_SALE_SHARING:
        return RegimeDeadline(regime, add_business_days(received, CA_OPT_OUT_BUSINESS_DAYS))
    return RegimeDeadline(
        regime,
        received + timedelta(days=CA_DAYS),
        acknowledge_by=add_business_days(received, CA_ACKNOWLEDGE_BUSINESS_DAYS),
    )


def _cn_deadline(
    received: date, request_type: RequestType, cn_days: int, cn_working: bool
) -> RegimeDeadline:
    """The shop's promise (30 days or fewer); an account closure within 15 working days."""
    if cn_working:
        due_on, is_provisional = add_cn_working_days(received, cn_days)
    else:
        due_on, is_provisional = received + timedelta(days=cn_days), False
    if request_type is RequestType.ACCOUNT_CLOSURE:
        closure_on, closure_provisional = add_cn_working_days(
            received, CN_ACCOUNT_CLOSURE_WORKING_DAYS
        )
        if closure_on < due_on:
            due_on, is_provisional = closure_on, closure_provisional
    return RegimeDeadline(Regime.CN, due_on, is_provisional=is_provisional)
