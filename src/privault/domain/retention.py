"""Retention rules: when an inactive customer is anonymised and when a consent purpose lapses.

Two rules. Inactivity: a customer with no visit, purchase or consent activity for the
installation's inactive period is crypto-shredded. Purpose: a consent-based purpose whose last
grant, and every activity after it, is older than the purpose's retention lapses; the fields
that only lapsed purposes justified are removed, as after a withdrawal.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from privault.domain.catalog import Catalog, LawfulBasis
from privault.domain.errors import InvalidInputError

INACTIVE_DAYS_KEY = "retention_inactive_days"
DEFAULT_INACTIVE_DAYS = 1095  # three years
MIN_INACTIVE_DAYS = 365
MAX_INACTIVE_DAYS = 36500
MAX_BATCH = 10_000
INACTIVITY = "inactivity"
PURPOSE = "purpose"


@dataclass(frozen=True)
class PurposeRule:
    purpose: str
    retention_days: int


@dataclass(frozen=True)
class RetentionRules:
    inactive_days: int
    purposes: tuple[PurposeRule, ...]

    def inactive_cutoff(self, now: datetime) -> datetime:
        """Customers whose last activity is before this are inactive."""
        return now - timedelta(days=self.inactive_days)

    def lapse_cutoff(self, now: datetime) -> datetime | None:
        """The latest point before which some purpose may have lapsed (None: no purpose rule)."""
        if not self.purposes:
            return None
        return now - timedelta(days=min(r.retention_days for r in self.purposes))

    def describe(self) -> list[dict[str, Any]]:
        """The rules as a certificate states them."""
        return [
            {"rule": INACTIVITY, "inactive_days": self.inactive_days},
            *(
                {"rule": PURPOSE, "purpose": r.purpose, "retention_days": r.retention_days}
                for r in self.purposes
            ),
        ]


@dataclass(frozen=True)
class RetentionRun:
    id: str
    started_at: datetime
    finished_at: datetime | None
    run_by: str
    is_dry_run: bool
    customers_erased: int
    fields_removed: int
    certificate_sha256: str | None = None


@dataclass(frozen=True)
class Lapse:
    """One customer's purposes that lapsed and the fields that go with them."""

    customer_id: str
    purposes: tuple[str, ...]
    fields: tuple[str, ...]


def rules_for(catalog: Catalog, inactive_days: int) -> RetentionRules:
    consent_based = sorted(
        (p for p in catalog.purposes.values() if p.lawful_basis is LawfulBasis.CONSENT),
        key=lambda p: p.key,
    )
    return RetentionRules(
        inactive_days, tuple(PurposeRule(p.key, p.retention_days) for p in consent_based)
    )


def lapsed_purposes(
    rules: RetentionRules, active: Iterable[str], last_activity_at: datetime, now: datetime
) -> tuple[str, ...]:
    """A consent event is activity, so the last grant is never later than the last activity:
    a purpose lapses once the last activity is older than its retention."""
    wanted = set(active)
    return tuple(
        r.purpose
        for r in rules.purposes
        if r.purpose in wanted and last_activity_at < now - timedelta(days=r.retention_days)
    )


def lapse_of(
    catalog: Catalog,
    rules: RetentionRules,
    customer_id: str,
    active: Iterable[str],
    held_fields: Iterable[str],
    last_activity_at: datetime,
    now: datetime,
) -> Lapse | None:
    """None when no purpose lapsed. A lapse is recorded in the consent ledger as a withdrawal,
    so a second sweep finds the purpose inactive and nothing left to do."""
    active_set = set(active)
    lapsed = lapsed_purposes(rules, active_set, last_activity_at, now)
    if not lapsed:
        return None
    remaining = active_set - set(lapsed)
    doomed = {f for p in lapsed for f in catalog.fields_justified_only_by(p, remaining)}
    return Lapse(customer_id, lapsed, tuple(sorted(doomed & set(held_fields))))


def inactivity_reason(last_activity_at: datetime) -> str:
    return f"retention: inactive since {last_activity_at:%Y-%m-%d}"


def lapse_reason(purposes: Iterable[str]) -> str:
    return f"retention: consent lapsed for {', '.join(purposes)}"


def parse_inactive_days(raw: int | str) -> int:
    try:
        days = int(raw)
    except (TypeError, ValueError):
        raise InvalidInputError("give a whole number of days", field="inactive_days") from None
    if not MIN_INACTIVE_DAYS <= days <= MAX_INACTIVE_DAYS:
        raise InvalidInputError(
            "between {low} and {high} days",
            field="inactive_days",
            params={"low": MIN_INACTIVE_DAYS, "high": MAX_INACTIVE_DAYS},
        )
    return days


def parse_batch_size(size: int) -> int:
    if not 1 <= size <= MAX_BATCH:
        raise InvalidInputError(
            "between 1 and {limit}", field="batch_size", params={"limit": MAX_BATCH}
        )
    return size


def erased_digest(ids: Iterable[str]) -> str:
    """sha256 of the sorted erased ids, one per line: proves the list without listing it."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def purpose_counts(lapses: Iterable[Lapse]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for lapse in lapses:
        for purpose in lapse.purposes:
            counts[purpose] = counts.get(purpose, 0) + 1
    return dict(sorted(counts.items()))


def merge_counts(first: Mapping[str, int], second: Mapping[str, int]) -> dict[str, int]:
    keys = sorted(set(first) | set(second))
    return {k: first.get(k, 0) + second.get(k, 0) for k in keys}
