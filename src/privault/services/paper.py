"""The log of destroyed paper forms (what, how, who, witnessed by whom)."""

from __future__ import annotations

from datetime import date

from privault.domain.paper import RecordedDestruction, parse_destruction
from privault.domain.policy import Action, Actor
from privault.services import auditing
from privault.services.vault import Vault


def record_paper_destruction(
    vault: Vault,
    actor: Actor,
    destroyed_on: date,
    description: str,
    quantity: str,
    method: str,
    destroyed_by: str,
    witnessed_by: str,
) -> RecordedDestruction:
    now = vault.clock()
    entry = parse_destruction(
        destroyed_on,
        description,
        quantity,
        method,
        destroyed_by,
        witnessed_by,
        today=now.date(),
    )
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.PAPER_RECORD)
        new_id = uow.paper.add(entry, actor.name, now)
        # The names of who destroyed and witnessed stay in the log, not in the audit trail.
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.PAPER_RECORD,
                    reason=f"paper destruction {new_id} recorded ({entry.method.value})",
                )
            ]
        )
        uow.commit()
    return RecordedDestruction(
        new_id,
        entry.destroyed_on,
        entry.description,
        entry.quantity,
        entry.method,
        entry.destroyed_by,
        entry.witnessed_by,
        actor.name,
        now,
    )


def list_paper_destructions(vault: Vault, actor: Actor) -> list[RecordedDestruction]:
    with vault.unit_of_work() as uow:
        auditing.require(vault, uow, actor, Action.PAPER_READ)
        found = uow.paper.list()
        uow.audit.append([auditing.event(vault, actor, Action.PAPER_READ)])
        uow.commit()
        return found
