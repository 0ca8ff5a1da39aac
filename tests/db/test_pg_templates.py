"""The PostgreSQL test template (tests/pg_templates.py): what one test wrote is gone before the
next, and the installation restored is the template's, row for row and sequence for sequence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.db.unit_of_work import Database
from privault.domain.policy import Actor
from privault.services.vault import Vault
from tests import pg_templates
from tests.conftest import PG_URL
from tests.factories import enrolled_staff, register

ADMIN = Actor(name="owner", roles=frozenset({"admin", "privacy_officer"}))
pytestmark = pytest.mark.skipif(not PG_URL, reason="SQLite tests copy a template home instead")


def test_a_restore_undoes_a_tests_writes_to_template_rows_and_to_empty_tables(
    vault: Vault,
    operator: Actor,
    pg_database: Database,
    pg_template: Callable[[str], pg_templates.Template],
    tmp_path: Path,
) -> None:
    template = pg_template("salon")
    before = table_counts(pg_database)
    register(vault, operator)  # new rows in empty tables, sequences moved, the trail appended
    enrolled_staff(
        vault, ADMIN, "li.na", ["front_desk"], ["main"]
    )  # the template's staff table grows
    written = table_counts(pg_database)
    assert written["customers"] == before["customers"] + 1
    assert written["audit_events"] > before["audit_events"]

    pg_templates.restore(pg_database, template, tmp_path / "again")

    again = pg_templates.take(pg_database, tmp_path / "again")
    assert again.data == template.data  # every row, and every sequence where it was
    assert again.keystore == template.keystore
    assert table_counts(pg_database) == before
    key = template.home / "master.key"
    assert (tmp_path / "again" / "master.key").read_bytes() == key.read_bytes()
