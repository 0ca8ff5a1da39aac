"""The one policy function against the default role matrix, written out by hand from DESIGN §7.

The expected tables below are deliberately not computed from presets/roles.toml: a wrong line
in the shipped matrix fails here.
"""

from __future__ import annotations

import pytest

from privault.domain.catalog import (
    Catalog,
    Category,
    FieldClass,
    FieldSpec,
    MaskRule,
    ValueKind,
    parse_catalog,
)
from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import (
    Action,
    Actor,
    Decision,
    Request,
    RoleMatrix,
    authorize,
    check_roles,
    reveal_limit,
    store_scope,
    vet_roles,
    visible_fields,
)
from privault.domain.roles import parse_roles
from privault.presets import load_preset, load_roles

A = Action
ROLES = (
    "front_desk",
    "service_staff",
    "marketing",
    "marketing_manager",
    "store_manager",
    "privacy_officer",
    "auditor",
    "admin",
    "owner",
)
GRANTABLE = tuple(
    a for a in Action if a not in {Action.SIGN_IN, Action.SIGN_OUT, Action.HOUSEKEEPING}
)
CUSTOMER_WORK = {A.REGISTER, A.SEARCH, A.VIEW_MASKED, A.REVEAL, A.UPDATE, A.CONSENT}
LEDGER_DESK = {A.POINTS_READ, A.POINTS_MOVE, A.WALLET_READ, A.WALLET_MOVE}

