"""The role matrix through the real services: each role may use exactly its use cases, and each
refusal is audited once as denied and changes nothing else (DESIGN §3.1, §7)."""

from __future__ import annotations

import copy
import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import AuditEvent, Outcome
from privault.domain.errors import PolicyDeniedError
from privault.domain.ledger import Ledger
from privault.domain.masking import HIDDEN
from privault.domain.members import DEFAULT_RULES
from privault.domain.policy import Action, Actor
from privault.presets import load_preset
from privault.services.assessments.register import list_assessments, start_assessment
from privault.services.assessments.ropa import list_records
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.campaigns.planning import list_campaigns
from privault.services.campaigns.segments import count_segment
from privault.services.classes.briefing import class_briefing
from privault.services.classes.computing import compute_classes
from privault.services.classes.important import mark_important_guest
from privault.services.classes.listing import count_classes, list_classes
from privault.services.classes.rule import set_class_rule
from privault.services.complaints.intake import record_complaint
from privault.services.complaints.records import list_complaints
from privault.services.compliance.report import issue_compliance_report
from privault.services.consents.ledger import grant_consents, list_consents, withdraw_consents
from privault.services.consents.notices import list_notices, publish_notice
from privault.services.customers.entry_review import list_pending_entries
from privault.services.customers.records import (
    find_customers,
    get_customer,
    reveal_field,
    update_customer,
)
from privault.services.duplicates.review import list_candidates
from privault.services.duplicates.scan import scan_duplicates
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.incidents.drills import record_drill
from privault.services.incidents.register import list_incidents
from privault.services.ledgers.accounts import show_account
from privault.services.members.levels import set_level_rules, show_level_rules
from privault.services.members.membership import enrol_member, list_members, member_counts
from privault.services.partners.registry import list_partners
from privault.services.points.movements import adjust_points
from privault.services.staff.accounts import add_staff, list_staff
from privault.services.staff.shared_devices import list_devices
from privault.services.stores.registry import list_stores
from privault.services.vault import Vault
from privault.services.violations.register import list_violations
from privault.services.wallet.movements import top_up
from tests.conftest import FrozenClock
from tests.factories import NOTICE, register, unique_mobile

STORE = "main"  # the installation's default store, where the test customer is registered
STORE_SCOPED = {"front_desk", "service_staff", "marketing", "marketing_manager", "store_manager"}
GAP = "no signed confidentiality agreement on file"
CARE = ("service", "membership", "personalisation", "sensitive_care")


def staff(role: str, *, stores: frozenset[str] | None = None, gap: str | None = None) -> Actor:
    """A staff member holding one role; scoped roles work in the test customer's store."""
    if stores is None:
        stores = frozenset({STORE}) if role in STORE_SCOPED else frozenset()
    return Actor(f"{role}.kim", frozenset({role}), stores, training_gap=gap)


@dataclass(frozen=True)
class Scene:
    """A salon with one customer whose record has a field of every kind a role is told apart by."""

    vault: Vault
    customer_id: str
    mobile: str
    tmp_path: Path


@pytest.fixture
def scene(vault: Vault, operator: Actor, tmp_path: Path) -> Scene:
    mobile = unique_mobile()
    values = {
        "name": "林晓梅",
        "mobile": mobile,
        "email": "lin@example.com",
        "hair_type": "dry",
        "skin_type": "oily",
        "allergies": "对染发剂过敏",
    }
    return Scene(vault, register(vault, operator, values, CARE), mobile, tmp_path)


def _import(s: Scene, actor: Actor) -> object:
    path = s.tmp_path / "customers.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["name", "mobile"], ["周杰", unique_mobile()]])
    return import_customers(s.vault, actor, path, ImportOptions(NOTICE, ("service",)))


def _notice() -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(load_preset("salon")["notice"])
    document["version"] = "2026.2"
    document["zh"]["contact"] = "请致电 0755-86013388 联系本店隐私保护负责人。"
    document["en"]["contact"] = "Call our privacy officer on 0755-86013388."
    return document


