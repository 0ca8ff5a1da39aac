"""Rebuilds a SQLite table with or without a rowid; SQLite cannot alter that in place.

A rowid table with a composite or text primary key keeps two B-trees (the rows by rowid and the
key's automatic index): every insert and delete writes both, and a lookup by key reads both
unless the index covers it. WITHOUT ROWID makes the key the table's one B-tree. PostgreSQL has
no such thing, so migrations call this on SQLite only.
"""

from __future__ import annotations

from alembic import op


def rebuild(table: str, body: str, *, key: str, indexes: list[str], with_rowid: bool) -> None:
    """`body` is the column and constraint list of CREATE TABLE. Rows are copied in key order
    (appending to the new B-tree), then the old table and its indexes are replaced."""
    new = f"{table}_rebuilt"
    op.execute(f"CREATE TABLE {new} ({body}){'' if with_rowid else ' WITHOUT ROWID'}")
    op.execute(f"INSERT INTO {new} SELECT * FROM {table} ORDER BY {key}")  # noqa: S608 -- fixed names
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {new} RENAME TO {table}")
    for statement in indexes:
        op.execute(statement)
