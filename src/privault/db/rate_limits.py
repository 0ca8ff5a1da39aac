"""Fixed-window counters in the data database, so every worker process counts together."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Connection, insert, select, update

from privault.db.tables import rate_limits


class RateLimitRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def count(self, key: str, now: datetime, window: timedelta) -> int:
        """The hits for `key` in the current window, without counting one more."""
        query = select(rate_limits.c.window_start, rate_limits.c.hits).where(
            rate_limits.c.key == key
        )
        row = self._c.execute(query).first()
        if row is None or row.window_start + window <= now:
            return 0
        return int(row.hits)

    def hit(self, key: str, now: datetime, window: timedelta) -> int:
        """Counts one more hit for `key` and returns the hits in the current window."""
        query = select(rate_limits.c.window_start, rate_limits.c.hits).where(
            rate_limits.c.key == key
        )
        if self._c.dialect.name == "postgresql":
            query = query.with_for_update()
        row = self._c.execute(query).first()
        if row is None:
            self._c.execute(insert(rate_limits).values(key=key, window_start=now, hits=1))
            return 1
        restart = row.window_start + window <= now
        hits = 1 if restart else int(row.hits) + 1
        start = now if restart else row.window_start
        self._c.execute(
            update(rate_limits)
            .where(rate_limits.c.key == key)
            .values(window_start=start, hits=hits)
        )
        return hits
