"""A duplicate refused in one store does not reveal another store's customer: a staff member
or token scoped to some stores learns that the value is taken elsewhere and whom to ask, never
the other customer's id; the refusal is audited without it too."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import DuplicateCustomerError
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import update_customer
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.vault import Vault
from privault.web.explain import explain
from tests.factories import NOTICE, register
from tests.web.test_api import READER

NORTH_DESK = Actor("north-desk", frozenset({"front_desk"}), stores=frozenset({"north"}))
NORTH_MANAGER = Actor("north-mgr", frozenset({"store_manager"}), stores=frozenset({"north"}))
ELSEWHERE = "already registered to a customer of another store"


def _south_customer(vault: Vault, operator: Actor, mobile: str) -> str:
    return register(vault, operator, {"name": "南方客", "mobile": mobile}, store="south")


def _trail_of(vault: Vault, actor: Actor) -> str:
    """What the trail holds of the scoped actor's doings."""
    return repr([e for e in list_audit_events(vault, READER, limit=500) if e.actor == actor.name])


def test_registering_another_stores_mobile_does_not_name_that_customer(
    vault: Vault, operator: Actor
) -> None:
    south = _south_customer(vault, operator, "13800000101")
    before = table_counts(vault.database)
    with pytest.raises(DuplicateCustomerError) as raised:
        register(vault, NORTH_DESK, {"name": "北方客", "mobile": "13800000101"}, store="north")
    error = raised.value
    assert (error.field, error.existing_id) == ("mobile", None)
    assert south not in str(error)
    assert ELSEWHERE in error.message
    assert "store manager or the privacy officer" in error.message
    assert "另一家门店" in explain("zh", error)
    assert south not in explain("zh", error)
    assert table_counts(vault.database) == before
    assert south not in _trail_of(vault, NORTH_DESK)


def test_a_duplicate_within_the_actors_stores_still_names_the_customer(
    vault: Vault, operator: Actor
) -> None:
    north = register(vault, operator, {"name": "北方客", "mobile": "13800000102"}, store="north")
    with pytest.raises(DuplicateCustomerError) as raised:
        register(vault, NORTH_DESK, {"name": "又一位", "mobile": "13800000102"}, store="north")
    assert raised.value.existing_id == north


def test_updating_to_another_stores_mobile_does_not_name_that_customer(
    vault: Vault, operator: Actor
) -> None:
    south = _south_customer(vault, operator, "13800000103")
    mine = register(vault, operator, {"name": "北方客", "mobile": "13800000104"}, store="north")
    with pytest.raises(DuplicateCustomerError) as raised:
        update_customer(vault, NORTH_MANAGER, mine, {"mobile": "13800000103"})
    assert raised.value.existing_id is None
    assert south not in raised.value.message


def test_an_import_reject_does_not_name_another_stores_customer(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    south = _south_customer(vault, operator, "13800000105")
    path = tmp_path / "north.csv"
    path.write_text("name,mobile\n北方客,13800000105\n北二,13800000106\n", encoding="utf-8")
    options = ImportOptions(NOTICE, ("service",), store="north")
    report = import_customers(vault, NORTH_MANAGER, path, options)
    assert (report.imported, report.rejected) == (1, 1)
    rejects = Path(report.reject_file).read_text(encoding="utf-8-sig")
    assert ELSEWHERE in rejects
    assert south not in rejects
    assert "1 imported, 1 rejected" in _trail_of(vault, NORTH_MANAGER)
    assert south not in _trail_of(vault, NORTH_MANAGER)
