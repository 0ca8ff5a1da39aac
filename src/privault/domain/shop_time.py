"""Times as the shop reads them: in the shop's time zone, the zone named (2026-11-23 17:30
Asia/Shanghai), never a bare UTC clock a reader would take for local time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def shop_time(at: datetime | None, zone: str, *, seconds: bool = False) -> str:
    """An empty string for no time, so that templates and tables need no test of their own."""
    if at is None:
        return ""
    shape = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    return f"{at.astimezone(ZoneInfo(zone)).strftime(shape)} {zone}"


def shop_clock(at: datetime, zone: str) -> str:
    """Only the hour and minute, the zone named: for a time whose day is already on the page."""
    return f"{at.astimezone(ZoneInfo(zone)):%H:%M} {zone}"


def day_bounds(first: date | None, last: date | None, zone: str) -> tuple[datetime | None, ...]:
    """The instants a range of the shop's days covers: from the first day's midnight at the shop
    up to (not including) the midnight after the last; None where the range is open."""
    tz = ZoneInfo(zone)
    since = datetime.combine(first, time(), tz) if first else None
    before = datetime.combine(last + timedelta(days=1), time(), tz) if last else None
    return since, before
