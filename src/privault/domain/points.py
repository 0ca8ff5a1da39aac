"""Points: how many a purchase earns, when they expire, and how much is due to expire now.

The business sets the rate (points per yuan spent, default 1) and the time points last (default
24 months). Redemptions use the oldest points first, so what expires is what was earned before
the cut-off and not yet used up by everything taken out since."""

from __future__ import annotations

import calendar
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from privault.domain.errors import InvalidInputError
from privault.domain.ledger import EntryKind, Ledger, LedgerEntry, NewEntry

MAX_RATE = Decimal(100)
MAX_MONTHS = 120


@dataclass(frozen=True)
class PointsRules:
    points_per_yuan: Decimal = Decimal(1)
    expiry_months: int = 24

    def to_json(self) -> str:
        return json.dumps(
            {"points_per_yuan": str(self.points_per_yuan), "expiry_months": self.expiry_months}
        )


def rules_from_json(stored: str | None) -> PointsRules:
    if not stored:
        return PointsRules()
    data = json.loads(stored)
    return PointsRules(Decimal(data["points_per_yuan"]), int(data["expiry_months"]))


def parse_rules(rate: str | None, months: str | None, current: PointsRules) -> PointsRules:
    """Either setting may be left out, keeping what is set now."""
    return PointsRules(
        current.points_per_yuan if rate is None else _rate(rate),
        current.expiry_months if months is None else _months(months),
    )


def _rate(raw: str) -> Decimal:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or not 0 <= value <= MAX_RATE:
        raise InvalidInputError(
            "a number from 0 to {limit}, such as 1 or 0.5",
            field="points_per_yuan",
            params={"limit": MAX_RATE},
        )
    return value


def _months(raw: str) -> int:
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_MONTHS:
        raise InvalidInputError(
            "a whole number of months from 1 to {limit}",
            field="expiry_months",
            params={"limit": MAX_MONTHS},
        )
    return int(text)


def earned(cents: int | None, rules: PointsRules) -> int:
    """Whole points, rounded down: 1 point per yuan on 128.50 is 128."""
    if not cents or cents < 0:
        return 0
    return int(Decimal(cents) * rules.points_per_yuan // 100)


def months_later(at: datetime, months: int) -> datetime:
    """The same day so many months on; the 31st becomes the month's last day."""
    month0 = at.month - 1 + months
    year, month = at.year + month0 // 12, month0 % 12 + 1
    day = min(at.day, calendar.monthrange(year, month)[1])
    return at.replace(year=year, month=month, day=day)


def due_to_expire(entries: Sequence[LedgerEntry], now: datetime) -> int:
    """Points earned with an expiry at or before `now`, less everything taken out so far
    (oldest first), never more than the balance."""
    lapsed = sum(e.amount for e in entries if e.amount > 0 and e.expires_at and e.expires_at <= now)
    taken = -sum(e.amount for e in entries if e.amount < 0)
    balance = sum(e.amount for e in entries)
    return max(0, min(balance, lapsed - taken))


RULES_KEY = "points_rules"  # the installation setting holding the business's rules


def points_entry(
    customer_id: str,
    store: str,
    kind: EntryKind,
    points: int,
    at: datetime,
    by: str,
    stored_rules: str | None,
    *,
    reason: str | None = None,
    transaction_id: int | None = None,
) -> NewEntry:
    """Points added last the business's expiry time from `at`; points taken out carry none.
    `stored_rules`: the installation's setting (RULES_KEY), None for the defaults."""
    rules = rules_from_json(stored_rules)
    expires = months_later(at, rules.expiry_months) if points > 0 else None
    return NewEntry(
        Ledger.POINTS,
        customer_id,
        store,
        kind,
        points,
        at,
        by,
        reason=reason,
        transaction_id=transaction_id,
        expires_at=expires,
    )


def taken_back(earned_points: int, held: int) -> tuple[int, int]:
    """A reversed purchase takes back the points it earned: what is still held now, never going
    below 0; the rest (already redeemed or expired) is owed and paid back first from the points
    the customer earns next. This is the usual loyalty practice where balances may not go
    negative (no cash is withheld from the refund, nothing is written off silently)."""
    now = min(earned_points, max(held, 0))
    return now, earned_points - now