# DESIGN §7, action by action. Everything not listed is denied.
# Issue 16: counts per member level, and campaigns planned, read and (by a manager) sent.
MARKETING_COUNTS = {A.MEMBERS_COUNT, A.MEMBER_LEVELS_READ}
INCIDENTS = {
    A.INCIDENT_MANAGE,
    A.INCIDENT_READ,
    A.INCIDENT_NOTIFY,
    A.VIOLATION_MANAGE,
    A.VIOLATION_READ,
}
# the quarterly class list, its computation and rule, and the important guests.
CLASSES = {
    A.CLASSES_COUNT,
    A.CLASSES_READ,
    A.CLASSES_COMPUTE,
    A.CLASSES_CONFIGURE,
    A.IMPORTANT_GUEST_MARK,
}
CAMPAIGNS = {A.CAMPAIGN_PLAN, A.CAMPAIGN_READ, A.CAMPAIGN_SEND}
ALLOWED: dict[str, set[Action]] = {
    # register, search, masked view, reveal contact, record consent (and correct what they
    # registered); no import, no export, no audit, no staff.
    # They also ring up visits and purchases, and take a rights request at the counter
    # (opening it, checking the customer's ID in person), and read the customer's history.
    # As booking clerks (订餐员, §11) they book, check in and close, and see their store's day.
    # They take and look at service photos; publishing one is the store manager's.
    "front_desk": CUSTOMER_WORK
    | {
        A.CONSENT_READ,
        A.NOTICE_READ,
        A.TRANSACTION_RECORD,
        A.TRANSACTION_READ,
        A.REQUEST_OPEN,
        A.REQUEST_VERIFY,
    }
    | {A.BOOKING_MANAGE, A.BOOKING_READ, A.PHOTO_ADD, A.PHOTO_VIEW}
    # and issue the information cards to the serving staff and take them back (§11, 6.3).
    | {A.CARD_ISSUE, A.CARD_RETURN, A.CARD_REGISTER}
    # they enter collection forms from paper and confirm the reviewed items are on the card.
    | {A.FORM_COLLECT, A.FORM_ENTER}
    # at payment they read and move points and stored value (issue 16); corrections are not theirs.
    | LEDGER_DESK
    # and enrol members and read them (issue 16).
    | {A.MEMBERS_ENROL, A.MEMBERS_READ, A.MEMBER_LEVELS_READ}
    # and take down a customer's privacy question or complaint (issue 19).
    | {A.COMPLAINT_RECORD},
    # today's bookings assigned to them, with the serving fields (issue 15); no search, no
    # customer view or reveal, no photo outside a booking: a customer not on their bookings
    # stays invisible. Servers fill the collection form (收集表) of a meal.
    # and the class of each guest on their own bookings of today (issue 16).
    "service_staff": {A.SERVICE_TODAY, A.NOTICE_READ, A.FORM_COLLECT, A.CLASSES_BRIEFING},
    # counts only, never an individual record.
    "marketing": {A.SEGMENT_COUNT, A.NOTICE_READ}
    | MARKETING_COUNTS
    | {A.CAMPAIGN_PLAN, A.CAMPAIGN_READ, A.CLASSES_COUNT},
    # marketing's rights plus the review of collection forms, identity masked (§11).
    "marketing_manager": {
        A.SEGMENT_COUNT,
        A.NOTICE_READ,
        A.FORM_READ,
        A.FORM_REVIEW,
        A.VIEW_MASKED,
        *MARKETING_COUNTS,
        *CAMPAIGNS,
        *CLASSES,
    },
    # everything above for own stores, entry review (import), export requests; never approves.
    "store_manager": CUSTOMER_WORK
    | {
        A.CONSENT_READ,
        A.IMPORT,
        A.SEGMENT_COUNT,
        A.EXPORT_REQUEST,
        A.EXPORT_DOWNLOAD,
        A.NOTICE_READ,
        A.TRANSACTION_RECORD,
        A.TRANSACTION_READ,
        A.REQUEST_OPEN,
        A.REQUEST_VERIFY,
        A.REQUEST_READ,
        A.PAPER_RECORD,
        A.PAPER_READ,
        A.BOOKING_MANAGE,
        A.BOOKING_READ,
        A.PHOTO_ADD,
        A.PHOTO_VIEW,
        A.PHOTO_PUBLISH,
        A.SECTIONS_MANAGE,
        A.CARD_ISSUE,
        A.CARD_RETURN,
        A.CARD_REGISTER,
        A.FORM_COLLECT,
        A.FORM_READ,
        A.FORM_REVIEW,
        A.FORM_ENTER,
        # the desk's points and stored value, plus adjustments, refunds and reversals.
        *LEDGER_DESK,
        A.LEDGER_CORRECT,
        # members: enrol, read, manage, counts and the level rules; campaigns sent (issue 16).
        A.MEMBERS_ENROL,
        A.MEMBERS_READ,
        A.MEMBERS_MANAGE,
        A.MEMBER_LEVELS_CONFIGURE,
        *MARKETING_COUNTS,
        *CAMPAIGNS,
        *CLASSES,
        A.COMPLAINT_RECORD,  # a customer's privacy question or complaint (issue 19)
        # likely duplicates: the review list, masked, and the scan (issue 17).
        A.DUPLICATES_READ,
        A.DUPLICATES_SCAN,
        A.DUPLICATES_MERGE,
        A.ENTRY_REVIEW_READ,  # entry review: the queue, accept, correct, reject (issue 17)
        A.ENTRY_REVIEW_DECIDE,
    },
    # consents, requests, export approval, reveal with purpose, the trail, the notice, alerts;
    # registers nobody and asks for no export itself.
    "privacy_officer": {
        A.SEARCH,
        A.VIEW_MASKED,
        A.REVEAL,
        A.UPDATE,
        A.CONSENT,
        A.CONSENT_READ,
        A.SEGMENT_COUNT,
        A.EXPORT_APPROVE,
        A.AUDIT_READ,
        A.AUDIT_VERIFY,
        A.AUDIT_EXPORT_CHECKPOINT,
        A.AUDIT_PURGE,
        A.AUDIT_RETENTION,
        A.NOTICE_PUBLISH,
        A.NOTICE_READ,
        A.STAFF_READ,
        A.ALERT_READ,
        A.ALERT_ACK,
        A.REGIMES_SET,
        A.REQUEST_OPEN,
        A.REQUEST_READ,
        A.REQUEST_VERIFY,
        A.REQUEST_FULFIL,
        A.ERASE,
        A.RESTRICT,
        A.HOLD_MANAGE,
        A.HOLD_READ,
        A.RETENTION_RUN,
        A.PAPER_RECORD,
        A.PAPER_READ,
        A.JOBS_READ,
        A.SHOP_SETTINGS,
        A.STAFF_COUNTERSIGN,
        A.TRANSACTION_READ,  # the history, to answer a customer's request
        A.MEMBERS_READ,  # a member's standing, to answer a customer's request
        A.MEMBER_LEVELS_READ,
        A.PARTNERS_READ,  # partners, agreements and disclosures (issue 19)
        A.PARTNERS_MANAGE,
        A.PARTNERS_DISCLOSE,
        # questions and complaints, answered; the compliance report (issue 19).
        A.COMPLAINT_RECORD,
        A.COMPLAINT_READ,
        A.COMPLAINT_ANSWER,
        A.COMPLIANCE_REPORT,
        # impact assessments written and approved, the records of processing (issue 19).
        A.ASSESSMENT_READ,
        A.ASSESSMENT_EDIT,
        A.ASSESSMENT_APPROVE,
        A.ROPA_EXPORT,
        *INCIDENTS,  # the incident and violation registers, and the notices (issue 19)
        A.DUPLICATES_READ,  # one person, one record: the officer reviews pairs too
        A.DUPLICATES_SCAN,
        A.DUPLICATES_MERGE,
        A.ENTRY_REVIEW_READ,  # entry review, as the store manager (issue 17)
        A.ENTRY_REVIEW_DECIDE,
    },
    # the trail and reports, no personal data; watches, so purges and acknowledges nothing.
    "auditor": {
        A.AUDIT_READ,
        A.AUDIT_VERIFY,
        A.AUDIT_EXPORT_CHECKPOINT,
        A.ALERT_READ,
        A.STAFF_READ,
        A.NOTICE_READ,
        A.HOLD_READ,
        A.PAPER_READ,
        A.JOBS_READ,
        A.COMPLIANCE_REPORT,  # counts and the trail's check, no personal data (issue 19)
        A.ASSESSMENT_READ,  # assessments and records of processing hold no personal value
        A.ROPA_EXPORT,
        A.INCIDENT_READ,
        A.VIOLATION_READ,
    },
    # staff, settings, keys (backups hold ciphertext only); no personal data.
    "admin": {
        A.INSTALL,
        A.STAFF_MANAGE,
        A.STAFF_READ,
        A.POLICY_EDIT,
        A.NOTICE_READ,
        A.JOBS_READ,
        A.BACKUP,
        A.RESTORE,
        A.SHOP_SETTINGS,
        A.STAFF_COUNTERSIGN,
        A.MEMBER_LEVELS_READ,  # the level rules are settings; no member is shown
        A.MEMBER_LEVELS_CONFIGURE,
    },
    # a one-officer shop's second approver: approves exports and countersigns privileged
    # accounts; sees no customer field.
    "owner": {A.EXPORT_APPROVE, A.STAFF_COUNTERSIGN, A.STAFF_READ, A.NOTICE_READ, A.ALERT_READ},
}
# Regular updates of contact data (issue 17): the desk and the manager confirm with the customer,
# the manager and the officer read what is stale, the officer and the admin set the period.
ALLOWED["front_desk"] |= {A.CONTACT_CONFIRM}
ALLOWED["store_manager"] |= {A.CONTACT_CONFIRM, A.CONTACT_STALE_READ}
ALLOWED["privacy_officer"] |= {A.CONTACT_STALE_READ, A.CONTACT_SETTINGS}
ALLOWED["admin"] |= {A.CONTACT_SETTINGS}
# The store registry (issue 18 point 3): the owner and the privacy officer keep it.
ALLOWED["privacy_officer"] |= {A.STORES_MANAGE}
ALLOWED["owner"] |= {A.STORES_MANAGE}
# Shared front-desk tablets: the store manager marks a browser for a store.
ALLOWED["store_manager"] |= {A.DEVICES_MANAGE}

