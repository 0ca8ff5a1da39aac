"""One-time codes for identity verification; only a keyed hash of each code is stored."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, delete, func, insert, select, update

from privault.db.tables import one_time_codes


class OneTimeCode(NamedTuple):
    id: int
    customer_id: str
    request_id: str | None
    channel: str
    code_hash: bytes
    sent_at: datetime
    expires_at: datetime
    attempts: int
    used_at: datetime | None


class OneTimeCodeRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(
        self,
        customer_id: str,
        request_id: str | None,
        channel: str,
        code_hash: bytes,
        sent_at: datetime,
        expires_at: datetime,
    ) -> int:
        statement = insert(one_time_codes).values(
            customer_id=customer_id,
            request_id=request_id,
            channel=channel,
            code_hash=code_hash,
            sent_at=sent_at,
            expires_at=expires_at,
            attempts=0,
        )
        key = self._c.execute(statement).inserted_primary_key
        return int(key[0]) if key else 0

    def latest(self, request_id: str) -> OneTimeCode | None:
        """Only the newest code of a request counts: sending another retires the older ones."""
        query = (
            select(one_time_codes)
            .where(one_time_codes.c.request_id == request_id)
            .order_by(one_time_codes.c.id.desc())
            .limit(1)
        )
        row = self._c.execute(query).first()
        return None if row is None else OneTimeCode(**row._mapping)

    def sent_since(self, customer_id: str, since: datetime) -> int:
        c = one_time_codes.c
        query = select(func.count()).where(c.customer_id == customer_id, c.sent_at >= since)
        return int(self._c.execute(query).scalar_one())

    def count_wrong_attempt(self, code_id: int) -> None:
        # Incremented in SQL so that two guesses at once both count.
        self._c.execute(
            update(one_time_codes)
            .where(one_time_codes.c.id == code_id)
            .values(attempts=one_time_codes.c.attempts + 1)
        )

    def use(self, code_id: int, at: datetime) -> bool:
        """False when another caller used the code first."""
        c = one_time_codes.c
        statement = (
            update(one_time_codes).where(c.id == code_id, c.used_at.is_(None)).values(used_at=at)
        )
        return bool(self._c.execute(statement).rowcount)

    def purge_expired(self, before: datetime) -> int:
        """Codes that expired before `before`: nothing can use them, and the hourly sending
        limit looks back one hour only."""
        return self._c.execute(
            delete(one_time_codes).where(one_time_codes.c.expires_at < before)
        ).rowcount
