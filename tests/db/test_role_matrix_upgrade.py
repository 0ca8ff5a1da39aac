"""An installation set up before issue 14 keeps its stored role matrix: the upgrade grants the
new actions (countersigning accounts, the shop's settings) and the owner role in that text,
keeping an admin's own edits; one set up before bookings (issue 15) gets the bookings table and
booking.manage and booking.read for the front desk and the store manager; one set up before
today's list gets the sections table, sections.manage for the store manager and service.today
for the service staff, whose search, view and reveal go only where the grant is the shipped one."""

from __future__ import annotations

import re
import tomllib

from sqlalchemy import inspect

from privault.db.migrate import downgrade, upgrade
from privault.domain.policy import Actor
from privault.presets import roles_text
from privault.services.staff.accounts import add_staff
from privault.services.stores.registry import active_stores
from privault.services.vault import Vault
from tests.db.stored_roles import store_roles, stored_roles
from tests.factories import unique_mobile

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


BEFORE_SECTIONS = {"data": "b4d9f2a6c8e3", "keystore": "5d2f7a9c1e40"}
OLD_SERVICE_STAFF = """[roles.service_staff]
actions = ["customer.search", "customer.view", "customer.reveal", "notice.read"]
view = ["identity", "preference", "health"]
reveal = ["preference", "health"]
reveals_per_hour = 60
store_scoped = true
"""


def _before_sections(service_staff: str) -> str:
    """The shipped matrix as it was before today's list, with the given service staff table."""
    shipped = re.sub(r'\s*"sections\.manage",', "", roles_text())
    start = shipped.index("# Serving staff (技师")
    end = shipped.index("[roles.marketing]")
    return shipped[:start] + service_staff + "\n" + shipped[end:]


def _before_issue_16(actions: list[str]) -> list[str]:
    return [a for a in actions if a != "classes.briefing"]


def _has_sections(vault: Vault) -> bool:
    return "serving_sections" in inspect(vault.database.data_engine).get_table_names()


def test_a_default_service_staff_grant_loses_search_view_and_reveal_for_todays_list(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_SECTIONS)
    assert not _has_sections(vault)
    store_roles(vault, _before_sections(OLD_SERVICE_STAFF))

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    # Later migrations add their own grants (the class briefing, issue 16) in front.
    assert _before_issue_16(roles["service_staff"]["actions"]) == [
        "service.today",
        "notice.read",
        "form.collect",
    ]
    assert "view" not in roles["service_staff"]
    assert "reveal" not in roles["service_staff"]
    assert "sections.manage" in roles["store_manager"]["actions"]
    shipped = tomllib.loads(roles_text())["roles"]
    assert {r: set(g["actions"]) for r, g in roles.items()} == {
        r: set(g["actions"]) for r, g in shipped.items()
    }
    assert _has_sections(vault)


def test_a_service_staff_grant_the_admin_changed_keeps_it_and_only_gains_todays_list(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_SECTIONS)
    edited = OLD_SERVICE_STAFF.replace('"customer.reveal", ', "")
    store_roles(vault, _before_sections(edited + "# 本店：技师不看明文\n"))

    upgrade(vault.database)

    grant = tomllib.loads(stored_roles(vault))["roles"]["service_staff"]
    assert _before_issue_16(grant["actions"]) == [
        "service.today",
        "form.collect",
        "customer.search",
        "customer.view",
        "notice.read",
    ]
    assert grant["view"] == ["identity", "preference", "health"]
    assert "本店：技师不看明文" in stored_roles(vault)


def test_a_matrix_that_has_todays_list_already_is_left_as_it_is(vault: Vault) -> None:
    before = stored_roles(vault)
    downgrade(vault.database, **BEFORE_SECTIONS)
    upgrade(vault.database)
    assert stored_roles(vault) == before


BEFORE_CARDS = {"data": "d0f5b8c2e4a9", "keystore": "5d2f7a9c1e40"}
CARD_ACTIONS = {"card.issue", "card.return", "card.register"}