UseCase = Callable[[Scene, Actor], object]
USE_CASES: dict[str, UseCase] = {
    "register": lambda s, a: register(s.vault, a, {"name": "周杰", "mobile": unique_mobile()}),
    "search": lambda s, a: find_customers(s.vault, a, "mobile", s.mobile),
    "view": lambda s, a: get_customer(s.vault, a, s.customer_id),
    "reveal_contact": lambda s, a: reveal_field(s.vault, a, s.customer_id, "mobile", "service"),
    "reveal_preference": lambda s, a: reveal_field(
        s.vault, a, s.customer_id, "hair_type", "service"
    ),
    "reveal_health": lambda s, a: reveal_field(
        s.vault, a, s.customer_id, "allergies", "sensitive_care"
    ),
    "update": lambda s, a: update_customer(s.vault, a, s.customer_id, {"skin_type": "normal"}),
    "consent_grant": lambda s, a: grant_consents(
        s.vault, a, s.customer_id, ["marketing_sms"], channel="store", notice_version=NOTICE
    ),
    "consent_withdraw": lambda s, a: withdraw_consents(
        s.vault, a, s.customer_id, ["personalisation"], channel="store"
    ),
    "consent_list": lambda s, a: list_consents(s.vault, a, s.customer_id),
    "import": _import,
    "notice_publish": lambda s, a: publish_notice(s.vault, a, _notice()),
    "notice_list": lambda s, a: list_notices(s.vault, a),
    "audit_list": lambda s, a: list_audit_events(s.vault, a),
    "staff_list": lambda s, a: list_staff(s.vault, a),
    "staff_add": lambda s, a: add_staff(
        s.vault, a, "new.clerk", ["front_desk"], [STORE], mobile="13812345678"
    ),
    "alert_list": lambda s, a: list_alerts(s.vault, a),
    "points_read": lambda s, a: show_account(s.vault, a, Ledger.POINTS, s.customer_id),
    "wallet_read": lambda s, a: show_account(s.vault, a, Ledger.WALLET, s.customer_id),
    "wallet_top_up": lambda s, a: top_up(s.vault, a, s.customer_id, "100.00"),
    "points_adjust": lambda s, a: adjust_points(s.vault, a, s.customer_id, "10", "goodwill"),
    "member_enrol": lambda s, a: enrol_member(s.vault, a, s.customer_id),
    "member_list": lambda s, a: list_members(s.vault, a),
    "member_counts": lambda s, a: member_counts(s.vault, a),
    "member_levels": lambda s, a: show_level_rules(s.vault, a),
    "member_levels_set": lambda s, a: set_level_rules(s.vault, a, DEFAULT_RULES.as_text()),
    "segment_count": lambda s, a: count_segment(s.vault, a, {"birthday_month": "3"}),
    "campaign_list": lambda s, a: list_campaigns(s.vault, a),
    "classes_count": lambda s, a: count_classes(s.vault, a),
    "classes_list": lambda s, a: list_classes(s.vault, a),
    "classes_compute": lambda s, a: compute_classes(s.vault, a, "2026Q4"),
    "classes_configure": lambda s, a: set_class_rule(s.vault, a, "churn_days=90"),
    "important_mark": lambda s, a: mark_important_guest(s.vault, a, s.customer_id, "区政府接待"),
    "classes_briefing": lambda s, a: class_briefing(s.vault, a),
    "partner_list": lambda s, a: list_partners(s.vault, a),
    "complaint_record": lambda s, a: record_complaint(
        s.vault, a, s.customer_id, "question", "desk", "存了我哪些信息？"
    ),
    "complaint_list": lambda s, a: list_complaints(s.vault, a),
    "compliance_report": lambda s, a: issue_compliance_report(s.vault, a),
    "assessment_list": lambda s, a: list_assessments(s.vault, a),
    "assessment_start": lambda s, a: start_assessment(s.vault, a, "sensitive_care", "扩展"),
    "ropa_list": lambda s, a: list_records(s.vault, a, "en"),
    "incident_list": lambda s, a: list_incidents(s.vault, a),
    "drill_record": lambda s, a: record_drill(s.vault, a, date(2026, 11, 1), "drill", "ok"),
    "violation_list": lambda s, a: list_violations(s.vault, a),
    "duplicates_list": lambda s, a: list_candidates(s.vault, a),
    "duplicates_scan": lambda s, a: scan_duplicates(s.vault, a),
    "entry_review_list": lambda s, a: list_pending_entries(s.vault, a),
    "stores_list": lambda s, a: list_stores(s.vault, a),
    "devices_list": lambda s, a: list_devices(s.vault, a),
}

