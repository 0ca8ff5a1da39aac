"""The dashboard's figures: counts per purpose, status, store and day; no personal values."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from privault.domain.deadlines import NEARLY_DUE_DAYS, days_left
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.requests import RequestStatus
from privault.services.requests.records import local_day
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

WEEK_DAYS = 7
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
class Dashboard:
    customers: int
    consent_rates: tuple[ConsentRate, ...]
    requests_by_status: tuple[Count, ...]
    open_requests_by_days_left: tuple[Count, ...]
    customers_by_store: tuple[Count, ...]
    alerts_by_day: tuple[Count, ...]  # the last seven days, oldest first


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
        alerts_by_day=_per_day(figures.alert_times(_week_start(uc.now)), uc.now),
    )


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


def _per_day(times: list[datetime], now: datetime) -> tuple[Count, ...]:
    seen = Counter(t.date() for t in times)
    days = [(now - timedelta(days=back)).date() for back in range(WEEK_DAYS - 1, -1, -1)]
    return tuple(Count(day.isoformat(), seen.get(day, 0)) for day in days)