C = Category
EVERY_CATEGORY = set(Category)
# Field categories each role sees masked (view) and in clear (reveal).
VIEW: dict[str, set[Category]] = {
    "front_desk": EVERY_CATEGORY - {C.FINANCIAL, C.HEALTH, C.BIOMETRIC},
    "service_staff": set(),
    "marketing": set(),
    "marketing_manager": {C.IDENTITY},
    "store_manager": EVERY_CATEGORY - {C.BIOMETRIC},
    "privacy_officer": EVERY_CATEGORY,
    "auditor": set(),
    "admin": set(),
    "owner": set(),
}
REVEAL: dict[str, set[Category]] = {
    "front_desk": {C.CONTACT},
    "service_staff": set(),
    "marketing": set(),
    "marketing_manager": set(),
    "store_manager": {C.IDENTITY, C.CONTACT, C.PREFERENCE, C.HEALTH},
    "privacy_officer": EVERY_CATEGORY,
    "auditor": set(),
    "admin": set(),
    "owner": set(),
}
REVEALS_PER_HOUR = {"front_desk": 30, "store_manager": 60}
REVEALS_PER_HOUR["privacy_officer"] = 120
STORE_SCOPED = {"front_desk", "service_staff", "marketing", "marketing_manager", "store_manager"}
UNSCOPED = set(ROLES) - STORE_SCOPED

PURPOSE = "confirm tomorrow's booking"
GAP = "no signed confidentiality agreement on file"


@pytest.fixture(scope="module")
def matrix() -> RoleMatrix:
    return parse_roles(load_roles())


@pytest.fixture(scope="module")
def salon() -> Catalog:
    return parse_catalog(load_preset("salon"))


def actor(*roles: str, stores: frozenset[str] = frozenset(), gap: str | None = None) -> Actor:
    return Actor("kim", frozenset(roles), stores, training_gap=gap)


def general(category: Category, key: str = "field") -> FieldSpec:
    return FieldSpec(
        key, key, key, category, FieldClass.GENERAL, ValueKind.TEXT, MaskRule.TEXT, ("service",)
    )


def request(
    action: Action,
    *,
    field: FieldSpec | None = None,
    store: str | None = None,
    customer_purposes: frozenset[str] | None = None,
    reveals_last_hour: int = 0,
) -> Request:
    """A request with a stated purpose, so that only the rule a test is about can refuse it."""
    return Request(
        action,
        field=field,
        purpose=PURPOSE,
        store=store,
        customer_purposes=customer_purposes,
        reveals_last_hour=reveals_last_hour,
    )


# --- the tables cover the whole matrix ----------------------------------------------------------


def test_the_expected_tables_name_every_role_of_the_default_matrix(matrix: RoleMatrix) -> None:
    assert set(matrix) == set(ROLES) == set(ALLOWED) == set(VIEW) == set(REVEAL)


def test_every_role_holds_exactly_the_actions_of_design_section_7(matrix: RoleMatrix) -> None:
    assert {role: set(grant.actions) for role, grant in matrix.items()} == ALLOWED


def test_every_role_reaches_exactly_its_field_categories(matrix: RoleMatrix) -> None:
    assert {r: set(g.view) for r, g in matrix.items()} == VIEW
    assert {r: set(g.reveal) for r, g in matrix.items()} == REVEAL


def test_reveal_limits_and_store_scope_are_those_of_the_design(matrix: RoleMatrix) -> None:
    limits = {r: g.reveals_per_hour for r, g in matrix.items() if g.reveals_per_hour}
    assert limits == REVEALS_PER_HOUR
    assert {r for r, g in matrix.items() if g.store_scoped} == STORE_SCOPED


