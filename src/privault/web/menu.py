"""The console's areas and the action each needs: a page shows only what the role may do."""

from __future__ import annotations

from typing import NamedTuple

from privault.domain.policy import Action


class MenuItem(NamedTuple):
    path: str
    label: str  # English msgid; the template translates it
    needs: tuple[Action, ...]  # any one of them opens the area
    group: str  # the menu heading it sits under (English msgid)


TODAY = "Today's work"
CUSTOMERS = "Customers"
MARKETING = "Members and marketing"
PRIVACY = "Privacy"
GOVERNANCE = "Governance"
SETTINGS = "Settings"
# The menu's headings in the order a shop's day meets them.
GROUPS = (TODAY, CUSTOMERS, MARKETING, PRIVACY, GOVERNANCE, SETTINGS)


AREAS = (
    MenuItem("/customers", "Customers", (Action.SEARCH,), CUSTOMERS),
    MenuItem("/customers/new", "Register a customer", (Action.REGISTER,), CUSTOMERS),
    MenuItem("/service-day", "Day view", (Action.BOOKING_READ,), TODAY),
    MenuItem("/today", "Today", (Action.SERVICE_TODAY,), TODAY),
    MenuItem("/service-day/sections", "Serving sections", (Action.SECTIONS_MANAGE,), TODAY),
    MenuItem("/imports", "Import", (Action.IMPORT,), CUSTOMERS),
    MenuItem("/photos/take-downs", "Photos to take down", (Action.PHOTO_PUBLISH,), CUSTOMERS),
    MenuItem("/cards", "Card register", (Action.CARD_REGISTER,), TODAY),
    MenuItem("/requests", "Requests", (Action.REQUEST_READ,), PRIVACY),
    MenuItem("/exports", "Exports", (Action.EXPORT_REQUEST, Action.EXPORT_APPROVE), PRIVACY),
    MenuItem("/segments", "Segments", (Action.SEGMENT_COUNT,), MARKETING),
    MenuItem("/members", "Members", (Action.MEMBERS_READ, Action.MEMBERS_COUNT), MARKETING),
    MenuItem("/campaigns", "Campaigns", (Action.CAMPAIGN_READ,), MARKETING),
    MenuItem("/classes", "Customer classes", (Action.CLASSES_COUNT,), MARKETING),
    MenuItem("/classes/briefing", "Class briefing", (Action.CLASSES_BRIEFING,), MARKETING),
    MenuItem("/forms/review", "Collection forms", (Action.FORM_READ,), TODAY),
    MenuItem("/alerts", "Alerts", (Action.ALERT_READ,), PRIVACY),
    MenuItem("/audit", "Audit trail", (Action.AUDIT_READ,), PRIVACY),
    MenuItem("/staff", "Staff", (Action.STAFF_READ,), SETTINGS),
    MenuItem("/dashboard", "Dashboard", (Action.ALERT_READ,), PRIVACY),
    MenuItem("/settings", "Shop settings", (Action.SHOP_SETTINGS,), SETTINGS),
    MenuItem("/partners", "Partners", (Action.PARTNERS_READ,), GOVERNANCE),
    MenuItem("/complaints", "Complaints", (Action.COMPLAINT_READ,), PRIVACY),
    MenuItem("/compliance", "Compliance report", (Action.COMPLIANCE_REPORT,), GOVERNANCE),
    MenuItem("/assessments", "Impact assessments", (Action.ASSESSMENT_READ,), GOVERNANCE),
    MenuItem("/incidents", "Incidents", (Action.INCIDENT_READ,), GOVERNANCE),
    MenuItem("/violations", "Violations", (Action.VIOLATION_READ,), GOVERNANCE),
    MenuItem("/duplicates", "Likely duplicates", (Action.DUPLICATES_READ,), CUSTOMERS),
    MenuItem(
        "/customers/contacts/stale", "Stale contact data", (Action.CONTACT_STALE_READ,), CUSTOMERS
    ),
    MenuItem("/settings/hours", "Opening hours and time zone", (Action.STAFF_READ,), SETTINGS),
    MenuItem("/settings/retention", "Retention rules", (Action.RETENTION_RUN,), SETTINGS),
    MenuItem("/settings/holds", "Legal holds", (Action.HOLD_READ,), SETTINGS),
    MenuItem("/settings/backups", "Backups", (Action.BACKUP,), SETTINGS),
    MenuItem("/settings/roles", "Role matrix", (Action.STAFF_READ,), SETTINGS),
    MenuItem("/review", "Entry review", (Action.ENTRY_REVIEW_READ,), CUSTOMERS),
    MenuItem("/settings/stores", "Stores", (Action.STORES_MANAGE,), SETTINGS),
    MenuItem("/devices", "Shared tablets", (Action.DEVICES_MANAGE,), SETTINGS),
)


def menu_for(allowed: frozenset[Action]) -> list[MenuItem]:
    return [item for item in AREAS if allowed.intersection(item.needs)]


def menu_groups(allowed: frozenset[Action]) -> list[tuple[str, list[MenuItem]]]:
    """The persistent menu: each heading with the areas the role opens under it."""
    items = menu_for(allowed)
    grouped = [(group, [item for item in items if item.group == group]) for group in GROUPS]
    return [(group, entries) for group, entries in grouped if entries]
