"""Fast reads of the audit chain for verification and purges: raw driver cursors, no row objects.

A verification reads every event, so per-row work decides its speed. The database itself builds
each event's chain payload (the exact bytes of `chain_payload`) and returns four plain values per
row; SQLAlchemy's Row and type processing would cost more than the HMAC. No SQLAlchemy import
here: a helper process that walks part of the trail starts in a fraction of the time.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from privault.domain.audit_trail import ChainHead, TrailRow

BATCH = 50_000  # seqs per query: bounded memory, few round trips
MAX_HOLES = 64

# Both must give exactly domain.audit.chain_payload(event, chain, seq): fields joined by \x1f,
# NULL as empty, `at` in UTC as "YYYY-MM-DD HH:MM:SS.ffffff". SQLite keeps `at` as that very text.
_COLUMNS = (
    "chain, seq, at, actor, role, store, action, outcome, customer_id, fields, purpose, "
    "request_id, reason"
)
_SQLITE_PAYLOAD = f"CAST(printf('{chr(0x1F).join(['%s'] * 13)}', {_COLUMNS}) AS BLOB)"
# `||` rather than concat_ws(): PostgreSQL evaluates it at about half the cost per row.
_PG_PAYLOAD = "convert_to({}, 'UTF8')".format(
    " || chr(31) || ".join(
        "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        if c == "at"
        else f"coalesce({c}::text, '')"
        for c in _COLUMNS.split(", ")
    )
)


class TrailReader:
    """Reads the trail on a driver connection inside a transaction someone else opened."""

    def __init__(self, driver_connection: Any, dialect: str, chain_count: int) -> None:
        self._db = driver_connection
        self._pg = dialect == "postgresql"
        payload = _PG_PAYLOAD if self._pg else _SQLITE_PAYLOAD
        mark = "%s" if self._pg else "?"
        self.chain_count = chain_count
        self._stretch_sql = (
            f"SELECT id, seq, {payload}, hash FROM audit_events "  # noqa: S608 -- constants
            f"WHERE chain = {mark} AND seq > {mark} AND seq <= {mark} ORDER BY seq"
        )
        self._mark = mark

    def _cursor(self) -> Any:
        # Binary results on PostgreSQL: bytea arrives as bytes without hex decoding.
        return self._db.cursor(binary=True) if self._pg else self._db.cursor()

    def _all(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        cursor = self._cursor()
        try:
            cursor.execute(sql.replace("?", self._mark), params)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def heads(self) -> list[ChainHead]:
        rows = self._all("SELECT chain, seq, hash, base_seq, base_hash FROM audit_heads ORDER BY 1")
        return [ChainHead(int(c), int(s), bytes(h), int(bs), bytes(bh)) for c, s, h, bs, bh in rows]

    def stretch(self, chain: int, after: int, upto: int) -> Iterator[list[TrailRow]]:
        """Events with after < seq <= upto, in seq order, in batches."""
        cursor = self._cursor()
        try:
            for low in range(after, upto, BATCH):
                cursor.execute(self._stretch_sql, (chain, low, min(low + BATCH, upto)))
                yield cursor.fetchall()
        finally:
            cursor.close()

    def strays(self, heads: list[ChainHead]) -> list[tuple[int, int, int]]:
        """(id, chain, seq) of events outside every chain's range, found by index range scans."""
        found = []
        for head in heads:
            found += self._all(
                "SELECT id, chain, seq FROM audit_events WHERE chain = ? AND seq > ?",
                (head.chain, head.seq),
            )
            found += self._all(
                "SELECT id, chain, seq FROM audit_events WHERE chain = ? AND seq <= ?",
                (head.chain, head.base_seq),
            )
        known = sorted(h.chain for h in heads)
        holes = [c for c in range(known[0], known[-1]) if c not in set(known)] if known else []
        if not known or len(holes) > MAX_HOLES:
            marks = ", ".join("?" * len(known)) or "NULL"
            sql = f"SELECT id, chain, seq FROM audit_events WHERE chain NOT IN ({marks})"  # noqa: S608
            return found + self._all(sql, tuple(known))
        # Below the first chain, above the last (SQLite sorts text above numbers), or in a hole:
        # index range scans instead of reading the whole table.
        others = " OR ".join(["chain < ?", "chain > ?"] + ["chain = ?"] * len(holes))
        sql = f"SELECT id, chain, seq FROM audit_events WHERE {others}"  # noqa: S608
        return found + self._all(sql, (known[0], known[-1], *holes))

    def event(self, chain: int, seq: int) -> tuple[int, bytes] | None:
        rows = self._all(
            "SELECT id, hash FROM audit_events WHERE chain = ? AND seq = ?", (chain, seq)
        )
        return (int(rows[0][0]), bytes(rows[0][1])) if rows else None


@dataclass(frozen=True)
class DriverTarget:
    """The data database for a bare driver connection: a SQLite path or a libpq URL."""

    dialect: str
    dsn: str
    chain_count: int


@contextmanager
def open_snapshot(target: DriverTarget) -> Iterator[TrailReader]:
    """A read-only snapshot on a connection of its own (in a helper process)."""
    if target.dialect == "postgresql":
        import psycopg  # only PostgreSQL installations pay for its import

        connection: Any = psycopg.connect(target.dsn)
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    else:
        import sqlite3

        connection = sqlite3.connect(target.dsn, isolation_level=None)
        connection.execute("BEGIN")
    try:
        yield TrailReader(connection, target.dialect, target.chain_count)
    finally:
        connection.rollback()
        connection.close()
