"""Policy checks and audit events, written in the transaction of the action they record."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import datetime

from privault.db.unit_of_work import UnitOfWork
from privault.domain.audit import AuditEvent, Outcome, field_list
from privault.domain.catalog import FieldClass
from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Action, Actor, Request, authorize
from privault.services.vault import Vault

# Adapters set this per request; outside one, each use case gets its own id.
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str:
    return request_id.get() or str(uuid.uuid4())


def event(
    vault: Vault,
    actor: Actor,
    action: Action | str,
    *,
    customer_id: str | None = None,
    fields: Iterable[str] = (),
    purpose: str | None = None,
    outcome: Outcome = Outcome.ALLOWED,
    reason: str | None = None,
    request: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    return AuditEvent(
        at=at or vault.clock(),
        actor=actor.name,
        role=actor.role,
        store=actor.store,
        action=str(action),
        outcome=outcome,
        request_id=request or current_request_id(),
        customer_id=customer_id,
        fields=field_list(fields),
        purpose=purpose,
        reason=reason,
    )


def require(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    *,
    customer_id: str | None = None,
    fields: Iterable[str] = (),
    field_class: FieldClass | None = None,
    purpose: str | None = None,
    store: str | None = None,
) -> None:
    """Refusals are audited and committed on their own, then raised; nothing else changes."""
    decision = authorize(
        actor, Request(action, field_class=field_class, purpose=purpose, store=store)
    )
    if decision.allowed:
        return
    uow.rollback()
    uow.audit.append(
        [
            event(
                vault,
                actor,
                action,
                customer_id=customer_id,
                fields=fields,
                purpose=purpose,
                outcome=Outcome.DENIED,
                reason=decision.reason,
            )
        ]
    )
    uow.commit()
    raise PolicyDeniedError(decision.reason)
