"""The dashboard's figures: counts per purpose, status, store and day; no personal values."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from privault.domain.deadlines import NEARLY_DUE_DAYS, days_left
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.requests import RequestStatus
from privault.services.requests.records import local_day
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

WEEK_DAYS = 7
MONTHS = 12
# Days-left bands of the open requests, most urgent first: (label, lowest, highest).
DAYS_LEFT_BANDS: tuple[tuple[str, int | None, int | None], ...] = (
    ("overdue", None, -1),
    (f"0-{NEARLY_DUE_DAYS}", 0, NEARLY_DUE_DAYS),
    (f"{NEARLY_DUE_DAYS + 1}-14", NEARLY_DUE_DAYS + 1, 14),
    ("15+", 15, None),
)


@dataclass(frozen=True)
class Count:
    key: str  # a purpose, status, store, band or day
    value: int


@dataclass(frozen=True)
class ConsentRate:
    purpose: str
    name_zh: str
    name_en: str
    consented: int
    customers: int

    @property
    def percent(self) -> int:
        return round(100 * self.consented / self.customers) if self.customers else 0


@dataclass(frozen=True)
class ChannelMonths:
    channel: str  # where customers registered: store, web, phone, survey, pos, import
    counts: tuple[int, ...]  # per month of Dashboard.months


@dataclass(frozen=True)
class Dashboard:
    customers: int
    consent_rates: tuple[ConsentRate, ...]
    requests_by_status: tuple[Count, ...]
    open_requests_by_days_left: tuple[Count, ...]
    customers_by_store: tuple[Count, ...]
    alerts_by_day: tuple[Count, ...]  # the last seven days in the shop's zone, oldest first
    months: tuple[
        str, ...
    ] = ()  # the last twelve months in the shop's zone (YYYY-MM), oldest first
    registrations: tuple[ChannelMonths, ...] = ()  # new customers per channel and month
    requests_on_time: tuple[Count, ...] = ()  # answered in those months: on_time, late


def show_dashboard(vault: Vault, actor: Actor) -> Dashboard:
    """Aggregates only, within the actor's stores; reading it is audited as a report."""
    with use_case(vault, actor) as uc:
        uc.require(Action.ALERT_READ)
        dashboard = _figures(uc, store_scope(actor, uc.roles, Action.ALERT_READ))
        reason = f"dashboard report: counts of {dashboard.customers} customers, no values"
        uc.record(Action.ALERT_READ, reason=reason)
        uc.commit()
    return dashboard


def _figures(uc: UseCase, stores: frozenset[str]) -> Dashboard:
    figures = uc.uow.dashboard
    by_store = figures.customers_by_store(stores)
    total = sum(by_store.values())
    granted = figures.consented_customers(stores)
    statuses = figures.requests_by_status(stores)
    due = figures.open_request_due_dates(stores)
    return Dashboard(
        customers=total,
        consent_rates=tuple(
            ConsentRate(key, p.name_zh, p.name_en, granted.get(key, 0), total)
            for key, p in uc.catalog.purposes.items()
        ),
        requests_by_status=tuple(Count(s.value, statuses.get(s.value, 0)) for s in RequestStatus),
        open_requests_by_days_left=_bands(due, local_day(uc.vault, uc.uow, uc.now)),
        customers_by_store=tuple(Count(store, n) for store, n in by_store.items()),
        alerts_by_day=_per_day(uc, figures.alert_times(_week_start(uc.now))),
        **_yearly(uc, stores),
    )


def _yearly(uc: UseCase, stores: frozenset[str]) -> dict[str, Any]:
    """The last twelve months by the shop's calendar: registrations per channel, and requests
    answered by their due day or after it."""
    months = _months(local_day(uc.vault, uc.uow, uc.now))
    since = uc.now - timedelta(days=MONTHS * 31 + 1)  # a margin; the months filter the rest
    month_of = _local_days(uc)
    per_channel: dict[str, Counter[str]] = {}
    for channel, at in uc.uow.dashboard.registrations_since(stores, since):
        per_channel.setdefault(channel, Counter())[month_of(at).isoformat()[:7]] += 1
    answered = Counter(
        "on_time" if month_of(at) <= due else "late"
        for due, at in uc.uow.dashboard.requests_closed_since(stores, since)
        if month_of(at).isoformat()[:7] >= months[0]
    )
    return {
        "months": months,
        "registrations": tuple(
            ChannelMonths(ch, tuple(seen.get(m, 0) for m in months))
            for ch, seen in sorted(per_channel.items())
        ),
        "requests_on_time": (
            Count("on_time", answered["on_time"]),
            Count("late", answered["late"]),
        ),
    }


def _months(today: date) -> tuple[str, ...]:
    year, month = today.year, today.month
    found = []
    for _ in range(MONTHS):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return tuple(reversed(found))


def _local_days(uc: UseCase) -> Callable[[datetime], date]:
    hours = uc.vault.opening_hours(uc.uow)
    return lambda at: date.fromisoformat(hours.local_date(at))


def _week_start(now: datetime) -> datetime:
    return (now - timedelta(days=WEEK_DAYS - 1)).replace(hour=0, minute=0, second=0, microsecond=0)


def _bands(due: list[date], today: date) -> tuple[Count, ...]:
    left = [days_left(d, today) for d in due]
    return tuple(
        Count(label, sum(1 for n in left if _within(n, low, high)))
        for label, low, high in DAYS_LEFT_BANDS
    )


def _within(n: int, low: int | None, high: int | None) -> bool:
    return (low is None or n >= low) and (high is None or n <= high)


def _per_day(uc: UseCase, times: list[datetime]) -> tuple[Count, ...]:
    day_of = _local_days(uc)
    seen = Counter(day_of(t) for t in times)
    today = day_of(uc.now)
    days = [today - timedelta(days=back) for back in range(WEEK_DAYS - 1, -1, -1)]
    return tuple(Count(day.isoformat(), seen.get(day, 0)) for day in days)
