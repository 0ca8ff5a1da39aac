"""Staff violations and their sanctions (003 违规处理: 警告、停职、解雇).

A suspension disables the account for its term; a dismissal for good. Two violations within
twelve months raise an alert; each violation makes training due within 30 days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from privault.domain.errors import InvalidInputError

REPEAT_WINDOW = timedelta(days=365)
REPEAT_COUNT = 2
TRAINING_DUE = timedelta(days=30)
SUSPENSION_MAX_DAYS = 365


class SanctionKind(StrEnum):
    WARNING = "warning"  # 警告
    SUSPENSION = "suspension"  # 停职
    DISMISSAL = "dismissal"  # 解雇


@dataclass(frozen=True)
class Violation:
    id: str
    staff_name: str
    occurred_on: date
    description: str
    alert_ids: tuple[int, ...]
    event_ids: tuple[int, ...]
    recorded_at: datetime
    recorded_by: str
    training_due_on: date


@dataclass(frozen=True)
class Sanction:
    id: str
    violation_id: str
    staff_name: str
    kind: SanctionKind
    starts_on: date
    ends_on: date | None  # a suspension's last day; none for a warning or a dismissal
    recorded_at: datetime
    recorded_by: str
    lifted_at: datetime | None = None

    def disables_on(self, day: date) -> bool:
        if self.kind is SanctionKind.DISMISSAL:
            return day >= self.starts_on
        if self.kind is SanctionKind.SUSPENSION and self.ends_on is not None:
            return self.starts_on <= day <= self.ends_on
        return False


def parse_kind(raw: str) -> SanctionKind:
    chinese = {"警告": "warning", "停职": "suspension", "解雇": "dismissal"}
    value = chinese.get(raw.strip(), raw.strip().lower())
    try:
        return SanctionKind(value)
    except ValueError:
        raise InvalidInputError(
            "choose warning (警告), suspension (停职) or dismissal (解雇)", field="kind"
        ) from None


def sanction_term(
    kind: SanctionKind, starts_on: date, ends_on: date | None, today: date
) -> tuple[date, date | None]:
    """A suspension needs its last day; the other sanctions have none."""
    if starts_on < today - timedelta(days=30):
        raise InvalidInputError("a sanction starts at most 30 days back", field="starts_on")
    if kind is not SanctionKind.SUSPENSION:
        if ends_on is not None:
            raise InvalidInputError("only a suspension has an end date", field="ends_on")
        return starts_on, None
    if ends_on is None or ends_on < starts_on:
        raise InvalidInputError(
            "give the suspension's last day, on or after its first", field="ends_on"
        )
    if (ends_on - starts_on).days >= SUSPENSION_MAX_DAYS:
        raise InvalidInputError("a suspension lasts less than a year", field="ends_on")
    return starts_on, ends_on


def is_repeated(occurred: Iterable[date], day: date) -> bool:
    """Two or more violations within the twelve months up to `day`."""
    since = day - REPEAT_WINDOW
    return sum(1 for d in occurred if since < d <= day) >= REPEAT_COUNT


def training_due_on(occurred_on: date, today: date) -> date:
    return max(occurred_on, today) + TRAINING_DUE
