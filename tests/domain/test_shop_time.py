"""Times as the shop reads them: its zone, named."""

from __future__ import annotations

from datetime import UTC, datetime

from privault.domain.shop_time import shop_clock, shop_time


def test_a_late_evening_in_shanghai_is_shown_on_its_own_day_with_the_zone_named() -> None:
    at = datetime(2026, 11, 23, 15, 58, 7, tzinfo=UTC)

    assert shop_time(at, "Asia/Shanghai") == "2026-11-23 23:58 Asia/Shanghai"
    assert shop_time(at, "Asia/Shanghai", seconds=True) == "2026-11-23 23:58:07 Asia/Shanghai"
    assert shop_time(at, "Europe/Berlin") == "2026-11-23 16:58 Europe/Berlin"
    assert shop_clock(at, "Asia/Shanghai") == "23:58 Asia/Shanghai"


def test_no_time_is_an_empty_string() -> None:
    assert shop_time(None, "Asia/Shanghai") == ""
