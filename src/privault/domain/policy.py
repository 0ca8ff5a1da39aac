"""The one policy function: every access to personal data is decided here, deny by default.

`authorize` weighs the actor's roles (through the installation's role matrix), store scope, the
field's category and class, the action, the stated purpose, the customer's consents, the
staff member's training and, for reveals, how many they made in the last hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

from privault.domain.catalog import Category, FieldSpec
from privault.domain.errors import PolicyDeniedError, filled
from privault.domain.purpose_use import StatedPurpose


class Action(StrEnum):
    INSTALL = "install"
    REGISTER = "customer.register"
    SEARCH = "customer.search"
    VIEW_MASKED = "customer.view"
    REVEAL = "customer.reveal"
    UPDATE = "customer.update"
    CONSENT = "consent.record"
    CONSENT_READ = "consent.read"
    IMPORT = "customer.import"
    SEGMENT_COUNT = "segment.count"
    # Campaigns (issue 16): marketing plans them and reads counts, previews and results; the
    # marketing manager (and the store manager) approves and sends. Nobody sees a contact.
    CAMPAIGN_PLAN = "campaign.plan"
    CAMPAIGN_READ = "campaign.read"
    CAMPAIGN_SEND = "campaign.send"
    EXPORT_REQUEST = "export.request"
    EXPORT_APPROVE = "export.approve"
    EXPORT_DOWNLOAD = "export.download"
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
    AUDIT_EXPORT_CHECKPOINT = "audit.checkpoint"
    AUDIT_PURGE = "audit.purge"
    AUDIT_RETENTION = "audit.retention"
    NOTICE_PUBLISH = "notice.publish"
    NOTICE_READ = "notice.read"
    STAFF_MANAGE = "staff.manage"
    STAFF_READ = "staff.read"
    STAFF_COUNTERSIGN = "staff.countersign"  # a second officer vouches for a privileged account
    POLICY_EDIT = "policy.edit"
    ALERT_READ = "alert.read"
    ALERT_ACK = "alert.ack"
    BOOKING_MANAGE = "booking.manage"  # book, check in, start, close, no-show, cancel
    BOOKING_READ = "booking.read"  # a store's day view
    TRANSACTION_RECORD = "transaction.record"  # also reversing an entry: the only correction
    TRANSACTION_READ = "transaction.read"  # a customer's visits and purchases (history)
    # Serving staff: today's bookings assigned to them, each opened as the service of that
    # booking (the booking is the purpose); no search, no customer outside their bookings.
    SERVICE_TODAY = "service.today"
    SECTIONS_MANAGE = "sections.manage"  # a store's serving sections (rooms and their staff)
    CARD_ISSUE = "card.issue"  # a card, a service sheet or a kitchen ticket to serving staff
    CARD_RETURN = "card.return"  # the card back, shredded once returned
    CARD_REGISTER = "card.register"  # the issue and return register and its export
    FORM_COLLECT = "form.collect"  # fill and submit a booking's collection form
    FORM_READ = "form.read"  # what awaits review, with masked identities
    FORM_REVIEW = "form.review"  # accept, correct or reject a form's items (评审)
    FORM_ENTER = "form.enter"  # the desk confirms the reviewed items are on the card
    # Customer classes A/B/C/D (issue 16): automated profiling under the personalisation
    # purpose. Counts per class only (marketing); the quarterly list with masked names and the
    # change since last quarter; computing a quarter; the rule's thresholds; the important-guest
    # flag (with a reason); the serving staff's briefing on their own bookings of today.
    CLASSES_COUNT = "classes.count"
    CLASSES_READ = "classes.read"
    CLASSES_COMPUTE = "classes.compute"
    CLASSES_CONFIGURE = "classes.configure"
    IMPORTANT_GUEST_MARK = "important_guest.mark"
    CLASSES_BRIEFING = "classes.briefing"
    REGIMES_SET = "customer.regimes"
    REQUEST_OPEN = "request.open"
    REQUEST_READ = "request.read"
    REQUEST_VERIFY = "request.verify"
    REQUEST_FULFIL = "request.fulfil"  # also extend and refuse: the privacy officer's answer
    ERASE = "customer.erase"
    RESTRICT = "customer.restrict"
    HOLD_MANAGE = "hold.manage"
    HOLD_READ = "hold.read"
    RETENTION_RUN = "retention.run"
    PAPER_RECORD = "paper.record"
    PAPER_READ = "paper.read"
    BACKUP = "backup.create"
    RESTORE = "backup.restore"
    JOBS_READ = "jobs.read"
    SHOP_SETTINGS = "settings.shop"  # the shop's identity the notice names (PIPL Art. 17)
    PHOTO_ADD = "photo.add"
    PHOTO_VIEW = "photo.view"
    # Publishing a service photo, and the take-down after its consent is withdrawn.
    PHOTO_PUBLISH = "photo.publish"
    # Points and stored value (issue 16): balances are financial information (GB/T 35273-2020
    # Annex B), read only by those who need them at payment; corrections are the manager's.
    POINTS_READ = "points.read"
    POINTS_MOVE = "points.move"  # redeem (earning comes with a recorded purchase)
    WALLET_READ = "wallet.read"
    WALLET_MOVE = "wallet.move"  # top up, spend
    LEDGER_CORRECT = "ledger.correct"  # adjust points, refund stored value, reverse an entry
    # Membership (issue 16): enrol and read a member at the desk; close, suspend and set a level
    # by hand (with a reason) for the manager; counts per level for marketing; the level rules.
    MEMBERS_ENROL = "members.enrol"
    MEMBERS_READ = "members.read"
    MEMBERS_MANAGE = "members.manage"
    MEMBERS_COUNT = "members.count"
    MEMBER_LEVELS_READ = "member_levels.read"
    MEMBER_LEVELS_CONFIGURE = "member_levels.configure"
    # Recorded in the trail, never granted: a level moved by a rule or by a manager.
    MEMBER_LEVEL_CHANGE = "members.level_change"
    # The scheduled jobs' own work (purges, pruning, reminders): the system role's alone.
    HOUSEKEEPING = "system.housekeeping"
    # Recorded in the trail, never granted: signing in is decided by credentials, not roles.
    SIGN_IN = "staff.sign_in"
    SIGN_OUT = "staff.sign_out"
    FORGED_REQUEST = "web.forged_request"  # a form without a genuine anti-forgery token
    # Partners and agreements (issue 19): the privacy officer keeps them and is the one through
    # whom customer data leaves for a partner.
    PARTNERS_READ = "partners.read"
    PARTNERS_MANAGE = "partners.manage"
    PARTNERS_DISCLOSE = "partners.disclose"
    # Privacy questions and complaints (issue 19, seed 004): taken down at the desk or on the
    # phone for a customer chosen from the profile; read and answered by the privacy officer.
    COMPLAINT_RECORD = "complaint.record"
    COMPLAINT_READ = "complaint.read"
    COMPLAINT_ANSWER = "complaint.answer"
    # The compliance audit report (PIPL Art. 54): counts and the chain's check, no personal value.
    COMPLIANCE_REPORT = "compliance.report"
    # Impact assessments and records of processing (issue 19): the officer writes and approves;
    # the auditor reads them and the records (no personal value in either).
    ASSESSMENT_READ = "assessment.read"
    ASSESSMENT_EDIT = "assessment.edit"  # start from a template, answer, delete a draft
    ASSESSMENT_APPROVE = "assessment.approve"
    ROPA_EXPORT = "ropa.export"
    # Incidents and violations (issue 19): the privacy officer's register; notifying the
    # affected customers opens their contacts for that one message; the auditor reads.
    INCIDENT_MANAGE = "incident.manage"
    INCIDENT_READ = "incident.read"
    INCIDENT_NOTIFY = "incident.notify"
    VIOLATION_MANAGE = "violation.manage"
    VIOLATION_READ = "violation.read"
    # Duplicates (issue 17): the candidate pairs, masked side by side; a scan of the digests.
    DUPLICATES_READ = "duplicates.read"
    DUPLICATES_SCAN = "duplicates.scan"
    DUPLICATES_MERGE = "duplicates.merge"  # merge two records of one person, or undo it
    # Regular updates (issue 17): contact data confirmed with the customer; the stale list;
    # how long contact data stays fresh; digests computed for records stored before duplicates.
    CONTACT_CONFIRM = "customer.confirm_contact"
    CONTACT_STALE_READ = "customer.stale_contacts"
    CONTACT_SETTINGS = "settings.contact_freshness"
    DUPLICATES_BACKFILL = "duplicates.backfill"
    # Entry review (issue 17): the queue of records from reviewed channels (no personal value),
    # and accepting, correcting or rejecting one (a rejection erases the record).
    ENTRY_REVIEW_READ = "entry_review.read"
    ENTRY_REVIEW_DECIDE = "entry_review.decide"
    # The store registry (issue 18 point 3): list, add, rename and deactivate stores; the
    # shop's own details, no customer's. The owner and the privacy officer keep it.
    STORES_MANAGE = "stores.manage"
    # Marking a browser as a store's shared front-desk tablet, and unmarking it (the manager).
    DEVICES_MANAGE = "devices.manage"


# Reveal, import and export put clear personal data in someone's hands: training comes first.
# A service photo shows a likeness that no mask hides: seeing or publishing one is the same.
TRAINING_GATED = frozenset(
    {
        Action.REVEAL,
        Action.IMPORT,
        Action.EXPORT_REQUEST,
        Action.EXPORT_DOWNLOAD,
        Action.PHOTO_VIEW,
        Action.PHOTO_PUBLISH,
        Action.PARTNERS_DISCLOSE,
    }
)
# Actions on fields: the field's category must be in the role's reach (exports: reveal reach).
FIELD_ACTIONS = frozenset(
    {Action.VIEW_MASKED, Action.REVEAL, Action.EXPORT_REQUEST, Action.EXPORT_DOWNLOAD}
)
# Actions on one customer's fields: a sensitive field needs that customer's consent.
CONSENT_BOUND = frozenset({Action.VIEW_MASKED, Action.REVEAL, Action.EXPORT_DOWNLOAD})
# Actions that show or change personal data (the auditor's matrix may hold none of them).
CUSTOMER_DATA = frozenset(
    {
        Action.REGISTER,
        Action.SEARCH,
        Action.VIEW_MASKED,
        Action.REVEAL,
        Action.UPDATE,
        Action.CONSENT,
        Action.CONSENT_READ,
        Action.IMPORT,
        Action.EXPORT_REQUEST,
        Action.EXPORT_APPROVE,
        Action.EXPORT_DOWNLOAD,
        Action.TRANSACTION_RECORD,
        Action.BOOKING_MANAGE,
        Action.BOOKING_READ,
        Action.TRANSACTION_READ,
        Action.SERVICE_TODAY,
        Action.CARD_ISSUE,
        Action.CARD_RETURN,
        Action.CARD_REGISTER,
        Action.FORM_COLLECT,
        Action.FORM_READ,
        Action.FORM_REVIEW,
        Action.FORM_ENTER,
        Action.CLASSES_READ,
        Action.CLASSES_COMPUTE,
        Action.IMPORTANT_GUEST_MARK,
        Action.CLASSES_BRIEFING,
        Action.REGIMES_SET,
        Action.REQUEST_OPEN,
        Action.REQUEST_VERIFY,
        Action.REQUEST_FULFIL,
        Action.ERASE,
        Action.RESTRICT,
        Action.HOLD_MANAGE,
        Action.RETENTION_RUN,
        Action.PHOTO_ADD,
        Action.PHOTO_VIEW,
        Action.PHOTO_PUBLISH,
        Action.POINTS_READ,
        Action.POINTS_MOVE,
        Action.WALLET_READ,
        Action.WALLET_MOVE,
        Action.LEDGER_CORRECT,
        Action.MEMBERS_ENROL,
        Action.MEMBERS_READ,
        Action.MEMBERS_MANAGE,
        Action.CAMPAIGN_SEND,
        Action.PARTNERS_DISCLOSE,
        Action.COMPLAINT_RECORD,
        Action.COMPLAINT_READ,
        Action.COMPLAINT_ANSWER,
        Action.DUPLICATES_READ,
        Action.DUPLICATES_MERGE,
        Action.CONTACT_CONFIRM,
        Action.CONTACT_STALE_READ,
        Action.DUPLICATES_BACKFILL,
        Action.ENTRY_REVIEW_DECIDE,
    }
)
# A restricted customer's data is stored, not processed (PIPL Art. 44/47, GDPR Art. 18): only
# the actions that answer the person's rights, or end the data, still reach it.
RIGHTS_ACTIONS = frozenset(
    {
        Action.REQUEST_OPEN,
        Action.REQUEST_READ,
        Action.REQUEST_VERIFY,
        Action.REQUEST_FULFIL,
        Action.ERASE,
        Action.RESTRICT,
        Action.HOLD_MANAGE,
        Action.HOLD_READ,
        # A restricted customer may still ask and complain about their data (PIPL Art. 50).
        Action.COMPLAINT_RECORD,
        Action.COMPLAINT_READ,
        Action.COMPLAINT_ANSWER,
    }
)
# What the privacy officer still reads of a restricted customer, masked, to answer them.
OFFICER_READS = frozenset({Action.VIEW_MASKED, Action.CONSENT_READ, Action.TRANSACTION_READ})
RESTRICTED = "restricted"
PRIVACY_OFFICER = "privacy_officer"
# The auditor watches the others, so it may hold no role that does the work it watches.
AUDITOR = "auditor"
# The scheduled jobs act as this role. It lives in code, not in the matrix: no person or token
# can be given it, and a matrix document that names it is refused.
SYSTEM_ROLE = "system"
# Roles whose holders must sign in with a second factor.
TOTP_ROLES = frozenset({"privacy_officer", "store_manager", "admin"})

# Every refusal, as the English template the pages translate whole (refusals.po) and the audit
# trail stores filled in. A role, an action or a category is a parameter, never a word of it.
AUDITOR_WITH_ROLE = "{name} holds auditor with an operating role; split them"
UNTRAINED = "{name} may see masked data only: {gap}"
NO_PURPOSE = "a reveal needs a stated purpose"
RESTRICTED_PROCESSING = (
    "the customer's processing is restricted (stored only, PIPL Art. 44); {action} "
    "is refused until the privacy officer lifts the restriction"
)
OWN_EXPORT = "nobody approves their own export; another privacy officer must"
SENSITIVE = "{field} is sensitive and the customer has not given {purposes} consent"
SENSITIVE_UNJUSTIFIED = "{field} is sensitive and the customer has not given a purpose consent"
NOT_COLLECTED_FOR = "{field} is not collected for {purpose}; name a purpose it serves"
NO_BASIS = (
    "the customer has not consented to {purpose} (never given, withdrawn or awaiting renewal); "
    "it cannot be used for them"
)
ROLE_MAY_NOT = "role {role} may not {action}"
OUTSIDE_STORES = "store {store} is outside {name}'s stores"
ROLE_MAY_NOT_SEE = "role {role} may not see {category} fields such as {field}"
ROLE_MAY_NOT_SEE_CLEAR = "role {role} may not see in clear {category} fields such as {field}"
REVEAL_LIMIT = (
    "{name} reached the limit of {limit} reveals an hour for role {role}; "
    "the privacy officer has been alerted"
)
NO_ROLE = "no role"
UNKNOWN_ROLE = "unknown role {unknown}; roles are {known}"
NO_ROLES_GIVEN = "give at least one role"
AUDITOR_SEPARATION = "an auditor cannot hold an operating role (separation of duties)"
# Several roles' reasons are joined with this, their parameters numbered (`{role_2}`).
JOIN = "; "


@dataclass(frozen=True)
class RoleGrant:
    """What one role may do: actions, field categories seen masked and revealed, and limits."""

    actions: frozenset[Action]
    view: frozenset[Category] = frozenset()
    reveal: frozenset[Category] = frozenset()
    reveals_per_hour: int = 0
    store_scoped: bool = True  # False: the role works across every store


RoleMatrix = Mapping[str, RoleGrant]

# What the scheduled jobs do unattended (DESIGN §3.7): sweeps, deadline alerts, reminders, purges.
# They see no field in clear; the retention sweep erases by rule, as the privacy officer set it.
SYSTEM_GRANT = RoleGrant(
    actions=frozenset(
        {
            Action.RETENTION_RUN,
            Action.REQUEST_READ,
            Action.STAFF_READ,
            Action.HOUSEKEEPING,
            Action.JOBS_READ,
            Action.CAMPAIGN_SEND,  # due campaigns the manager approved, birthday greetings
            Action.CLASSES_COMPUTE,  # each quarter's classes, at its end
            Action.COMPLAINT_READ,  # overdue answers alert
            Action.COMPLIANCE_REPORT,  # the yearly report
            Action.AUDIT_VERIFY,  # the yearly report verifies the trail it reports on
            Action.DUPLICATES_SCAN,  # the daily scan of the digests (no value decrypted)
            # Records stored before duplicates get their digests (their values opened to digest).
            Action.DUPLICATES_BACKFILL,
            Action.ENTRY_REVIEW_READ,  # the daily check for overdue entry reviews
        }
    ),
    store_scoped=False,
)
# The public registration page acts as this role (issue 17): it reads the notice and registers
# the person filling it in, nothing else. Like `system`, it lives in code, never in the matrix.
PUBLIC_REGISTRATION_ROLE = "public_registration"
PUBLIC_REGISTRATION_GRANT = RoleGrant(
    actions=frozenset({Action.REGISTER, Action.NOTICE_READ}), store_scoped=False
)


@dataclass(frozen=True)
class Actor:
    name: str
    roles: frozenset[str]
    stores: frozenset[str] = frozenset()  # empty: every store
    training_gap: str | None = None  # why the actor is not cleared for clear data, if not

    @property
    def is_trained(self) -> bool:
        return self.training_gap is None

    @property
    def role(self) -> str:
        return ",".join(sorted(self.roles))

    @property
    def store(self) -> str | None:
        return ",".join(sorted(self.stores)) or None


Part = tuple[str, dict[str, object]]  # one reason: its template and values


@dataclass(frozen=True)
class Decision:
    """Allowed, or why not: an English template and its values. Several roles' reasons are
    joined into one template (values numbered) and kept apart in `parts` for translation."""

    allowed: bool
    template: str = ""
    params: dict[str, object] = field(default_factory=dict)
    parts: tuple[Part, ...] = ()

    @property
    def reason(self) -> str:
        """The English the audit trail stores and the CLI and the API show."""
        return filled(self.template, self.params)

    def error(self) -> PolicyDeniedError:
        return PolicyDeniedError(self.template, params=self.params, parts=self.parts)


ALLOW = Decision(True)


def _refused(template: str, **params: object) -> Decision:
    return Decision(False, template, params)


def _joined(refusals: Iterable[Decision]) -> Decision:
    """One refusal per distinct English reason, in order; several read as one, '; '-joined."""
    distinct: dict[str, Decision] = {}
    for refusal in refusals:
        distinct.setdefault(refusal.reason, refusal)
    unique = list(distinct.values())
    if not unique:
        return _refused(NO_ROLE)
    if len(unique) == 1:
        return unique[0]
    templates: list[str] = []
    params: dict[str, object] = {}
    for number, part in enumerate(unique, 1):
        names = {name: f"{name}_{number}" for name in part.params}
        templates.append(part.template.format_map({k: f"{{{v}}}" for k, v in names.items()}))
        params |= {names[name]: value for name, value in part.params.items()}
    parts = tuple((r.template, r.params) for r in unique)
    return Decision(False, JOIN.join(templates), params, parts)


@dataclass(frozen=True)
class Request:
    action: Action
    field: FieldSpec | None = None
    purpose: str | None = None
    store: str | None = None  # the customer's store, or the store acted for
    customer_purposes: frozenset[str] | None = None  # the customer's active consents
    owner: str | None = None  # who asked for the thing acted on (an export request)
    reveals_last_hour: int = 0
    customer_status: str | None = None  # the customer's status, for actions on one customer
    # Every field the request covers (an export), in place of `field`: each must be allowed,
    # in order, and the first refusal wins.
    fields: tuple[FieldSpec, ...] = ()
    # The stores acted for (an export), checked after the fields: a store-limited actor is
    # refused those outside its stores, all named at once.
    stores: frozenset[str] | None = None
    # The catalog purpose named at use (a reveal, an export): the field must serve it and, for a
    # reveal, the customer's lawful basis for it must hold now (`customer_purposes`).
    use: StatedPurpose | None = None


def authorize(actor: Actor, request: Request, matrix: RoleMatrix) -> Decision:
    """Allowed when one of the actor's roles allows the whole request; otherwise the reason.
    A request covering several fields is decided field by field, then its stores."""
    for spec in request.fields or (request.field,):
        decision = _decide(actor, replace(request, field=spec), matrix)
        if not decision.allowed:
            return decision
    outside = request.stores - actor.stores if request.stores and actor.stores else set()
    if outside:
        return _refused(OUTSIDE_STORES, store=", ".join(sorted(outside)), name=actor.name)
    return ALLOW


def _decide(actor: Actor, request: Request, matrix: RoleMatrix) -> Decision:
    """One field (or none): the gates, then each role."""
    if AUDITOR in actor.roles and len(actor.roles) > 1:
        return _refused(AUDITOR_WITH_ROLE, name=actor.name)
    gate = _gates(actor, request)
    if gate is not None:
        return gate
    refusals = [
        _by_role(role, _grant(role, matrix), actor, request) for role in sorted(actor.roles)
    ]
    if any(r is None for r in refusals):
        return ALLOW
    return _joined(r for r in refusals if r is not None)


def _gates(actor: Actor, request: Request) -> Decision | None:
    """Rules that no role lifts."""
    action = request.action
    if action in TRAINING_GATED and actor.training_gap:
        return _refused(UNTRAINED, name=actor.name, gap=actor.training_gap)
    if action is Action.REVEAL and not (request.purpose or "").strip():
        return _refused(NO_PURPOSE)
    restricted = _restricted(actor, request)
    if restricted is not None:
        return restricted
    if action is Action.EXPORT_APPROVE and request.owner == actor.name:
        return _refused(OWN_EXPORT)
    if request.use is not None:
        unserved = _unserved(request.use, request)
        if unserved is not None:
            return unserved
    if action in CONSENT_BOUND:
        return _unconsented(request.field, request.customer_purposes)
    return None


def _unserved(use: StatedPurpose, request: Request) -> Decision | None:
    """The field is not collected for the purpose named, or (one customer) their basis fails."""
    spec = request.field
    if spec is not None and use.key not in spec.purposes:
        return _refused(NOT_COLLECTED_FOR, field=spec.key, purpose=use.key)
    if request.customer_purposes is not None and use.basis_missing(request.customer_purposes):
        return _refused(NO_BASIS, purpose=use.key)
    return None


def _unconsented(spec: FieldSpec | None, consents: frozenset[str] | None) -> Decision | None:
    """A sensitive field needs the customer's consent to one of its purposes."""
    if spec is None or not spec.is_sensitive or set(spec.purposes) & set(consents or ()):
        return None
    if not spec.purposes:
        return _refused(SENSITIVE_UNJUSTIFIED, field=spec.key)
    return _refused(SENSITIVE, field=spec.key, purposes=" or ".join(spec.purposes))


