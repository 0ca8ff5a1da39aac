"""Customers' portal sessions (only a hash of each token is kept) and their sign-in codes."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, insert, select, update

from privault.db.one_time_codes import OneTimeCode
from privault.db.tables import one_time_codes, portal_sessions


class PortalSession(NamedTuple):
    token_hash: bytes
    customer_id: str
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None


class PortalSessionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, token_hash: bytes, customer_id: str, at: datetime, expires_at: datetime) -> None:
        self._c.execute(
            insert(portal_sessions).values(
                token_hash=token_hash, customer_id=customer_id, created_at=at, expires_at=expires_at
            )
        )

    def get(self, token_hash: bytes) -> PortalSession | None:
        query = select(portal_sessions).where(portal_sessions.c.token_hash == token_hash)
        row = self._c.execute(query).first()
        return None if row is None else PortalSession(**row._mapping)

    def end(self, token_hash: bytes, at: datetime) -> bool:
        c = portal_sessions.c
        statement = (
            update(portal_sessions)
            .where(c.token_hash == token_hash, c.ended_at.is_(None))
            .values(ended_at=at)
        )
        return bool(self._c.execute(statement).rowcount)

    def latest_sign_in_code(self, customer_id: str) -> OneTimeCode | None:
        """A portal sign-in code has no request; only the newest one counts."""
        c = one_time_codes.c
        query = (
            select(one_time_codes)
            .where(c.customer_id == customer_id, c.request_id.is_(None))
            .order_by(c.id.desc())
            .limit(1)
        )
        row = self._c.execute(query).first()
        return None if row is None else OneTimeCode(**row._mapping)
