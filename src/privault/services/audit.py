"""Reading the audit trail; reading it is itself audited."""

from __future__ import annotations

from privault.domain.audit import AuditEvent
from privault.domain.policy import Action, Actor
from privault.services import auditing
from privault.services.vault import Vault


def list_audit_events(
    vault: Vault, actor: Actor, *, customer_id: str | None = None, limit: int = 100
) -> list[AuditEvent]:
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.AUDIT_READ, customer_id=customer_id)
        events = uow.audit.list(customer_id=customer_id, limit=limit)
        uow.audit.append([auditing.event(vault, actor, Action.AUDIT_READ, customer_id=customer_id)])
        uow.commit()
        return events