CUSTOMER_DESK = {"register", "search", "view", "reveal_contact", "update"}
CONSENTS = {"consent_grant", "consent_withdraw", "consent_list"}
REVEAL_SERVICE = {"reveal_preference", "reveal_health"}
# Balances are financial information (issue 16): the desk at payment and the manager only.
LEDGERS_DESK = {"points_read", "wallet_read", "wallet_top_up"}
# Issue 16: the desk enrols and reads members, marketing counts them per level, the manager
# does all of it and sets the level rules (as the admin may, seeing no member).
MEMBERS_DESK = {"member_enrol", "member_list", "member_levels"}
MEMBER_COUNTS = {"member_counts", "member_levels"}
MARKETING = {"segment_count", "campaign_list"}
# Customer classes (issue 16): marketing counts only; the managers the list, the computation,
# the rule and important guests; serving staff the briefing on their own bookings.
CLASSES = {"classes_count", "classes_list", "classes_compute", "classes_configure"}
CLASSES |= {"important_mark"}
# Issue 19: the desk and the manager take a complaint down; the privacy officer reads and
# answers them; the officer and the auditor issue the compliance report (counts only).
COMPLAINT_DESK = {"complaint_record"}
# Impact assessments and the records of processing (issue 19): the officer writes, the auditor
# reads; neither holds a personal value.
ASSESSMENTS = {"assessment_list", "ropa_list"}
# Incidents and violations (issue 19): the privacy officer's registers; the auditor reads them.
INCIDENT_READS = {"incident_list", "violation_list"}
INCIDENTS = INCIDENT_READS | {"drill_record"}
# Likely duplicates (issue 17): the manager and the privacy officer review and scan.
DUPLICATES = {"duplicates_list", "duplicates_scan"}
# Entry review (issue 17): the manager's queue, which the privacy officer may also work.
ENTRY_REVIEW = {"entry_review_list"}
# DESIGN §7 in use cases, written out by hand. Everything not listed is refused.
ALLOWED: dict[str, set[str]] = {
    "front_desk": CUSTOMER_DESK
    | CONSENTS
    | LEDGERS_DESK
    | MEMBERS_DESK
    | {"notice_list"}
    | COMPLAINT_DESK,
    # today's list only (issue 15, tests/services/service_day/test_today.py): no customer use case
    "service_staff": {"notice_list", "classes_briefing"},
    # Counts and campaigns, never a person (issue 16).
    "marketing": MEMBER_COUNTS | {"notice_list", "classes_count"} | MARKETING,
    # Marketing's rights plus the review of collection forms, identity masked (DESIGN §11), and
    # the quarterly class list.
    "marketing_manager": MEMBER_COUNTS | {"notice_list", "view"} | MARKETING | CLASSES,
    "store_manager": CUSTOMER_DESK
    | CONSENTS
    | REVEAL_SERVICE
    | LEDGERS_DESK
    | MEMBERS_DESK
    | MEMBER_COUNTS
    | MARKETING
    | CLASSES
    | {"import", "notice_list", "points_adjust", "member_levels_set"}
    | COMPLAINT_DESK
    | DUPLICATES
    | ENTRY_REVIEW,
    "privacy_officer": (CUSTOMER_DESK - {"register"})
    | CONSENTS
    | REVEAL_SERVICE
    | {"notice_publish", "notice_list", "audit_list", "staff_list", "alert_list", "segment_count"}
    | {"member_list", "member_levels"}
    | {"partner_list"}
    | COMPLAINT_DESK
    | {"complaint_list", "compliance_report"}
    | ASSESSMENTS
    | {"assessment_start"}
    | INCIDENTS
    | DUPLICATES
    | ENTRY_REVIEW,
    "auditor": {"notice_list", "audit_list", "staff_list", "alert_list", "compliance_report"}
    | ASSESSMENTS
    | INCIDENT_READS,
    "admin": {"notice_list", "staff_list", "staff_add", "member_levels", "member_levels_set"},
    # A one-officer shop's second approver: approves exports, countersigns, sees no customer.
    "owner": {"notice_list", "staff_list", "alert_list"},
}
# The store registry (issue 18 point 3): the owner and the privacy officer keep it.
ALLOWED["privacy_officer"] |= {"stores_list"}
ALLOWED["owner"] |= {"stores_list"}
ALLOWED["store_manager"] |= {"devices_list"}
CASES = [(role, name) for role in ALLOWED for name in USE_CASES]


# Reads the trail under its own name, so its reading events never count as the actor's.
READER = Actor("matrix.reader", frozenset({"auditor"}))