def test_an_upgraded_installation_gets_the_card_register_and_its_actions(vault: Vault) -> None:
    downgrade(vault.database, **BEFORE_CARDS)
    assert "card_register" not in inspect(vault.database.data_engine).get_table_names()
    store_roles(vault, re.sub(r'\s*"card\.(issue|return|register)",?', "", roles_text()))

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    for role in ("front_desk", "store_manager"):
        assert set(roles[role]["actions"]) >= CARD_ACTIONS
    assert not CARD_ACTIONS & set(roles["service_staff"]["actions"])
    tables = inspect(vault.database.data_engine).get_table_names()
    assert {"card_register", "meal_restrictions"} <= set(tables)


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
    store_roles(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
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
    store_roles(vault, own)
    upgrade(vault.database)
    kept = tomllib.loads(stored_roles(vault))["roles"]["marketing_manager"]["actions"]
    # Its own grant stays (no review of forms pushed on it); later features add their own.
    assert "segment.count" in kept
    assert not {"form.read", "form.review", "customer.view"} & set(kept)


BEFORE_PARTNERS = {"data": "c3e5a7b9d1f2", "keystore": "5d2f7a9c1e40"}
PARTNER_ACTIONS = {"partners.read", "partners.manage", "partners.disclose"}


def test_an_upgraded_installation_gets_the_partner_tables_and_the_officers_actions(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_PARTNERS)
    tables = set(inspect(vault.database.data_engine).get_table_names())
    assert "partners" not in tables
    old = re.sub(r'\s*"partners\.(read|manage|disclose)",?', "", roles_text())
    store_roles(vault, old + '\n[roles.cashier]\nactions = ["customer.search"]\n')

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    assert set(roles["privacy_officer"]["actions"]) >= PARTNER_ACTIONS
    assert not PARTNER_ACTIONS & set(roles["store_manager"]["actions"])
    assert roles["cashier"]["actions"] == ["customer.search"]
    tables = set(inspect(vault.database.data_engine).get_table_names())
    assert {"partners", "agreements", "disclosures", "disclosure_customers"} <= tables


BEFORE_COMPLAINTS = {"data": "f6b8d0e2a4c5", "keystore": "5d2f7a9c1e40"}
COMPLAINT_ACTIONS = {"complaint.record", "complaint.read", "complaint.answer", "compliance.report"}


def test_an_upgraded_installation_gets_the_complaints_table_and_its_actions(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_COMPLAINTS)
    assert "complaints" not in inspect(vault.database.data_engine).get_table_names()
    store_roles(vault, re.sub(r'\s*"(complaint\.\w+|compliance\.report)",?', "", roles_text()))

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    assert set(roles["privacy_officer"]["actions"]) >= COMPLAINT_ACTIONS
    assert "complaint.record" in roles["front_desk"]["actions"]
    assert "compliance.report" in roles["auditor"]["actions"]
    assert not COMPLAINT_ACTIONS & set(roles["marketing"]["actions"])
    assert "complaints" in inspect(vault.database.data_engine).get_table_names()


BEFORE_ASSESSMENTS = {"data": "e5a7c9d1f3b4", "keystore": "5d2f7a9c1e40"}
ASSESSMENT_ACTIONS = re.compile(r'\s*"(assessment\.(read|edit|approve)|ropa\.export)",?')


def test_an_upgraded_installation_gets_the_assessment_actions_and_keeps_its_edits(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_ASSESSMENTS)
    assert "assessments" not in inspect(vault.database.data_engine).get_table_names()
    old = ASSESSMENT_ACTIONS.sub("", roles_text())
    old += '\n[roles.cashier]\nactions = ["customer.search"]  # the shop\'s own role\n'
    store_roles(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    wanted = {"assessment.read", "assessment.edit", "assessment.approve", "ropa.export"}
    assert wanted <= set(roles["privacy_officer"]["actions"])
    assert {"assessment.read", "ropa.export"} <= set(roles["auditor"]["actions"])
    assert not wanted & set(roles["front_desk"]["actions"])
    assert roles["cashier"]["actions"] == ["customer.search"]
    assert "assessments" in inspect(vault.database.data_engine).get_table_names()


# Issue 19: incidents and violations.
BEFORE_INCIDENTS = {"data": "d4f6b8c0e2a3", "keystore": "5d2f7a9c1e40"}
INCIDENT_ACTIONS = re.compile(r'\s*"(incident|violation)\.(manage|read|notify)",?')


def test_an_upgraded_installation_gets_the_incident_tables_and_actions(vault: Vault) -> None:
    downgrade(vault.database, **BEFORE_INCIDENTS)
    assert "incidents" not in inspect(vault.database.data_engine).get_table_names()
    old = INCIDENT_ACTIONS.sub("", roles_text())
    old += '\n[roles.cashier]\nactions = ["customer.search"]  # the shop\'s own role\n'
    assert "incident.read" not in old
    store_roles(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    officer = set(roles["privacy_officer"]["actions"])
    assert {"incident.manage", "incident.read", "incident.notify"} <= officer
    assert {"violation.manage", "violation.read"} <= officer
    assert {"incident.read", "violation.read"} <= set(roles["auditor"]["actions"])
    assert roles["cashier"]["actions"] == ["customer.search"]
    tables = set(inspect(vault.database.data_engine).get_table_names())
    assert {"incidents", "incident_customers", "violations", "sanctions"} <= tables


# Issue 18 point 3: the store registry, filled with every store code already in use.
BEFORE_STORES = {"data": "e1a3c5e7f9b2", "keystore": "5d2f7a9c1e40"}


def test_an_upgraded_installation_registers_its_stores_and_gets_stores_manage(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE_STORES)
    assert "stores" not in inspect(vault.database.data_engine).get_table_names()
    old = roles_text().replace('"stores.manage",', "").replace('"devices.manage",', "")
    assert "stores.manage" not in old
    assert "devices.manage" not in old
    store_roles(vault, old + '\n[roles.cashier]\nactions = ["customer.search"]  # own role\n')
    admin = Actor("admin.test", frozenset({"admin"}))
    add_staff(vault, admin, "desk.east", ["front_desk"], ["east", "north"], mobile=unique_mobile())

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    assert "stores.manage" in roles["privacy_officer"]["actions"]
    assert "stores.manage" in roles["owner"]["actions"]
    assert "stores.manage" not in roles["store_manager"]["actions"]
    assert "devices.manage" in roles["store_manager"]["actions"]
    assert "devices.manage" not in roles["front_desk"]["actions"]
    assert roles["cashier"]["actions"] == ["customer.search"]
    codes = {s.code: (s.details.name, s.is_active) for s in active_stores(vault)}
    assert codes == {"east": ("east", True), "north": ("north", True)}
