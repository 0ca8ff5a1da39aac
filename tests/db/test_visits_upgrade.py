"""An installation set up before issue 15 keeps its stored role matrix: the upgrade lets the
roles that read a customer's transaction data read the new visit history, keeping an admin's
own edits and a role the admin took the action from elsewhere."""

from __future__ import annotations

import re
import tomllib

from sqlalchemy import inspect

from privault.db.migrate import downgrade, upgrade
from privault.presets import roles_text
from privault.services.vault import Vault
from tests.db.stored_roles import store_roles, stored_roles

BEFORE = {"data": "c9e4a7b1d3f8", "keystore": "5d2f7a9c1e40"}


def test_an_upgraded_installation_lets_desk_manager_and_officer_read_visits(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE)
    old = re.sub(r'\s*"transaction\.read",', "", roles_text())
    assert "transaction.read" not in old
    store_roles(vault, old + '\n[roles.cashier]\nactions = ["customer.search"]  # our own role\n')

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    readers = {name for name, grant in roles.items() if "transaction.read" in grant["actions"]}
    assert readers == {"front_desk", "store_manager", "privacy_officer"}
    assert "# our own role" in stored_roles(vault)


def _columns(vault: Vault) -> set[str]:
    return {c["name"] for c in inspect(vault.database.data_engine).get_columns("transactions")}


def test_the_history_columns_come_and_go_with_the_revision(vault: Vault) -> None:
    added = {"served_by", "items", "booking_id", "reverses_id", "reason"}
    downgrade(vault.database, **BEFORE)
    assert not added & _columns(vault)
    upgrade(vault.database)
    assert added <= _columns(vault)
