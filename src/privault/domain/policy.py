"""The one policy function: every access to personal data is decided here, deny by default."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from privault.domain.catalog import FieldClass


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
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
    AUDIT_EXPORT_CHECKPOINT = "audit.checkpoint"
    AUDIT_PURGE = "audit.purge"
    AUDIT_RETENTION = "audit.retention"
    NOTICE_PUBLISH = "notice.publish"
    NOTICE_READ = "notice.read"


# The local operator stands in for the shop owner until staff accounts exist.
DEFAULT_MATRIX: Mapping[str, frozenset[Action]] = {
    "operator": frozenset(Action),
}


@dataclass(frozen=True)
class Actor:
    name: str
    roles: frozenset[str]
    stores: frozenset[str] = frozenset()
    is_trained: bool = True

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


@dataclass(frozen=True)
class Request:
    action: Action
    field_class: FieldClass | None = None
    purpose: str | None = None
    store: str | None = None
    matrix: Mapping[str, frozenset[Action]] = field(default_factory=lambda: DEFAULT_MATRIX)


def authorize(actor: Actor, request: Request) -> Decision:
    """Allowed only when a role grants the action, the store is in scope and a reveal says why."""
    if not any(request.action in request.matrix.get(role, frozenset()) for role in actor.roles):
        return Decision(False, f"role {actor.role or 'none'} may not {request.action.value}")
    if request.store and actor.stores and request.store not in actor.stores:
        return Decision(False, f"store {request.store} is outside {actor.name}'s stores")
    if request.action is Action.REVEAL:
        if not (request.purpose or "").strip():
            return Decision(False, "a reveal needs a stated purpose")
        if not actor.is_trained:
            return Decision(False, f"{actor.name} has no current privacy training")
    return Decision(True)
