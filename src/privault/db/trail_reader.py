"""Fast reads of the audit chain for verification and purges: raw driver cursors, no row objects.

A verification reads every event, so per-row work decides its speed. The database itself builds
each event's chain payload (the exact bytes of `chain_payload`) and returns four plain values per
row; SQLAlchemy's Row and type processing would cost more than the HMAC. No SQLAlchemy import
here: a helper process that walks part of the trail starts in a fraction of the time.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from privault.domain.audit_trail import ChainHead, TrailRow

Batches = Generator[list[TrailRow], None, None]
BATCH = 50_000  # seqs per query: bounded memory, few round trips
MAX_HOLES = 64

# Both must give exactly domain.audit.chain_payload(event, chain, seq): fields joined by \x1f,
# NULL as empty, `at` in UTC as "YYYY-MM-DD HH:MM:SS.ffffff". SQLite keeps `at` as that very text.
# The origin columns follow only when one of them is set (events from before they existed).
_COLUMNS = (
    "chain, seq, at, actor, role, store, action, outcome, customer_id, fields, purpose, "
    "request_id, reason"
)
_ORIGIN = ("channel", "client_address", "token_name")
_NO_ORIGIN = " AND ".join(f"{c} IS NULL" for c in _ORIGIN)
_SQLITE_ORIGIN = f"printf('{chr(0x1F)}%s{chr(0x1F)}%s{chr(0x1F)}%s', {', '.join(_ORIGIN)})"
_SQLITE_PAYLOAD = (
    f"CAST(printf('{chr(0x1F).join(['%s'] * 13)}', {_COLUMNS}) "
    f"|| CASE WHEN {_NO_ORIGIN} THEN '' ELSE {_SQLITE_ORIGIN} END AS BLOB)"
)
# `||` rather than concat_ws(): PostgreSQL evaluates it at about half the cost per row. The text
# arrives as its UTF-8 bytes (see _cursor), cheaper than convert_to() on the server.
_PG_PAYLOAD = "({} || CASE WHEN {} THEN '' ELSE {} END)".format(
    " || chr(31) || ".join(
        "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        if c == "at"
        else f"coalesce({c}::text, '')"
        for c in _COLUMNS.split(", ")
    ),
    _NO_ORIGIN,
    "".join(f" || chr(31) || coalesce({c}, '')" for c in _ORIGIN).removeprefix(" || "),
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
        if not self._pg:
            return self._db.cursor()
        from psycopg.types.string import ByteaBinaryLoader  # PostgreSQL installations only

        # Binary results: bytea arrives as bytes without hex decoding, and text as its UTF-8
        # bytes, undecoded: the payload is hashed as bytes anyway.
        cursor = self._db.cursor(binary=True)
        cursor.adapters.register_loader("text", ByteaBinaryLoader)
        return cursor

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
        bounds = [(chain, low, min(low + BATCH, upto)) for low in range(after, upto, BATCH)]
        return _prefetched(self._batches(bounds)) if self._pg else self._batches(bounds)

    def _batches(self, bounds: list[tuple[int, int, int]]) -> Batches:
        cursor = self._cursor()
        try:
            for params in bounds:
                cursor.execute(self._stretch_sql, params)
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
        if not known:
            return found + self._all("SELECT id, chain, seq FROM audit_events")
        if known[-1] - known[0] + 1 - len(known) > MAX_HOLES:  # a head row's chain was changed
            marks = ", ".join("?" * len(known))
            sql = f"SELECT id, chain, seq FROM audit_events WHERE chain NOT IN ({marks})"  # noqa: S608
            return found + self._all(sql, tuple(known))
        # Below the first chain, above the last (SQLite sorts text above numbers), or in a hole:
        # index range scans instead of reading the whole table.
        holes = sorted(set(range(known[0], known[-1])) - set(known))
        others = " OR ".join(["chain < ?", "chain > ?"] + ["chain = ?"] * len(holes))
        sql = f"SELECT id, chain, seq FROM audit_events WHERE {others}"  # noqa: S608
        return found + self._all(sql, (known[0], known[-1], *holes))

    def event(self, chain: int, seq: int) -> tuple[int, bytes] | None:
        rows = self._all(
            "SELECT id, hash FROM audit_events WHERE chain = ? AND seq = ?", (chain, seq)
        )
        return (int(rows[0][0]), bytes(rows[0][1])) if rows else None


def _prefetched(batches: Batches) -> Iterator[list[TrailRow]]:
    """PostgreSQL builds the next batch while the caller walks this one.

    The server does half the work of a verification (reading and formatting each row) in a
    process of its own; a thread that waits for it, with the GIL released, lets that half run on
    another core. The thread alone uses the connection until the batches are done.
    """
    ready: queue.Queue[list[TrailRow] | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def put(item: list[TrailRow] | BaseException | None) -> bool:
        while not stop.is_set():
            with contextlib.suppress(queue.Full):
                ready.put(item, timeout=0.1)
                return True
        return False

    def fetch() -> None:
        try:
            for batch in batches:
                if not put(batch):
                    break
            else:
                put(None)
        except BaseException as exc:  # the caller's thread raises it
            put(exc)
        finally:
            batches.close()

    thread = threading.Thread(target=fetch, name="audit-prefetch", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


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