def events_of(vault: Vault, actor: Actor) -> list[AuditEvent]:
    """The actor's audit events, oldest first."""
    everything = list_audit_events(vault, READER, limit=10_000)
    return [e for e in reversed(everything) if e.actor == actor.name]


def refuse(scene: Scene, actor: Actor, use_case: UseCase, match: str | None = None) -> AuditEvent:
    """Runs a use case that must be refused; returns its one audit event."""
    before = table_counts(scene.vault.database)
    with pytest.raises(PolicyDeniedError, match=match):
        use_case(scene, actor)
    assert table_counts(scene.vault.database) == {
        **before,
        "audit_events": before["audit_events"] + 1,
    }
    [denied] = [e for e in events_of(scene.vault, actor) if e.outcome is Outcome.DENIED]
    return denied


def test_the_table_names_every_role_and_use_case() -> None:
    assert set().union(*ALLOWED.values()) <= set(USE_CASES)
    assert {"front_desk", "auditor", "admin"} <= set(ALLOWED)


@pytest.mark.parametrize(
    ("role", "use_case"),
    [(r, u) for r, u in CASES if u in ALLOWED[r]],
    ids=[f"{r}-{u}" for r, u in CASES if u in ALLOWED[r]],
)
def test_each_role_may_use_its_use_cases(scene: Scene, role: str, use_case: str) -> None:
    actor = staff(role)
    USE_CASES[use_case](scene, actor)
    assert [e for e in events_of(scene.vault, actor) if e.outcome is Outcome.DENIED] == []


@pytest.mark.parametrize(
    ("role", "use_case"),
    [(r, u) for r, u in CASES if u not in ALLOWED[r]],
    ids=[f"{r}-{u}" for r, u in CASES if u not in ALLOWED[r]],
)
@pytest.mark.legal("PIPL Art. 51", "GB/T 35273-2020 §7.1")
def test_each_role_is_refused_every_other_use_case_and_nothing_changes(
    scene: Scene, role: str, use_case: str
) -> None:
    actor = staff(role)
    denied = refuse(scene, actor, USE_CASES[use_case])
    assert (denied.role, denied.outcome) == (role, Outcome.DENIED)
    assert denied.reason
    assert events_of(scene.vault, actor) == [denied]


def test_a_refused_reveal_is_audited_with_the_customer_field_and_purpose(scene: Scene) -> None:
    actor = staff("front_desk")
    denied = refuse(scene, actor, USE_CASES["reveal_health"])
    assert (denied.action, denied.customer_id, denied.fields, denied.purpose) == (
        Action.REVEAL.value,
        scene.customer_id,
        ("allergies",),
        "sensitive_care",
    )
    assert denied.store == STORE


def test_a_refused_import_leaves_no_reject_file(scene: Scene) -> None:
    refuse(scene, staff("front_desk"), USE_CASES["import"])
    assert not (scene.tmp_path / "customers.csv.rejects.csv").exists()


# --- store scope --------------------------------------------------------------------------------

NORTH_DESK = staff("front_desk", stores=frozenset({"north"}))


@pytest.fixture
def south(vault: Vault, operator: Actor, tmp_path: Path) -> Scene:
    """A customer of the south store."""
    mobile = unique_mobile()
    customer_id = register(vault, operator, {"name": "王芳", "mobile": mobile}, store="south")
    return Scene(vault, customer_id, mobile, tmp_path)


@pytest.mark.parametrize(
    "use_case", ["view", "reveal_contact", "update", "consent_grant", "consent_list"]
)
@pytest.mark.legal("GB/T 35273-2020 §7.1")
def test_a_front_desk_of_one_store_cannot_touch_another_stores_customer(
    south: Scene, use_case: str
) -> None:
    denied = refuse(south, NORTH_DESK, USE_CASES[use_case], match="south is outside")
    assert denied.customer_id == south.customer_id


def test_a_front_desk_of_one_store_cannot_register_for_another(south: Scene) -> None:
    refuse(
        south,
        NORTH_DESK,
        lambda s, a: register(s.vault, a, {"name": "周杰"}, store="south"),
        match="south is outside",
    )


def test_search_does_not_find_another_stores_customer(south: Scene) -> None:
    found = find_customers(south.vault, NORTH_DESK, "mobile", south.mobile)
    assert (found.total, found.customers) == (0, [])
    tail = find_customers(south.vault, NORTH_DESK, "mobile_tail", south.mobile[-4:])
    assert tail.total == 0