# --- every role x every action ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", GRANTABLE, ids=str)
def test_each_role_is_allowed_exactly_its_actions(
    matrix: RoleMatrix, role: str, action: Action
) -> None:
    decision = authorize(actor(role), request(action), matrix)
    assert decision.allowed is (action in ALLOWED[role])
    if not decision.allowed:
        assert decision.reason == f"role {role} may not {action.value}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", [Action.SIGN_IN, Action.SIGN_OUT], ids=str)
def test_signing_in_is_granted_by_no_role(matrix: RoleMatrix, role: str, action: Action) -> None:
    assert not authorize(actor(role), request(action), matrix).allowed


def test_a_second_role_adds_its_actions(matrix: RoleMatrix) -> None:
    both = actor("front_desk", "marketing")
    assert authorize(both, request(Action.REGISTER), matrix).allowed
    assert authorize(both, request(Action.SEGMENT_COUNT), matrix).allowed
    assert not authorize(both, request(Action.IMPORT), matrix).allowed


# --- store scope --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(STORE_SCOPED))
@pytest.mark.parametrize("store", ["north", "east"])
def test_a_store_scoped_role_works_inside_its_stores(
    matrix: RoleMatrix, role: str, store: str
) -> None:
    north = actor(role, stores=frozenset({"north", "east"}))
    refused = [
        a for a in ALLOWED[role] if not authorize(north, request(a, store=store), matrix).allowed
    ]
    assert refused == []


@pytest.mark.parametrize("role", sorted(STORE_SCOPED))
def test_a_store_scoped_role_is_refused_outside_its_stores(matrix: RoleMatrix, role: str) -> None:
    north = actor(role, stores=frozenset({"north", "east"}))
    for action in ALLOWED[role]:
        outside = authorize(north, request(action, store="south"), matrix)
        assert outside == Decision(
            False, "store {store} is outside {name}'s stores", {"store": "south", "name": "kim"}
        ), action
        assert outside.reason == "store south is outside kim's stores"


@pytest.mark.parametrize("role", sorted(STORE_SCOPED))
def test_a_scoped_role_without_stores_works_in_every_store(matrix: RoleMatrix, role: str) -> None:
    anywhere = actor(role)
    refused = [
        a
        for a in ALLOWED[role]
        if not authorize(anywhere, request(a, store="south"), matrix).allowed
    ]
    assert refused == []


@pytest.mark.parametrize("role", sorted(UNSCOPED))
def test_an_unscoped_role_works_in_every_store(matrix: RoleMatrix, role: str) -> None:
    north = actor(role, stores=frozenset({"north"}))
    refused = [
        a for a in ALLOWED[role] if not authorize(north, request(a, store="south"), matrix).allowed
    ]
    assert refused == []


@pytest.mark.parametrize(
    "action", [Action.VIEW_MASKED, Action.REVEAL, Action.UPDATE, Action.CONSENT], ids=str
)
def test_a_manager_of_one_store_who_is_privacy_officer_acts_everywhere(
    matrix: RoleMatrix, action: Action
) -> None:
    both = actor("store_manager", "privacy_officer", stores=frozenset({"north"}))
    assert authorize(both, request(action, store="south"), matrix).allowed


@pytest.mark.parametrize(
    ("roles", "stores"),
    [
        (("front_desk",), {"north"}),
        (("front_desk", "store_manager"), {"north"}),
        (("privacy_officer",), set()),
        (("store_manager", "privacy_officer"), set()),
        (("front_desk", "marketing"), {"north"}),  # marketing does not search at all
    ],
)
def test_a_search_reaches_the_actors_stores_unless_a_role_searches_unscoped(
    matrix: RoleMatrix, roles: tuple[str, ...], stores: set[str]
) -> None:
    north = actor(*roles, stores=frozenset({"north"}))
    assert store_scope(north, matrix, Action.SEARCH) == stores


# --- training and confidentiality agreement -----------------------------------------------------

GATED = (Action.REVEAL, Action.IMPORT, Action.EXPORT_REQUEST, Action.EXPORT_DOWNLOAD)


@pytest.mark.parametrize("action", GATED, ids=str)
def test_an_untrained_actor_is_refused_clear_data_with_the_reason(
    matrix: RoleMatrix, action: Action
) -> None:
    untrained = actor("store_manager", gap=GAP)
    decision = authorize(untrained, request(action, field=general(C.CONTACT)), matrix)
    assert not decision.allowed
    assert decision.reason == f"kim may see masked data only: {GAP}"
    assert authorize(actor("store_manager"), request(action), matrix).allowed


@pytest.mark.parametrize(
    "action",
    [Action.SEARCH, Action.VIEW_MASKED, Action.REGISTER, Action.UPDATE, Action.CONSENT],
    ids=str,
)
def test_an_untrained_actor_still_searches_and_sees_masked_data(
    matrix: RoleMatrix, action: Action
) -> None:
    untrained = actor("store_manager", gap=GAP)
    assert authorize(untrained, request(action, field=general(C.CONTACT)), matrix).allowed


def test_no_role_lifts_the_training_gate(matrix: RoleMatrix) -> None:
    everything = actor("store_manager", "privacy_officer", "front_desk", gap=GAP)
    assert not authorize(everything, request(Action.REVEAL), matrix).allowed


