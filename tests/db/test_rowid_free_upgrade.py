"""The SQLite tables rebuilt without rowid keep every row: customers stay findable and open."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from privault.db.migrate import downgrade, upgrade
from privault.domain.policy import Actor
from privault.services.customers.records import find_customers, get_customer
from privault.services.vault import Vault
from tests.factories import MEMBER, register

BEFORE = {"data": "cf47025bea5a", "keystore": "8110712277ec"}


def _rowid_free(engine: Engine, table: str) -> bool:
    with engine.connect() as connection:
        sql = connection.execute(
            text("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = :t"), {"t": table}
        ).scalar_one()
    return str(sql).rstrip().endswith("WITHOUT ROWID")


def _consent_index(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(text("PRAGMA index_info('ix_consent_events_customer_id')"))
        return [r.name for r in rows]


def test_rebuilt_tables_keep_their_rows_both_ways(vault: Vault, operator: Actor) -> None:
    if vault.database.data_engine.dialect.name != "sqlite":
        pytest.skip("rowid is SQLite's; PostgreSQL gets the index only, checked against the models")
    data, keys = vault.database.data_engine, vault.database.keystore_engine
    mother = register(vault, operator, {"name": "王芳", "mobile": "13800000003"}, MEMBER)
    child = register(
        vault,
        operator,
        {"name": "王小明", "mobile": "13800000003", "birth_date": "2016-02-29"},
        MEMBER,
        guardian_name="王芳",
        guardian_relation="mother",
    )
    assert _rowid_free(data, "blind_indexes")
    assert _rowid_free(keys, "data_keys")
    assert _consent_index(data) == ["customer_id", "id", "action", "purposes"]

    downgrade(vault.database, **BEFORE)
    assert not _rowid_free(data, "blind_indexes")
    assert not _rowid_free(keys, "data_keys")
    assert _consent_index(data) == ["customer_id", "id"]
    # Read in SQL: today's services write audit columns the older schema does not have.
    with data.connect() as connection:
        owners = connection.execute(
            text("SELECT customer_id FROM blind_indexes WHERE index_name = 'mobile'")
        ).scalars()
        assert set(owners) == {mother, child}

    upgrade(vault.database)
    assert _rowid_free(data, "blind_indexes")
    assert _rowid_free(keys, "data_keys")
    found = find_customers(vault, operator, "mobile", "13800000003")
    assert {c.id for c in found.customers} == {mother, child}
    assert get_customer(vault, operator, child).fields["name"] == "王*明"
    # The claim on the mobile survived the copy: the mother's number is still hers alone.
    with data.connect() as connection:
        claims = connection.execute(
            text("SELECT customer_id FROM blind_indexes WHERE index_name = 'mobile' AND is_unique")
        ).scalars()
        assert set(claims) == {mother}
