"""A fresh installation per test on PostgreSQL without setting one up per test.

Setting up an installation (migrated schema, preset, first account, notice, assessments) costs
about a quarter of a second, and emptying ~100 tables with TRUNCATE another seventh: on
PostgreSQL that was most of the suite's time. Instead each industry is set up once per session
and its rows of both databases are kept in memory (COPY text, exact for every column type),
with its sequences' positions and its home folder (which holds the master key the rows are
sealed under). Before each test only what is needed is reset: the tables the template fills
(always: a test may have changed their rows) and any other table a test wrote to (one probe
asks each whether it holds a row), then the template's rows are copied back and every sequence
is set to where the template left it. The result is the same installation, byte for byte, that
`init_installation` would have made.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData

from privault.db.keystore_tables import keystore_metadata
from privault.db.tables import metadata
from privault.db.unit_of_work import Database

_SEQUENCES = """
SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences
WHERE schemaname = current_schema()
"""


@dataclass(frozen=True)
class Snapshot:
    """One database's rows (per table, only tables holding any) and sequence positions."""

    tables: tuple[str, ...]  # every table, parents before children
    rows: dict[str, bytes]
    sequences: dict[str, int | None]  # None: never used


@dataclass(frozen=True)
class Template:
    data: Snapshot
    keystore: Snapshot
    home: Path


def _engines(database: Database) -> tuple[tuple[Engine, MetaData], ...]:
    return ((database.data_engine, metadata), (database.keystore_engine, keystore_metadata))


@contextmanager
def _driver_cursor(engine: Engine, *, write: bool) -> Iterator[Any]:
    """A psycopg cursor in one transaction (COPY is the driver's, not SQLAlchemy's)."""
    opened = engine.begin() if write else engine.connect()
    with opened as connection:
        yield connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


def take(database: Database, home: Path) -> Template:
    data, keystore = (_take(engine, meta) for engine, meta in _engines(database))
    return Template(data, keystore, home)


def _take(engine: Engine, meta: MetaData) -> Snapshot:
    tables = tuple(t.name for t in meta.sorted_tables)
    rows = {}
    with _driver_cursor(engine, write=False) as cursor:
        for name in tables:
            with cursor.copy(f"COPY {name} TO STDOUT") as copy:
                copied = b"".join(bytes(block) for block in copy)
            if copied:
                rows[name] = copied
        cursor.execute(_SEQUENCES)
        sequences = dict(cursor.fetchall())
    return Snapshot(tables, rows, sequences)


def restore(database: Database, template: Template, home: Path) -> None:
    """Both databases back to the template's rows, and the template's home copied to `home`."""
    for (engine, _), snapshot in zip(
        _engines(database), (template.data, template.keystore), strict=True
    ):
        _restore(engine, snapshot)
    shutil.copytree(template.home, home)


def _restore(engine: Engine, snapshot: Snapshot) -> None:
    with _driver_cursor(engine, write=True) as cursor:
        emptied = [*snapshot.rows, *_written(cursor, snapshot)]
        # DELETE, children first, is far cheaper than TRUNCATE for tables this small (TRUNCATE
        # makes new files for every table and index).
        ordered = [name for name in reversed(snapshot.tables) if name in emptied]
        deletes = [f"DELETE FROM {name}" for name in ordered]  # noqa: S608 -- names from Table
        cursor.execute("; ".join(deletes))
        for name in snapshot.tables:
            if name in snapshot.rows:
                with cursor.copy(f"COPY {name} FROM STDIN") as copy:
                    copy.write(snapshot.rows[name])
        cursor.execute(_setvals(snapshot.sequences))


def _written(cursor: Any, snapshot: Snapshot) -> list[str]:
    """The tables the template leaves empty that now hold a row."""
    probes = [
        f"SELECT '{name}' WHERE EXISTS (SELECT 1 FROM {name})"  # noqa: S608 -- names from Table
        for name in snapshot.tables
        if name not in snapshot.rows
    ]
    if not probes:
        return []
    cursor.execute(" UNION ALL ".join(probes))
    return [row[0] for row in cursor.fetchall()]


def _setvals(sequences: dict[str, int | None]) -> str:
    calls = [
        f"setval('{name}', {value}, true)" if value is not None else f"setval('{name}', 1, false)"
        for name, value in sequences.items()
    ]
    return "SELECT " + ", ".join(calls) if calls else "SELECT 1"
