"""Fast multi-row INSERT through the driver's executemany.

SQLAlchemy's per-row parameter processing costs more than the encryption of a row, so imports
of a million customers build plain tuples instead; the only values a driver cannot take as
they are (timestamps on SQLite) are converted once per distinct value with `Binder`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Column, Connection, Table


class Binder:
    """Converts a value the way SQLAlchemy would for its column, remembering each result."""

    def __init__(self, connection: Connection) -> None:
        self._dialect = connection.dialect
        self._memo: dict[tuple[str, Any], Any] = {}

    def __call__(self, column: Column[Any], value: Any) -> Any:
        key = (column.name, value)
        if key not in self._memo:
            processor = column.type.dialect_impl(self._dialect).bind_processor(self._dialect)
            self._memo[key] = processor(value) if processor and value is not None else value
        return self._memo[key]


def insert_rows(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Rows hold driver-ready values: str, int, bool, bytes, None, or Binder output."""
    if not rows:
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    names, marks = ", ".join(columns), ", ".join([mark] * len(columns))
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"  # noqa: S608 -- names from Table
    connection.exec_driver_sql(sql, list(rows))
