"""Reading the audit trail; reading it is itself audited."""

from __future__ import annotations

from privault.domain.audit import AuditEvent
from privault.domain.policy import Action, Actor
from privault.services.use_case import use_case
from privault.services.vault import Vault


def list_audit_events(
    vault: Vault, actor: Actor, *, customer_id: str | None = None, limit: int = 100
) -> list[AuditEvent]:
    with use_case(vault, actor) as uc:
        uc.require(Action.AUDIT_READ, customer_id=customer_id)
        events = uc.uow.audit.list(customer_id=customer_id, limit=limit)
        uc.record(Action.AUDIT_READ, customer_id=customer_id)
        uc.commit()
        return events
