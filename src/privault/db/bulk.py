"""Fast multi-row INSERT: bind processors applied once per distinct value, then executemany.

SQLAlchemy's per-row parameter processing costs more than the encryption of a row; imports of
a million customers go through here instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Boolean, Connection, LargeBinary, Table

# Both drivers take bytes and bool as they are; skipping their processors saves a call per cell.
_NATIVE = (LargeBinary, Boolean)
Processor = Callable[[Any], Any]


def insert_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if not rows:
        return
    dialect = connection.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    names, marks = ", ".join(columns), ", ".join([mark] * len(columns))
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608 -- names from Table
    # dialect_impl: the generic type has no processor; the dialect's (SQLite DATETIME) has one.
    processors: list[tuple[int, Processor]] = []
    for position, name in enumerate(columns):
        column_type = table.c[name].type
        processor = (
            None
            if isinstance(column_type, _NATIVE)
            else column_type.dialect_impl(dialect).bind_processor(dialect)
        )
        if processor is not None:
            processors.append((position, processor))
    connection.exec_driver_sql(sql, _processed(rows, processors))


def _processed(
    rows: Sequence[Sequence[Any]], processors: list[tuple[int, Processor]]
) -> list[tuple[Any, ...]]:
    if not processors:
        return [tuple(row) for row in rows]
    # A batch shares its timestamps, so each distinct value is converted once.
    memo: dict[tuple[int, Any], Any] = {}
    out = []
    for row in rows:
        cells = list(row)
        for position, processor in processors:
            value = cells[position]
            if value is not None:
                key = (position, value)
                if key not in memo:
                    memo[key] = processor(value)
                cells[position] = memo[key]
        out.append(tuple(cells))
    return out
