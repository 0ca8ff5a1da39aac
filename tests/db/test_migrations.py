"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL,
with data and keys in two separate databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Engine, MetaData, String, inspect

from privault.db.keystore_tables import keystore_metadata
from privault.db.migrate import upgrade
from privault.db.tables import NAMING, metadata
from privault.db.unit_of_work import Database


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated(
    request: pytest.FixtureRequest, tmp_path: Path, pg_database: Database | None
) -> Iterator[Database]:
    if request.param == "postgresql":
        if pg_database is None:
            pytest.skip("PRIVAULT_TEST_DATABASE_URL is not set")
        yield pg_database
        return
    database = Database(f"sqlite:///{tmp_path / 'data.db'}", f"sqlite:///{tmp_path / 'keys.db'}")
    upgrade(database)
    yield database
    database.dispose()


def _differences(engine: Engine, target: MetaData) -> list[object]:
    with engine.connect() as connection:
        found = list(compare_metadata(MigrationContext.configure(connection), target))
    if engine.dialect.name == "sqlite":
        # SQLite ignores VARCHAR lengths, so widening one is a PostgreSQL-only migration.
        found = [d for d in found if not _is_varchar_length(d)]
    return found


def _is_varchar_length(difference: object) -> bool:
    changes = difference if isinstance(difference, list) else [difference]
    return all(
        isinstance(c, tuple)
        and c[0] == "modify_type"
        and isinstance(c[5], String)
        and isinstance(c[6], String)
        for c in changes
    )


def _tables(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_the_data_database_matches_the_models(migrated: Database) -> None:
    assert _differences(migrated.data_engine, metadata) == []


def test_the_keystore_database_matches_the_models(migrated: Database) -> None:
    assert _differences(migrated.keystore_engine, keystore_metadata) == []


def test_keys_and_data_live_in_separate_databases(migrated: Database) -> None:
    assert _tables(migrated.data_engine) == set(metadata.tables)
    assert _tables(migrated.keystore_engine) == set(keystore_metadata.tables)
    assert not set(metadata.tables) & set(keystore_metadata.tables)


def test_both_databases_are_stamped_at_their_head_revision(migrated: Database) -> None:
    for engine in (migrated.data_engine, migrated.keystore_engine):
        with engine.connect() as connection:
            heads = MigrationContext.configure(connection).get_current_heads()
        assert len(heads) == 1


def test_upgrading_again_is_harmless(migrated: Database) -> None:
    upgrade(migrated)
    assert _differences(migrated.data_engine, metadata) == []
    assert _differences(migrated.keystore_engine, keystore_metadata) == []


def test_a_unique_value_may_be_claimed_once_but_shared_rows_are_not_claims(
    migrated: Database,
) -> None:
    uniques = {ix["name"]: ix for ix in inspect(migrated.data_engine).get_indexes("blind_indexes")}
    claim = uniques["uq_blind_indexes_claim"]
    assert claim["unique"]
    assert claim["column_names"] == ["index_name", "digest"]


def test_the_comparison_notices_a_column_the_migrations_lack(migrated: Database) -> None:
    widened = MetaData(naming_convention=NAMING)
    for table in metadata.sorted_tables:
        table.to_metadata(widened)
    widened.tables["customers"].append_column(Column("nickname", String(32)))
    differences = _differences(migrated.data_engine, widened)
    assert [d[0] for d in differences if isinstance(d, tuple)] == ["add_column"]