# --- reveal: purpose and rate -------------------------------------------------------------------

REVEALERS = sorted(REVEALS_PER_HOUR)


@pytest.mark.parametrize("role", REVEALERS)
@pytest.mark.parametrize("purpose", [None, "", "   \t"])
def test_a_reveal_needs_a_stated_purpose(
    matrix: RoleMatrix, role: str, purpose: str | None
) -> None:
    decision = authorize(actor(role), Request(Action.REVEAL, purpose=purpose), matrix)
    assert decision == Decision(False, "a reveal needs a stated purpose")


@pytest.mark.parametrize("role", REVEALERS)
def test_reveals_stop_at_the_roles_hourly_limit(matrix: RoleMatrix, role: str) -> None:
    limit = REVEALS_PER_HOUR[role]
    under = authorize(actor(role), request(Action.REVEAL, reveals_last_hour=limit - 1), matrix)
    assert under.allowed
    over = authorize(actor(role), request(Action.REVEAL, reveals_last_hour=limit), matrix)
    assert not over.allowed
    assert f"limit of {limit} reveals an hour for role {role}" in over.reason
    assert reveal_limit(actor(role), matrix) == limit


def test_a_second_role_with_a_higher_limit_carries_the_reveal(matrix: RoleMatrix) -> None:
    both = actor("front_desk", "privacy_officer")
    contact = general(C.CONTACT)
    decision = authorize(both, request(Action.REVEAL, field=contact, reveals_last_hour=30), matrix)
    assert decision.allowed
    assert reveal_limit(both, matrix) == 120


def test_a_role_at_its_limit_is_not_carried_by_one_that_cannot_reveal_the_field(
    matrix: RoleMatrix,
) -> None:
    both = actor("front_desk", "service_staff")
    contact = general(C.CONTACT)
    decision = authorize(both, request(Action.REVEAL, field=contact, reveals_last_hour=30), matrix)
    assert not decision.allowed
    assert "limit of 30" in decision.reason
    assert "role front_desk,service_staff may not customer.reveal" in decision.reason


def test_two_roles_reasons_read_as_one_sentence_with_numbered_values(matrix: RoleMatrix) -> None:
    both = actor("front_desk", "service_staff")
    contact = general(C.CONTACT)
    decision = authorize(both, request(Action.REVEAL, field=contact, reveals_last_hour=30), matrix)
    limit = (
        "{name} reached the limit of {limit} reveals an hour for role {role}; "
        "the privacy officer has been alerted"
    )
    may_not = "role {role} may not {action}"
    assert decision.reason == (
        "kim reached the limit of 30 reveals an hour for role front_desk; the privacy officer "
        "has been alerted; role front_desk,service_staff may not customer.reveal"
    )
    assert decision.template == (
        "{name_1} reached the limit of {limit_1} reveals an hour for role {role_1}; "
        "the privacy officer has been alerted; role {role_2} may not {action_2}"
    )
    assert decision.parts == (
        (limit, {"name": "kim", "limit": 30, "role": "front_desk"}),
        (may_not, {"role": "front_desk,service_staff", "action": "customer.reveal"}),
    )


def test_the_same_reason_from_two_roles_is_given_once(matrix: RoleMatrix) -> None:
    decision = authorize(actor("front_desk", "marketing"), request(Action.IMPORT), matrix)
    assert decision == Decision(
        False,
        "role {role} may not {action}",
        {"role": "front_desk,marketing", "action": "customer.import"},
    )
    assert decision.reason == "role front_desk,marketing may not customer.import"


# --- a refusal is a template with its values -----------------------------------------------------


def test_a_refusal_raises_its_template_and_values_with_the_english_of_the_audit_reason(
    matrix: RoleMatrix,
) -> None:
    decision = authorize(actor("store_manager", gap=GAP), request(Action.IMPORT), matrix)
    assert (decision.template, decision.params) == (
        "{name} may see masked data only: {gap}",
        {"name": "kim", "gap": GAP},
    )
    error = decision.error()
    assert isinstance(error, PolicyDeniedError)
    assert error.message == decision.reason == f"kim may see masked data only: {GAP}"
    assert (error.template, error.params, error.parts) == (decision.template, decision.params, ())


def test_a_joined_refusal_raises_each_roles_reason_apart(matrix: RoleMatrix) -> None:
    both = actor("front_desk", "service_staff")
    decision = authorize(
        both, request(Action.REVEAL, field=general(C.CONTACT), reveals_last_hour=30), matrix
    )
    error = decision.error()
    assert error.message == decision.reason
    assert error.template == decision.template
    assert error.parts == decision.parts
    assert len(error.parts) == 2


def test_a_refusal_without_values_is_plain_text(matrix: RoleMatrix) -> None:
    decision = authorize(actor("front_desk"), Request(Action.REVEAL), matrix)
    assert decision == Decision(False, "a reveal needs a stated purpose")
    assert decision.error().message == "a reveal needs a stated purpose"
    assert decision.error().params == {}


