"""Row counts per table, for checks that a refused use case changed nothing (no values read)."""

from __future__ import annotations

from sqlalchemy import func, select

from privault.db.audit import start_chains
from privault.db.keystore_tables import keystore_metadata
from privault.db.tables import metadata
from privault.db.unit_of_work import Database


def table_counts(database: Database) -> dict[str, int]:
    counts: dict[str, int] = {}
    for engine, meta in (
        (database.data_engine, metadata),
        (database.keystore_engine, keystore_metadata),
    ):
        with engine.connect() as connection:
            for table in meta.sorted_tables:
                query = select(func.count()).select_from(table)
                counts[table.name] = int(connection.execute(query).scalar_one())
    return counts


def truncate_all(database: Database) -> None:
    """Empties both databases between tests on PostgreSQL, keeping the migrated schema
    (and the chain heads the migration created, reset)."""
    for engine, meta in (
        (database.data_engine, metadata),
        (database.keystore_engine, keystore_metadata),
    ):
        names = ", ".join(t.name for t in meta.sorted_tables)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            if meta is metadata:
                start_chains(connection)  # an empty trail still has its chain heads
