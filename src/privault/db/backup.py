"""Logical dumps of a database as JSON lines, and loading one back in a single transaction.

The stream: for each table in dependency order a line `{"table": ..., "columns": [...]}` and
one JSON array per row (bytes as base64, timestamps and dates as ISO text), then a closing line
`{"end": {table: rows}}` that the loader checks, so a stream cut between lines is refused.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    MetaData,
    Table,
    and_,
    delete,
    insert,
    select,
    text,
    true,
)
from sqlalchemy.types import TypeDecorator

from privault.db.bulk import insert_rows
from privault.db.engine import make_engine
from privault.db.erasure import delete_in
from privault.db.keystore_tables import keystore_metadata
from privault.db.tables import customers, metadata
from privault.domain.errors import InvalidInputError
from privault.domain.requests import RequestStatus, RequestType

METADATA = {"data": metadata, "keystore": keystore_metadata}
BATCH_ROWS = 1000
_FETCH_ROWS = 2000

Codec = Callable[[Any], Any]


@dataclass
class Dump:
    """`lines` is read once; `counts` fills in as it is read."""

    revision: str
    lines: Iterator[bytes]
    counts: dict[str, int] = field(default_factory=dict)


class Engines(Protocol):
    """What a dump reads from a `Database` (named so, not imported: the unit of work imports
    this module)."""

    @property
    def data_engine(self) -> Engine: ...

    @property
    def keystore_engine(self) -> Engine: ...


@contextmanager
def dump(database: Engines, kind: str) -> Iterator[Dump]:
    """Every table of `kind` (data, keystore) as of one moment, read without holding up
    writers."""
    engine = database.data_engine if kind == "data" else database.keystore_engine
    with _snapshot(engine) as connection:
        found = Dump(read_revision(connection), iter(()))
        found.lines = _dump_lines(connection, METADATA[kind], found.counts)
        yield found


def read_revision(connection: Connection) -> str:
    rows = connection.execute(text("SELECT version_num FROM alembic_version ORDER BY 1"))
    return " ".join(str(r) for r in rows.scalars())


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """SQLite: a deferred read transaction (WAL keeps its view stable) on an engine of its own,
    because the data engine takes the write lock on BEGIN. PostgreSQL: REPEATABLE READ."""
    if engine.dialect.name != "sqlite":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            connection.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield connection
        return
    reader = make_engine(engine.url.render_as_string(hide_password=False), lock_on_begin=False)
    try:
        with reader.connect() as connection:
            yield connection
    finally:
        reader.dispose()


def _dump_lines(connection: Connection, meta: MetaData, counts: dict[str, int]) -> Iterator[bytes]:
    streaming = connection.execution_options(stream_results=True, yield_per=_FETCH_ROWS)
    for table in meta.sorted_tables:
        columns = list(table.columns)
        yield _line({"table": table.name, "columns": [c.name for c in columns]})
        encoders = [_encoder(c) for c in columns]
        counts[table.name] = 0
        query = select(table).order_by(*table.primary_key.columns)
        for row in streaming.execute(query):
            counts[table.name] += 1
            yield _line([encode(v) for encode, v in zip(encoders, row, strict=True)])
    yield _line({"end": counts})


def _line(item: object) -> bytes:
    return json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _python_type(column: Column[Any]) -> type:
    """What a column holds in Python, seen through a TypeDecorator to the type it wraps."""
    kind = column.type
    return (kind.impl_instance if isinstance(kind, TypeDecorator) else kind).python_type


def _encoder(column: Column[Any]) -> Codec:
    kind = _python_type(column)
    if kind is bytes:
        return lambda v: None if v is None else base64.b64encode(bytes(v)).decode()
    if kind in (datetime, date):
        return lambda v: None if v is None else v.isoformat()
    return lambda v: v


class BackupRepository:
    """The data database as a whole, inside a unit of work (a restore)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def revision(self) -> str:
        return read_revision(self._c)

    def load(self, chunks: Iterable[bytes]) -> dict[str, int]:
        """Replaces every table's rows with the stream's, except the audit trail's: the trail
        is append-only, so a restore is recorded in it instead of rewinding it (the events
        between the backup and the restore, erasures included, stay). The records of what was
        erased and why (KEPT_ROWS) stay as well, over the stream's. Commits nothing."""
        kept = [(table, _rows_kept(self._c, table)) for table in _kept_tables()]
        counts = load(self._c, metadata, chunks, keep=KEPT_ON_RESTORE)
        for table, rows in kept:
            _put_back(self._c, table, rows)
        return counts

    def customer_ids(self) -> list[str]:
        return [str(i) for i in self._c.execute(select(customers.c.id)).scalars()]