# --- field categories ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("category", list(Category), ids=str)
def test_each_role_sees_and_reveals_exactly_its_field_categories(
    matrix: RoleMatrix, role: str, category: Category
) -> None:
    spec = general(category, "thing")
    view = authorize(actor(role), request(Action.VIEW_MASKED, field=spec), matrix)
    reveal = authorize(actor(role), request(Action.REVEAL, field=spec), matrix)
    seen = category in VIEW[role] | REVEAL[role]
    assert (view.allowed, reveal.allowed) == (seen, category in REVEAL[role])
    if Action.VIEW_MASKED in ALLOWED[role] and not view.allowed:
        assert view.reason == f"role {role} may not see {category} fields such as thing"
    if Action.REVEAL in ALLOWED[role] and not reveal.allowed:
        assert reveal.reason.startswith(f"role {role} may not ")
        assert reveal.reason.endswith(f" {category} fields such as thing")


SALON_CONTACT = {"mobile", "email", "address"}
SALON_DEMOGRAPHIC = {"birth_date", "gender"}
SALON_IDENTITY = {"name", "member_no"}  # id_number is sensitive and no salon purpose justifies it
SALON_PREFERENCE = {"hair_type", "skin_type"}
SALON_HEALTH = {"allergies"}
SALON_VIEW: dict[str, set[str]] = {
    "front_desk": SALON_IDENTITY | SALON_CONTACT | SALON_DEMOGRAPHIC | SALON_PREFERENCE,
    "service_staff": set(),
    "marketing": set(),
    "marketing_manager": SALON_IDENTITY,
    "store_manager": SALON_IDENTITY
    | SALON_CONTACT
    | SALON_DEMOGRAPHIC
    | SALON_PREFERENCE
    | SALON_HEALTH,
    "privacy_officer": SALON_IDENTITY
    | SALON_CONTACT
    | SALON_DEMOGRAPHIC
    | SALON_PREFERENCE
    | SALON_HEALTH,
    "auditor": set(),
    "admin": set(),
    "owner": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_a_salon_record_shows_each_role_its_fields(
    matrix: RoleMatrix, salon: Catalog, role: str
) -> None:
    consented = frozenset(load_preset("salon")["purposes"])
    shown = visible_fields(
        actor(role), matrix, salon.fields, store="main", customer_purposes=consented
    )
    assert shown == SALON_VIEW[role]


@pytest.mark.parametrize("role", ROLES)
def test_allergies_are_left_out_without_allergy_care_consent(
    matrix: RoleMatrix, salon: Catalog, role: str
) -> None:
    consented = frozenset({"service", "membership", "personalisation"})
    shown = visible_fields(
        actor(role), matrix, salon.fields, store="main", customer_purposes=consented
    )
    assert shown == SALON_VIEW[role] - {"allergies"}


def test_a_scoped_role_sees_no_field_of_another_stores_customer(
    matrix: RoleMatrix, salon: Catalog
) -> None:
    north = actor("front_desk", stores=frozenset({"north"}))
    shown = visible_fields(
        north, matrix, salon.fields, store="south", customer_purposes=frozenset({"service"})
    )
    assert shown == frozenset()


# --- sensitive fields ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", [Action.VIEW_MASKED, Action.REVEAL], ids=str)
@pytest.mark.parametrize(
    "consents",
    [None, frozenset(), frozenset({"service", "membership"})],
    ids=["unknown", "none", "others"],
)
def test_a_sensitive_field_without_its_consent_is_refused_to_every_role(
    matrix: RoleMatrix,
    salon: Catalog,
    role: str,
    action: Action,
    consents: frozenset[str] | None,
) -> None:
    allergies = salon.field("allergies")
    decision = authorize(
        actor(role), request(action, field=allergies, customer_purposes=consents), matrix
    )
    assert not decision.allowed
    assert decision.reason == (
        "allergies is sensitive and the customer has not given sensitive_care consent"
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", [Action.VIEW_MASKED, Action.REVEAL], ids=str)
def test_a_sensitive_field_with_its_consent_goes_to_the_roles_that_reach_health(
    matrix: RoleMatrix, salon: Catalog, role: str, action: Action
) -> None:
    allergies = salon.field("allergies")
    consents = frozenset({"service", "sensitive_care"})
    decision = authorize(
        actor(role), request(action, field=allergies, customer_purposes=consents), matrix
    )
    reach = REVEAL[role] if action is Action.REVEAL else VIEW[role] | REVEAL[role]
    assert decision.allowed is (C.HEALTH in reach)


@pytest.mark.parametrize("role", ROLES)
def test_a_sensitive_field_no_purpose_justifies_is_refused_to_everyone(
    matrix: RoleMatrix, salon: Catalog, role: str
) -> None:
    id_number = salon.field("id_number")
    everything = frozenset(load_preset("salon")["purposes"])
    for action in (Action.VIEW_MASKED, Action.REVEAL):
        decision = authorize(
            actor(role), request(action, field=id_number, customer_purposes=everything), matrix
        )
        assert not decision.allowed
        assert "id_number is sensitive" in decision.reason


# --- exports: nobody approves their own ---------------------------------------------------------


@pytest.mark.parametrize(
    "roles", [("privacy_officer",), ("store_manager", "privacy_officer")], ids=["po", "po+sm"]
)
def test_nobody_approves_their_own_export(matrix: RoleMatrix, roles: tuple[str, ...]) -> None:
    officer = actor(*roles)
    own = authorize(officer, Request(Action.EXPORT_APPROVE, owner="kim"), matrix)
    assert not own.allowed
    assert own.reason == "nobody approves their own export; another privacy officer must"
    assert authorize(officer, Request(Action.EXPORT_APPROVE, owner="lee"), matrix).allowed


def test_a_store_manager_requests_an_export_but_cannot_approve_any(matrix: RoleMatrix) -> None:
    manager = actor("store_manager")
    assert authorize(manager, Request(Action.EXPORT_REQUEST), matrix).allowed
    assert not authorize(manager, Request(Action.EXPORT_APPROVE, owner="lee"), matrix).allowed


# --- exports: every field the request covers, every store it is for -----------------------------

EXPORTERS = [
    *[(role,) for role in ROLES],
    ("store_manager", "front_desk"),
    ("store_manager", "privacy_officer"),
    ("front_desk", "service_staff"),
    ("store_manager", "auditor"),
]
EXPORT_FIELDS = [
    ("mobile",),
    ("name", "mobile"),
    ("birth_date", "allergies", "mobile"),
    ("allergies", "birth_date"),
    ("id_number", "hair_type"),
]
WANTED_STORES = [(), ("north",), ("south", "north", "east")]


def export_request(specs: tuple[FieldSpec, ...], stores: tuple[str, ...]) -> Request:
    return Request(Action.EXPORT_REQUEST, fields=specs, stores=frozenset(stores), purpose=PURPOSE)


def export_as_the_service_did(
    who: Actor, specs: tuple[FieldSpec, ...], stores: tuple[str, ...], matrix: RoleMatrix
) -> str | None:
    """The rules `request_export` wrote out itself: the action, each field, then the stores;
    None when allowed, else the audited reason."""
    first = authorize(who, Request(Action.EXPORT_REQUEST, purpose=PURPOSE), matrix)
    if not first.allowed:
        return first.reason
    wanted = tuple(sorted(set(stores) or who.stores))
    outside = set(wanted) - who.stores if who.stores else set()
    for spec in specs:
        decision = authorize(
            who, Request(Action.EXPORT_REQUEST, field=spec, purpose=PURPOSE), matrix
        )
        if not decision.allowed:
            return decision.reason
    if outside:
        return f"store {', '.join(sorted(outside))} is outside {who.name}'s stores"
    return None


@pytest.mark.parametrize("roles", EXPORTERS, ids="+".join)
@pytest.mark.parametrize("gap", [None, GAP], ids=["trained", "untrained"])
@pytest.mark.parametrize("stores", [frozenset(), frozenset({"north"})], ids=["all", "north"])
def test_an_export_request_is_decided_as_the_export_service_decided_it(
    matrix: RoleMatrix,
    salon: Catalog,
    roles: tuple[str, ...],
    gap: str | None,
    stores: frozenset[str],
) -> None:
    who = actor(*roles, stores=stores, gap=gap)
    for keys in EXPORT_FIELDS:
        specs = tuple(salon.field(k) for k in keys)
        for wanted in WANTED_STORES:
            decision = authorize(who, export_request(specs, wanted or tuple(stores)), matrix)
            expected = export_as_the_service_did(who, specs, wanted, matrix)
            assert (decision.allowed, decision.reason or None) == (expected is None, expected)


def test_the_first_field_refused_gives_the_reason(matrix: RoleMatrix, salon: Catalog) -> None:
    manager = actor("store_manager")
    specs = (salon.field("mobile"), salon.field("birth_date"), salon.field("id_number"))
    decision = authorize(manager, export_request(specs, ()), matrix)
    assert decision.reason == (
        "role store_manager may not see in clear demographic fields such as birth_date"
    )
    assert decision.params == {
        "role": "store_manager",
        "category": "demographic",
        "field": "birth_date",
    }


def test_stores_outside_the_actors_are_named_sorted_after_the_fields_are_checked(
    matrix: RoleMatrix, salon: Catalog
) -> None:
    north = actor("store_manager", stores=frozenset({"north"}))
    mobile = (salon.field("mobile"),)
    outside = authorize(north, export_request(mobile, ("west", "north", "east")), matrix)
    assert outside == Decision(
        False, "store {store} is outside {name}'s stores", {"store": "east, west", "name": "kim"}
    )
    assert outside.reason == "store east, west is outside kim's stores"
    unseen = (salon.field("birth_date"),)
    first = authorize(north, export_request(unseen, ("west",)), matrix)
    assert first.reason.startswith("role store_manager may not see in clear demographic")


def test_an_actor_of_every_store_exports_any_store_and_no_stores_means_no_check(
    matrix: RoleMatrix, salon: Catalog
) -> None:
    mobile = (salon.field("mobile"),)
    assert authorize(actor("store_manager"), export_request(mobile, ("west",)), matrix).allowed
    north = actor("store_manager", stores=frozenset({"north"}))
    assert authorize(north, export_request(mobile, ("north",)), matrix).allowed
    unsaid = Request(Action.EXPORT_REQUEST, fields=mobile, purpose=PURPOSE)
    assert authorize(north, unsaid, matrix).allowed


# --- separation of duties, unknown roles --------------------------------------------------------


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"auditor"}))
def test_an_auditor_who_also_holds_an_operating_role_is_denied_everything(
    matrix: RoleMatrix, role: str
) -> None:
    both = actor("auditor", role)
    allowed = [a for a in GRANTABLE if authorize(both, request(a), matrix).allowed]
    assert allowed == []
    decision = authorize(both, request(Action.AUDIT_READ), matrix)
    assert decision.reason == "kim holds auditor with an operating role; split them"


