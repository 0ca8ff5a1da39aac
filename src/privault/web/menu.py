"""The console's areas and the action each needs: a page shows only what the role may do."""

from __future__ import annotations

from typing import NamedTuple

from privault.domain.policy import Action


class MenuItem(NamedTuple):
    path: str
    label: str  # English msgid; the template translates it
    needs: tuple[Action, ...]  # any one of them opens the area


AREAS = (
    MenuItem("/customers", "Customers", (Action.SEARCH,)),
    MenuItem("/customers/new", "Register a customer", (Action.REGISTER,)),
    MenuItem("/service-day", "Day view", (Action.BOOKING_READ,)),
    MenuItem("/today", "Today", (Action.SERVICE_TODAY,)),
    MenuItem("/service-day/sections", "Serving sections", (Action.SECTIONS_MANAGE,)),
    MenuItem("/imports", "Import", (Action.IMPORT,)),
    MenuItem("/photos/take-downs", "Photos to take down", (Action.PHOTO_PUBLISH,)),
    MenuItem("/cards", "Card register", (Action.CARD_REGISTER,)),
    MenuItem("/requests", "Requests", (Action.REQUEST_READ,)),
    MenuItem("/exports", "Exports", (Action.EXPORT_REQUEST, Action.EXPORT_APPROVE)),
    MenuItem("/segments", "Segments", (Action.SEGMENT_COUNT,)),
    MenuItem("/members", "Members", (Action.MEMBERS_READ, Action.MEMBERS_COUNT)),
    MenuItem("/campaigns", "Campaigns", (Action.CAMPAIGN_READ,)),
    MenuItem("/classes", "Customer classes", (Action.CLASSES_COUNT,)),
    MenuItem("/classes/briefing", "Class briefing", (Action.CLASSES_BRIEFING,)),
    MenuItem("/forms/review", "Collection forms", (Action.FORM_READ,)),
    MenuItem("/alerts", "Alerts", (Action.ALERT_READ,)),
    MenuItem("/audit", "Audit trail", (Action.AUDIT_READ,)),
    MenuItem("/staff", "Staff", (Action.STAFF_READ,)),
    MenuItem("/dashboard", "Dashboard", (Action.ALERT_READ,)),
    MenuItem("/settings", "Shop settings", (Action.SHOP_SETTINGS,)),
    MenuItem("/partners", "Partners", (Action.PARTNERS_READ,)),
    MenuItem("/complaints", "Complaints", (Action.COMPLAINT_READ,)),
    MenuItem("/compliance", "Compliance report", (Action.COMPLIANCE_REPORT,)),
    MenuItem("/assessments", "Impact assessments", (Action.ASSESSMENT_READ,)),
    MenuItem("/incidents", "Incidents", (Action.INCIDENT_READ,)),
    MenuItem("/violations", "Violations", (Action.VIOLATION_READ,)),
    MenuItem("/duplicates", "Likely duplicates", (Action.DUPLICATES_READ,)),
    MenuItem("/review", "Entry review", (Action.ENTRY_REVIEW_READ,)),
)


def menu_for(allowed: frozenset[Action]) -> list[MenuItem]:
    return [item for item in AREAS if allowed.intersection(item.needs)]
