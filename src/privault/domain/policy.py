"""The one policy function: every access to personal data is decided here, deny by default.

`authorize` weighs the actor's roles (through the installation's role matrix), store scope, the
field's category and class, the action, the stated purpose, the customer's consents, the
staff member's training and, for reveals, how many they made in the last hour.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from privault.domain.catalog import Category, FieldSpec


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
    POLICY_EDIT = "policy.edit"
    ALERT_READ = "alert.read"
    ALERT_ACK = "alert.ack"
    TRANSACTION_RECORD = "transaction.record"
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
    # Recorded in the trail, never granted: signing in is decided by credentials, not roles.
    SIGN_IN = "staff.sign_in"
    SIGN_OUT = "staff.sign_out"
    FORGED_REQUEST = "web.forged_request"  # a form without a genuine anti-forgery token


# Reveal, import and export put clear personal data in someone's hands: training comes first.
TRAINING_GATED = frozenset(
    {Action.REVEAL, Action.IMPORT, Action.EXPORT_REQUEST, Action.EXPORT_DOWNLOAD}
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
        Action.REGIMES_SET,
        Action.REQUEST_OPEN,
        Action.REQUEST_VERIFY,
        Action.REQUEST_FULFIL,
        Action.ERASE,
        Action.RESTRICT,
        Action.HOLD_MANAGE,
        Action.RETENTION_RUN,
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
    }
)
# What the privacy officer still reads of a restricted customer, masked, to answer them.
OFFICER_READS = frozenset({Action.VIEW_MASKED, Action.CONSENT_READ})
RESTRICTED = "restricted"
PRIVACY_OFFICER = "privacy_officer"
# The auditor watches the others, so it may hold no role that does the work it watches.
AUDITOR = "auditor"
# Roles whose holders must sign in with a second factor.
TOTP_ROLES = frozenset({"privacy_officer", "store_manager", "admin"})


@dataclass(frozen=True)
class RoleGrant:
    """What one role may do: actions, field categories seen masked and revealed, and limits."""

    actions: frozenset[Action]
    view: frozenset[Category] = frozenset()
    reveal: frozenset[Category] = frozenset()
    reveals_per_hour: int = 0
    store_scoped: bool = True  # False: the role works across every store


RoleMatrix = Mapping[str, RoleGrant]


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


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""


ALLOW = Decision(True)


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


def authorize(actor: Actor, request: Request, matrix: RoleMatrix) -> Decision:
    """Allowed when one of the actor's roles allows the whole request; otherwise the reason."""
    if AUDITOR in actor.roles and len(actor.roles) > 1:
        return Decision(False, f"{actor.name} holds auditor with an operating role; split them")
    gate = _gates(actor, request)
    if gate is not None:
        return gate
    reasons = [_by_role(role, matrix.get(role), actor, request) for role in sorted(actor.roles)]
    if any(r is None for r in reasons):
        return ALLOW
    return Decision(False, "; ".join(dict.fromkeys(r for r in reasons if r)) or "no role")


def _gates(actor: Actor, request: Request) -> Decision | None:
    """Rules that no role lifts."""
    action = request.action
    if action in TRAINING_GATED and actor.training_gap:
        return Decision(False, f"{actor.name} may see masked data only: {actor.training_gap}")
    if action is Action.REVEAL and not (request.purpose or "").strip():
        return Decision(False, "a reveal needs a stated purpose")
    restricted = _restricted(actor, request)
    if restricted is not None:
        return restricted
    if action is Action.EXPORT_APPROVE and request.owner == actor.name:
        return Decision(False, "nobody approves their own export; another privacy officer must")
    if action in CONSENT_BOUND and request.field is not None and request.field.is_sensitive:
        justified = set(request.field.purposes) & set(request.customer_purposes or ())
        if not justified:
            return Decision(
                False,
                f"{request.field.key} is sensitive and the customer has not given "
                f"{' or '.join(request.field.purposes) or 'a purpose'} consent",
            )
    return None


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
    return Decision(
        False,
        f"the customer's processing is restricted (stored only, PIPL Art. 44); {action.value} "
        "is refused until the privacy officer lifts the restriction",
    )


def _by_role(role: str, grant: RoleGrant | None, actor: Actor, request: Request) -> str | None:
    """None when this role allows the request, else why not."""
    if grant is None or request.action not in grant.actions:
        return f"role {actor.role or 'none'} may not {request.action.value}"
    if grant.store_scoped and request.store and actor.stores and request.store not in actor.stores:
        return f"store {request.store} is outside {actor.name}'s stores"
    spec = request.field
    if spec is not None and request.action in FIELD_ACTIONS:
        masked = request.action is Action.VIEW_MASKED
        reach = grant.view | grant.reveal if masked else grant.reveal
        if spec.category not in reach:
            verb = "see" if masked else "see in clear"
            return f"role {role} may not {verb} {spec.category.value} fields such as {spec.key}"
    if request.action is Action.REVEAL and request.reveals_last_hour >= grant.reveals_per_hour:
        return (
            f"{actor.name} reached the limit of {grant.reveals_per_hour} reveals an hour "
            f"for role {role}; the privacy officer has been alerted"
        )
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


def check_roles(roles: frozenset[str], matrix: RoleMatrix) -> str | None:
    """Why this set of roles cannot be held together or at all, or None."""
    unknown = sorted(roles - set(matrix))
    if unknown:
        return f"unknown role {', '.join(unknown)}; roles are {', '.join(sorted(matrix))}"
    if not roles:
        return "give at least one role"
    if AUDITOR in roles and len(roles) > 1:
        return "an auditor cannot hold an operating role (separation of duties)"
    return None