def test_a_front_desk_works_on_the_customers_of_its_own_store(
    south: Scene, operator: Actor
) -> None:
    mobile = unique_mobile()
    customer_id = register(south.vault, operator, {"name": "赵敏", "mobile": mobile}, store="north")
    [found] = find_customers(south.vault, NORTH_DESK, "mobile", mobile).customers
    assert found.id == customer_id
    assert get_customer(south.vault, NORTH_DESK, customer_id).fields["mobile"] != mobile
    assert reveal_field(south.vault, NORTH_DESK, customer_id, "mobile", "service") == mobile


def test_an_unscoped_privacy_officer_works_in_every_store(south: Scene) -> None:
    officer = staff("privacy_officer", stores=frozenset({"north"}))
    assert get_customer(south.vault, officer, south.customer_id).store == "south"
    assert (
        reveal_field(south.vault, officer, south.customer_id, "mobile", "service") == south.mobile
    )
    found = find_customers(south.vault, officer, "mobile", south.mobile)
    assert [c.id for c in found.customers] == [south.customer_id]


# --- training and confidentiality agreement -----------------------------------------------------

UNTRAINED = staff("store_manager", gap=GAP)


@pytest.mark.legal("PIPL Art. 51")
@pytest.mark.parametrize("use_case", ["reveal_contact", "reveal_health", "import"])
def test_an_untrained_manager_gets_no_clear_data_and_is_told_why(
    scene: Scene, use_case: str
) -> None:
    denied = refuse(scene, UNTRAINED, USE_CASES[use_case], match=GAP)
    assert denied.reason == f"{UNTRAINED.name} may see masked data only: {GAP}"


@pytest.mark.parametrize("use_case", ["search", "view", "register", "update", "consent_list"])
def test_an_untrained_manager_still_works_with_masked_data(scene: Scene, use_case: str) -> None:
    USE_CASES[use_case](scene, UNTRAINED)
    assert all(e.outcome is Outcome.ALLOWED for e in events_of(scene.vault, UNTRAINED))


def test_an_untrained_manager_sees_the_record_masked(scene: Scene) -> None:
    view = get_customer(scene.vault, UNTRAINED, scene.customer_id)
    assert view.fields["mobile"] == f"{scene.mobile[:3]}****{scene.mobile[-4:]}"
    assert view.fields["allergies"] == HIDDEN


# --- what service staff see ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["search", "view", "reveal_preference", "reveal_health"], ids=str)
def test_service_staff_neither_find_nor_open_nor_reveal_a_customer(scene: Scene, name: str) -> None:
    """They see their bookings' guests on today's list only; every other door is shut."""
    actor = staff("service_staff")
    refused = refuse(scene, actor, USE_CASES[name], match="role service_staff may not customer")
    assert refused.outcome is Outcome.DENIED


# --- reveal rate --------------------------------------------------------------------------------


def test_a_reveal_beyond_the_hourly_limit_is_refused_and_alerts_once(
    scene: Scene, operator: Actor, clock: FrozenClock
) -> None:
    desk = staff("front_desk")
    for _ in range(30):  # front_desk: 30 reveals an hour
        reveal_field(scene.vault, desk, scene.customer_id, "mobile", "service")
    before = table_counts(scene.vault.database)
    with pytest.raises(PolicyDeniedError, match="limit of 30 reveals an hour"):
        reveal_field(scene.vault, desk, scene.customer_id, "mobile", "service")
    assert table_counts(scene.vault.database) == {
        **before,
        "audit_events": before["audit_events"] + 1,
        "alerts": before["alerts"] + 1,
    }
    with pytest.raises(PolicyDeniedError):
        reveal_field(scene.vault, desk, scene.customer_id, "mobile", "service")
    alerts = list_alerts(scene.vault, staff("privacy_officer"))
    assert [(a.kind, a.staff_name) for a in alerts] == [("reveal_rate", desk.name)]
    outcomes = [e.outcome for e in events_of(scene.vault, desk)]
    assert outcomes == [Outcome.ALLOWED] * 30 + [Outcome.DENIED] * 2


def test_reveals_are_allowed_again_once_the_hour_has_passed(
    scene: Scene, clock: FrozenClock
) -> None:
    desk = staff("front_desk")
    for _ in range(30):
        reveal_field(scene.vault, desk, scene.customer_id, "mobile", "service")
    clock.advance(hours=1, seconds=1)
    assert reveal_field(scene.vault, desk, scene.customer_id, "mobile", "service") == scene.mobile
