"""Refusals that happen before any use case starts (a forged form, a wrong portal customer):
recorded in the audit trail on their own, so an attack leaves a trace and changes nothing."""

from __future__ import annotations

from privault.domain.audit import Outcome
from privault.domain.policy import Action, Actor
from privault.services import auditing
from privault.services.vault import Vault

ANONYMOUS = Actor("anonymous", frozenset())


def record_refusal(
    vault: Vault,
    actor: Actor | None,
    action: Action,
    reason: str,
    *,
    customer_id: str | None = None,
) -> None:
    with vault.unit_of_work() as uow:
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor or ANONYMOUS,
                    action,
                    customer_id=customer_id,
                    outcome=Outcome.DENIED,
                    reason=reason,
                )
            ]
        )
        uow.commit()