@pytest.mark.parametrize("roles", [("janitor",), ()], ids=["unknown", "none"])
def test_an_unknown_role_or_none_is_denied_everything(
    matrix: RoleMatrix, roles: tuple[str, ...]
) -> None:
    nobody = actor(*roles)
    assert [a for a in GRANTABLE if authorize(nobody, request(a), matrix).allowed] == []
    assert authorize(nobody, request(Action.NOTICE_READ), matrix).reason == (
        "role janitor may not notice.read" if roles else "no role"
    )


def test_an_unknown_role_beside_a_known_one_adds_nothing(matrix: RoleMatrix) -> None:
    both = actor("janitor", "marketing")
    assert authorize(both, request(Action.SEGMENT_COUNT), matrix).allowed
    assert not authorize(both, request(Action.VIEW_MASKED), matrix).allowed


def test_an_empty_matrix_denies_everyone() -> None:
    officer = actor("privacy_officer")
    assert [a for a in GRANTABLE if authorize(officer, request(a), {}).allowed] == []


@pytest.mark.parametrize(
    ("roles", "problem"),
    [
        ({"store_manager", "privacy_officer"}, None),
        ({"auditor"}, None),
        ({"admin", "privacy_officer"}, None),
        (set(), "give at least one role"),
        ({"auditor", "front_desk"}, "an auditor cannot hold an operating role"),
        ({"auditor", "admin"}, "an auditor cannot hold an operating role"),
        ({"janitor", "front_desk"}, "unknown role janitor; roles are admin, auditor, front_desk"),
    ],
)
def test_check_roles_names_what_cannot_be_held(
    matrix: RoleMatrix, roles: set[str], problem: str | None
) -> None:
    found = check_roles(frozenset(roles), matrix)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(problem)