def _restricted(actor: Actor, request: Request) -> Decision | None:
    """A restricted customer is stored but not processed; the privacy officer may still look
    (masked) to handle the person's request. A consent withdrawal is not gated: its service
    passes no status, as withdrawing must stay as easy as granting."""
    action = request.action
    if request.customer_status != RESTRICTED or action not in CUSTOMER_DATA:
        return None
    if action in RIGHTS_ACTIONS:
        return None
    if action in OFFICER_READS and PRIVACY_OFFICER in actor.roles:
        return None
    return _refused(RESTRICTED_PROCESSING, action=action.value)


def _grant(role: str, matrix: RoleMatrix) -> RoleGrant | None:
    if role == PUBLIC_REGISTRATION_ROLE:
        return PUBLIC_REGISTRATION_GRANT
    return SYSTEM_GRANT if role == SYSTEM_ROLE else matrix.get(role)


def _by_role(role: str, grant: RoleGrant | None, actor: Actor, request: Request) -> Decision | None:
    """None when this role allows the request, else why not."""
    action = request.action
    if grant is None or action not in grant.actions:
        return _refused(ROLE_MAY_NOT, role=actor.role or "none", action=action.value)
    if grant.store_scoped and request.store and actor.stores and request.store not in actor.stores:
        return _refused(OUTSIDE_STORES, store=request.store, name=actor.name)
    spec = request.field
    if spec is not None and action in FIELD_ACTIONS:
        masked = action is Action.VIEW_MASKED
        reach = grant.view | grant.reveal if masked else grant.reveal
        if spec.category not in reach:
            return _refused(
                ROLE_MAY_NOT_SEE if masked else ROLE_MAY_NOT_SEE_CLEAR,
                role=role,
                category=spec.category.value,
                field=spec.key,
            )
    if action is Action.REVEAL and request.reveals_last_hour >= grant.reveals_per_hour:
        return _refused(REVEAL_LIMIT, name=actor.name, limit=grant.reveals_per_hour, role=role)
    return None


