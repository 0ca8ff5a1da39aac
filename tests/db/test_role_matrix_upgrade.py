"""An installation set up before issue 14 keeps its stored role matrix: the upgrade grants the
new actions (countersigning accounts, the shop's settings) and the owner role in that text,
keeping an admin's own edits; one set up before bookings (issue 15) gets the bookings table and
booking.manage and booking.read for the front desk and the store manager."""

from __future__ import annotations

import re
import tomllib

from sqlalchemy import inspect, text

from privault.db.migrate import downgrade, upgrade
from privault.presets import roles_text
from privault.services.vault import Vault

BEFORE = {"data": "a7c2e5d9b1f6", "keystore": "5d2f7a9c1e40"}
BEFORE_BOOKINGS = {"data": "b8d3f6a0c2e7", "keystore": "5d2f7a9c1e40"}


def _as_shipped_before() -> str:
    """The shipped matrix as it was before the new actions and role, with an admin's edit."""
    old = re.sub(r'\s*"(staff\.countersign|settings\.shop)",', "", roles_text())
    old = old[: old.index("# The shop's owner as a second approver")]
    return old + '\n[roles.cashier]\nactions = ["customer.search"]  # the shop\'s own role\n'


def _stored(vault: Vault) -> str:
    with vault.database.data_engine.connect() as connection:
        return str(
            connection.execute(text("SELECT value FROM installation WHERE key = 'roles'")).scalar()
        )


def _store(vault: Vault, document: str) -> None:
    with vault.database.data_engine.begin() as connection:
        connection.execute(
            text("UPDATE installation SET value = :v WHERE key = 'roles'"), {"v": document}
        )


def test_an_upgraded_installation_gets_the_new_actions_and_the_owner_and_keeps_its_edits(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE)
    old = _as_shipped_before()
    assert "owner" not in tomllib.loads(old)["roles"]
    _store(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(_stored(vault))["roles"]
    for role in ("privacy_officer", "admin"):
        assert {"staff.countersign", "settings.shop"} <= set(roles[role]["actions"])
    assert "export.approve" in roles["owner"]["actions"]
    assert roles["cashier"]["actions"] == ["customer.search"]
    assert "the shop's own role" in _stored(vault)


def test_a_matrix_that_has_them_already_is_left_as_it_is(vault: Vault) -> None:
    before = _stored(vault)
    downgrade(vault.database, **BEFORE)
    upgrade(vault.database)
    assert _stored(vault) == before


def _has_bookings(vault: Vault) -> bool:
    return "bookings" in inspect(vault.database.data_engine).get_table_names()


def test_an_upgraded_installation_gets_the_booking_actions_and_keeps_its_edits(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_BOOKINGS)
    assert not _has_bookings(vault)
    old = re.sub(r'\s*"booking\.(manage|read)",?', "", roles_text())
    old += '\n[roles.cashier]\nactions = ["customer.search"]  # the shop\'s own role\n'
    _store(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(_stored(vault))["roles"]
    for role in ("front_desk", "store_manager"):
        assert {"booking.manage", "booking.read"} <= set(roles[role]["actions"])
    assert not {"booking.manage", "booking.read"} & set(roles["service_staff"]["actions"])
    assert roles["cashier"]["actions"] == ["customer.search"]
    assert "the shop's own role" in _stored(vault)
    assert _has_bookings(vault)


def test_a_matrix_that_has_the_booking_actions_already_is_left_as_it_is(vault: Vault) -> None:
    before = _stored(vault)
    downgrade(vault.database, **BEFORE_BOOKINGS)
    upgrade(vault.database)
    assert _stored(vault) == before


BEFORE_FORMS = {"data": "a3c8e1f5b7d2", "keystore": "5d2f7a9c1e40"}
FORM_ACTIONS = re.compile(r'\s*"form\.(collect|read|review|enter)",?')


def _without_marketing_manager(text: str) -> str:
    start = text.index("# 营销经理")
    end = text.index("[roles.store_manager]")
    return FORM_ACTIONS.sub("", text[:start] + text[end:])


def test_an_upgraded_installation_gets_the_form_actions_and_the_marketing_manager(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_FORMS)
    assert "collection_forms" not in inspect(vault.database.data_engine).get_table_names()
    old = _without_marketing_manager(roles_text())
    old += '\n[roles.cashier]\nactions = ["customer.search"]  # the shop\'s own role\n'
    assert "marketing_manager" not in tomllib.loads(old)["roles"]
    _store(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(_stored(vault))["roles"]
    assert roles["marketing_manager"]["view"] == ["identity"]
    assert {"form.read", "form.review"} <= set(roles["marketing_manager"]["actions"])
    assert {"form.collect", "form.enter"} <= set(roles["front_desk"]["actions"])
    assert "form.collect" in roles["service_staff"]["actions"]
    assert "form.review" in roles["store_manager"]["actions"]
    assert roles["cashier"]["actions"] == ["customer.search"]
    tables = inspect(vault.database.data_engine).get_table_names()
    assert {"collection_forms", "collection_items"} <= set(tables)


def test_a_matrix_with_its_own_marketing_manager_keeps_it(vault: Vault) -> None:
    downgrade(vault.database, **BEFORE_FORMS)
    own = _without_marketing_manager(roles_text())
    own += '\n[roles.marketing_manager]\nactions = ["segment.count"]\n'
    _store(vault, own)
    upgrade(vault.database)
    assert tomllib.loads(_stored(vault))["roles"]["marketing_manager"]["actions"] == [
        "segment.count"
    ]