KEPT_ON_RESTORE = frozenset({"audit_events", "audit_heads"})
# Rows of the database being restored over that a restore keeps, whatever the archive holds:
# each erasure's tombstone (its time, reason and request), the deletion requests completed and
# the retention runs finished. An older archive lacks them, and the erasures they record are
# done again at once; the record must say when, why and at whose request they were first done.
KEPT_ROWS: dict[str, Callable[[Table], ColumnElement[bool]]] = {
    "tombstones": lambda t: true(),
    "subject_requests": lambda t: and_(
        t.c.type == RequestType.DELETION.value, t.c.status == RequestStatus.COMPLETED.value
    ),
    "retention_runs": lambda t: and_(t.c.finished_at.is_not(None), t.c.is_dry_run.is_(False)),
}


def _kept_tables() -> list[Table]:
    return [metadata.tables[name] for name in KEPT_ROWS]


def _rows_kept(connection: Connection, table: Table) -> list[dict[str, Any]]:
    query = select(table).where(KEPT_ROWS[table.name](table))
    return [dict(row) for row in connection.execute(query).mappings()]


def _put_back(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Over the stream's rows of the same keys."""
    if not rows:
        return
    [key] = table.primary_key.columns
    delete_in(connection, table, key, [str(row[key.name]) for row in rows])
    connection.execute(insert(table), rows)


def load(
    connection: Connection,
    meta: MetaData,
    chunks: Iterable[bytes],
    *,
    keep: frozenset[str] = frozenset(),
) -> dict[str, int]:
    """`keep`: tables whose rows stay as they are; the stream's rows for them are only checked."""
    for table in reversed(meta.sorted_tables):
        if table.name not in keep:
            connection.execute(delete(table))
    loader = _Loader(connection, meta, keep)
    for line in _split_lines(chunks):
        try:
            item = json.loads(line)
        except ValueError:
            raise _refused("its contents are unreadable") from None
        loader.take(item)
    counts = loader.finish()
    _reset_sequences(connection, meta)
    return counts


def _split_lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    rest = b""
    for chunk in chunks:
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        yield from lines
    if rest:
        yield rest


class _Loader:
    def __init__(self, connection: Connection, meta: MetaData, keep: frozenset[str]) -> None:
        self._c = connection
        self._meta = meta
        self._keep = keep
        self._table: Table | None = None
        self._decoders: list[Codec] = []
        self._batch: list[tuple[Any, ...]] = []
        self._counts: dict[str, int] = {}
        self._end: dict[str, int] | None = None

    def take(self, item: Any) -> None:
        if self._end is not None:
            raise _refused("it holds rows after its end")
        if isinstance(item, list):
            self._row(item)
        elif isinstance(item, dict) and "table" in item:
            self._start(str(item["table"]), item.get("columns"))
        elif isinstance(item, dict) and isinstance(item.get("end"), dict):
            self._flush()
            self._end = {str(k): int(v) for k, v in item["end"].items()}
        else:
            raise _refused("its contents are unreadable")

    def finish(self) -> dict[str, int]:
        if self._end is None:
            raise _refused("it is incomplete (its end is missing)")
        if self._end != self._counts or set(self._counts) != set(self._meta.tables):
            raise _refused("its row counts do not match its rows")
        return dict(self._counts)

    def _start(self, name: str, columns: object) -> None:
        self._flush()
        table = self._meta.tables.get(name)
        if table is None:
            raise _refused(f"it holds a table {name!r} this installation does not have")
        if name in self._counts:
            raise _refused(f"it holds table {name} twice")
        if columns != [c.name for c in table.columns]:
            raise _refused(f"its table {name} has other columns than this installation's")
        self._table, self._counts[name] = table, 0
        self._decoders = [_decoder(c, self._c) for c in table.columns]

    def _row(self, values: list[Any]) -> None:
        if self._table is None or len(values) != len(self._decoders):
            raise _refused("its contents are unreadable")
        try:
            row = tuple(decode(v) for decode, v in zip(self._decoders, values, strict=True))
        except (ValueError, TypeError):
            raise _refused(f"a row of table {self._table.name} is unreadable") from None
        self._batch.append(row)
        self._counts[self._table.name] += 1
        if len(self._batch) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._table is not None and self._batch and self._table.name not in self._keep:
            insert_rows(self._c, self._table, self._table.columns.keys(), self._batch)
        self._batch = []


def _decoder(column: Column[Any], connection: Connection) -> Codec:
    """From the stream's JSON value to what the driver takes, as SQLAlchemy would bind it."""
    dialect = connection.dialect
    bind: Codec = column.type.dialect_impl(dialect).bind_processor(dialect) or _same
    parse = _PARSERS.get(_python_type(column), _same)
    return lambda v: None if v is None else bind(parse(v))


def _same(value: Any) -> Any:
    return value


_PARSERS: dict[type, Codec] = {
    bytes: base64.b64decode,
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
}


def _reset_sequences(connection: Connection, meta: MetaData) -> None:
    """PostgreSQL hands out ids from sequences, which rows inserted with their ids do not move."""
    if connection.dialect.name != "postgresql":
        return
    for table in meta.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column.name}'), "  # noqa: S608 -- names from Table
            f"COALESCE(MAX({column.name}), 0) + 1, false) FROM {table.name}"
        )


def _refused(problem: str) -> InvalidInputError:
    return InvalidInputError(f"the archive cannot be restored: {problem}", field="archive")