def reveal_limit(actor: Actor, matrix: RoleMatrix) -> int:
    return max((matrix[r].reveals_per_hour for r in actor.roles if r in matrix), default=0)


def store_scope(actor: Actor, matrix: RoleMatrix, action: Action) -> frozenset[str]:
    """The stores an action reaches; empty (every store) when a role grants it unscoped."""
    grants = [matrix[r] for r in actor.roles if r in matrix and action in matrix[r].actions]
    return frozenset() if any(not g.store_scoped for g in grants) else actor.stores


def visible_fields(
    actor: Actor,
    matrix: RoleMatrix,
    specs: Mapping[str, FieldSpec],
    *,
    store: str | None,
    customer_purposes: frozenset[str],
) -> frozenset[str]:
    """The fields of one customer this actor may see, masked; the rest are left out."""
    return frozenset(
        key
        for key, spec in specs.items()
        if authorize(
            actor,
            Request(
                Action.VIEW_MASKED, field=spec, store=store, customer_purposes=customer_purposes
            ),
            matrix,
        ).allowed
    )


class Sight(StrEnum):
    """How values of a category outside the field catalog (a visit's amount) are shown."""

    CLEAR = "clear"
    MASKED = "masked"
    HIDDEN = "hidden"


def category_sight(actor: Actor, matrix: RoleMatrix, category: Category, store: str) -> Sight:
    """Like a field of that category: in clear where a role of the actor's may reveal it (and
    the actor is trained), masked where one may view it, otherwise not at all."""
    grants = [
        matrix[r]
        for r in actor.roles
        if r in matrix
        and not (matrix[r].store_scoped and actor.stores and store not in actor.stores)
    ]
    if actor.is_trained and any(category in g.reveal for g in grants):
        return Sight.CLEAR
    if any(category in g.view | g.reveal for g in grants):
        return Sight.MASKED
    return Sight.HIDDEN


def check_roles(roles: frozenset[str], matrix: RoleMatrix) -> str | None:
    """Why this set of roles cannot be held together or at all, in English, or None."""
    return vet_roles(roles, matrix).reason or None


def vet_roles(roles: frozenset[str], matrix: RoleMatrix) -> Decision:
    """Whether this set of roles can be held: known roles, at least one, an auditor alone."""
    unknown = sorted(roles - set(matrix))
    if unknown:
        return _refused(UNKNOWN_ROLE, unknown=", ".join(unknown), known=", ".join(sorted(matrix)))
    if not roles:
        return _refused(NO_ROLES_GIVEN)
    if AUDITOR in roles and len(roles) > 1:
        return _refused(AUDITOR_SEPARATION)
    return ALLOW
