"""The audit trail as a whole: snapshots for verification, chain heads, purging old events."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, select, update

from privault.db.audit import CHAINS_PG
from privault.db.tables import audit_events, audit_heads
from privault.db.trail_reader import DriverTarget, TrailReader
from privault.domain.audit_trail import ChainHead


@contextmanager
def read_snapshot(engine: Engine) -> Iterator[TrailReader]:
    """A read-only view of the trail as of one moment, which writers do not wait for.

    SQLite: a deferred transaction (the engine's usual BEGIN IMMEDIATE would stop every writer
    for the length of a verification); WAL gives it a stable snapshot. PostgreSQL: REPEATABLE
    READ, so heads and events are read as of the same moment.
    """
    pooled = engine.raw_connection()
    try:
        driver: Any = pooled.driver_connection
        cursor = driver.cursor()
        if engine.dialect.name == "postgresql":
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        else:
            cursor.execute("BEGIN")
        cursor.close()
        yield TrailReader(driver, engine.dialect.name, _chains(engine.dialect.name))
    finally:
        pooled.rollback()
        pooled.close()


class AuditTrailRepository:
    """The trail as a whole, inside a unit of work: chain heads, and purging old events."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def reader(self) -> TrailReader:
        """Reads inside this unit of work's transaction (begun by an earlier statement)."""
        dialect = self._c.dialect.name
        return TrailReader(self._c.connection.driver_connection, dialect, _chains(dialect))

    def heads(self, *, lock: bool = False) -> list[ChainHead]:
        """`lock`: no event is appended until this transaction ends."""
        heads = audit_heads.c
        query = select(heads.chain, heads.seq, heads.hash, heads.base_seq, heads.base_hash)
        query = query.order_by(heads.chain)
        rows = self._c.execute(query.with_for_update() if lock else query).all()
        return [ChainHead(int(c), int(s), bytes(h), int(bs), bytes(bh)) for c, s, h, bs, bh in rows]

    def first_seqs_from(self, at: datetime) -> dict[int, int]:
        """Per chain, the first seq of an event at or after `at` (one pass over the table)."""
        events = audit_events.c
        query = (
            select(events.chain, func.min(events.seq)).where(events.at >= at).group_by(events.chain)
        )
        return {int(chain): int(seq) for chain, seq in self._c.execute(query)}

    def purge(self, chain: int, upto_seq: int, base_link: bytes) -> int:
        """Deletes a chain's events up to `upto_seq`; the chain then starts from that link."""
        events, heads = audit_events.c, audit_heads.c
        deleted = self._c.execute(
            delete(audit_events).where(events.chain == chain, events.seq <= upto_seq)
        ).rowcount
        self._c.execute(
            update(audit_heads)
            .where(heads.chain == chain)
            .values(base_seq=upto_seq, base_hash=base_link)
        )
        return int(deleted)


def _chains(dialect: str) -> int:
    return CHAINS_PG if dialect == "postgresql" else 1


def driver_target(engine: Engine) -> DriverTarget:
    """How another process connects to the same data database with the bare driver."""
    url = engine.url
    if url.get_backend_name() == "postgresql":
        dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return DriverTarget("postgresql", dsn, CHAINS_PG)
    return DriverTarget("sqlite", url.database or "", 1)
