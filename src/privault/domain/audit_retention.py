"""How long the audit trail is kept, and which purges that allows.

China's Cybersecurity Law (art. 21) requires network logs to be kept for at least six months:
183 days is the floor no setting can go below. The default keeps three years.
"""

from __future__ import annotations

from datetime import date, timedelta

from privault.domain.errors import InvalidInputError

FLOOR_DAYS = 183
DEFAULT_DAYS = 1095
MAX_DAYS = 36_525  # a century: anything longer is a typo, and dates would overflow


def check_retention_days(days: int) -> int:
    if days < FLOOR_DAYS:
        raise InvalidInputError(
            f"audit entries must be kept at least {FLOOR_DAYS} days (six months, the floor of "
            f"the Cybersecurity Law); {days} is below it",
            field="days",
        )
    if days > MAX_DAYS:
        raise InvalidInputError(f"at most {MAX_DAYS} days", field="days")
    return days


def effective_days(stored: str | None) -> int:
    """The stored setting, never below the floor even if the database was edited by hand."""
    try:
        days = int(stored) if stored is not None else DEFAULT_DAYS
    except ValueError:
        days = DEFAULT_DAYS
    return min(max(days, FLOOR_DAYS), MAX_DAYS)


def latest_purge_date(today: date, days: int) -> date:
    return today - timedelta(days=days)


def check_purge_date(before: date, today: date, days: int) -> None:
    """Only entries older than the retention period may go: `before` is exclusive."""
    latest = latest_purge_date(today, days)
    if before > latest:
        raise InvalidInputError(
            f"audit entries younger than {days} days are kept; "
            f"the latest date you may purge before is {latest.isoformat()}",
            field="before",
        )