def test_an_unknown_role_is_named_in_a_template_with_the_known_roles(matrix: RoleMatrix) -> None:
    vetted = vet_roles(frozenset({"janitor", "cook", "front_desk"}), matrix)
    assert not vetted.allowed
    assert vetted.template == "unknown role {unknown}; roles are {known}"
    assert vetted.params == {"unknown": "cook, janitor", "known": ", ".join(sorted(matrix))}
    assert vetted.reason == check_roles(frozenset({"janitor", "cook", "front_desk"}), matrix)
    assert vet_roles(frozenset({"auditor"}), matrix).allowed


# --- a restricted customer: stored, not processed -----------------------------------------------


def on_restricted(action: Action) -> Request:
    return Request(
        action, field=general(Category.CONTACT), purpose=PURPOSE, customer_status="restricted"
    )


PROCESSING = [
    Action.VIEW_MASKED,
    Action.REVEAL,
    Action.UPDATE,
    Action.CONSENT,
    Action.EXPORT_DOWNLOAD,
    Action.TRANSACTION_RECORD,
    Action.BOOKING_MANAGE,
    Action.BOOKING_READ,
    Action.TRANSACTION_READ,
    Action.REGIMES_SET,
]
RIGHTS = [
    Action.REQUEST_OPEN,
    Action.REQUEST_VERIFY,
    Action.REQUEST_FULFIL,
    Action.ERASE,
    Action.RESTRICT,
    Action.HOLD_MANAGE,
]


@pytest.mark.parametrize("action", PROCESSING, ids=str)
def test_processing_a_restricted_customer_is_refused_to_the_store_manager(
    matrix: RoleMatrix, action: Action
) -> None:
    decision = authorize(actor("store_manager", "front_desk"), on_restricted(action), matrix)
    assert not decision.allowed
    assert decision.reason.startswith("the customer's processing is restricted")
    assert action.value in decision.reason


@pytest.mark.parametrize("action", RIGHTS, ids=str)
def test_rights_actions_still_reach_a_restricted_customer(
    matrix: RoleMatrix, action: Action
) -> None:
    officer = actor("privacy_officer", "store_manager")
    assert authorize(officer, on_restricted(action), matrix).allowed


def test_the_privacy_officer_alone_still_sees_a_restricted_customer_masked(
    matrix: RoleMatrix,
) -> None:
    assert authorize(actor("privacy_officer"), on_restricted(Action.VIEW_MASKED), matrix).allowed
    assert authorize(actor("privacy_officer"), on_restricted(Action.CONSENT_READ), matrix).allowed
    assert not authorize(actor("front_desk"), on_restricted(Action.VIEW_MASKED), matrix).allowed
    assert not authorize(actor("privacy_officer"), on_restricted(Action.REVEAL), matrix).allowed


@pytest.mark.parametrize("status", [None, "active", "pending_review"])
def test_a_customer_who_is_not_restricted_is_not_gated(
    matrix: RoleMatrix, status: str | None
) -> None:
    request = Request(
        Action.UPDATE, field=general(Category.CONTACT), purpose=PURPOSE, customer_status=status
    )
    assert authorize(actor("store_manager"), request, matrix).allowed
