"""An installation set up before issue 14 keeps its stored role matrix: the upgrade grants the
new actions (countersigning accounts, the shop's settings) and the owner role in that text,
keeping an admin's own edits; one set up before bookings (issue 15) gets the bookings table and
booking.manage and booking.read for the front desk and the store manager."""

from __future__ import annotations

import re
import tomllib

from sqlalchemy import inspect

from privault.db.migrate import downgrade, upgrade
from privault.presets import roles_text
from privault.services.vault import Vault
from tests.db.stored_roles import store_roles, stored_roles

BEFORE = {"data": "a7c2e5d9b1f6", "keystore": "5d2f7a9c1e40"}
BEFORE_BOOKINGS = {"data": "b8d3f6a0c2e7", "keystore": "5d2f7a9c1e40"}


def _as_shipped_before() -> str:
    """The shipped matrix as it was before the new actions and role, with an admin's edit."""
    old = re.sub(r'\s*"(staff\.countersign|settings\.shop)",', "", roles_text())
    old = old[: old.index("# The shop's owner as a second approver")]
    return old + '\n[roles.cashier]\nactions = ["customer.search"]  # the shop\'s own role\n'


def test_an_upgraded_installation_gets_the_new_actions_and_the_owner_and_keeps_its_edits(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE)
    old = _as_shipped_before()
    assert "owner" not in tomllib.loads(old)["roles"]
    store_roles(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    for role in ("privacy_officer", "admin"):
        assert {"staff.countersign", "settings.shop"} <= set(roles[role]["actions"])
    assert "export.approve" in roles["owner"]["actions"]
    assert roles["cashier"]["actions"] == ["customer.search"]
    assert "the shop's own role" in stored_roles(vault)


def test_a_matrix_that_has_them_already_is_left_as_it_is(vault: Vault) -> None:
    before = stored_roles(vault)
    downgrade(vault.database, **BEFORE)
    upgrade(vault.database)
    assert stored_roles(vault) == before


def _has_bookings(vault: Vault) -> bool:
    return "bookings" in inspect(vault.database.data_engine).get_table_names()


def test_an_upgraded_installation_gets_the_booking_actions_and_keeps_its_edits(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_BOOKINGS)
    assert not _has_bookings(vault)
    old = re.sub(r'\s*"booking\.(manage|read)",?', "", roles_text())
    old += '\n[roles.cashier]\nactions = ["customer.search"]  # the shop\'s own role\n'
    store_roles(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    for role in ("front_desk", "store_manager"):
        assert {"booking.manage", "booking.read"} <= set(roles[role]["actions"])
    assert not {"booking.manage", "booking.read"} & set(roles["service_staff"]["actions"])
    assert roles["cashier"]["actions"] == ["customer.search"]
    assert "the shop's own role" in stored_roles(vault)
    assert _has_bookings(vault)


def test_a_matrix_that_has_the_booking_actions_already_is_left_as_it_is(vault: Vault) -> None:
    before = stored_roles(vault)
    downgrade(vault.database, **BEFORE_BOOKINGS)
    upgrade(vault.database)
    assert stored_roles(vault) == before
