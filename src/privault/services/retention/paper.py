"""The log of destroyed paper forms (what, how, who, witnessed by whom)."""

from __future__ import annotations

from datetime import date

from privault.domain.paper import PaperDestruction, RecordedDestruction, parse_destruction
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, use_case
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
    with use_case(vault, actor) as uc:
        # Checked before the policy: a form that cannot be recorded is answered as such.
        entry = parse_destruction(
            destroyed_on,
            description,
            quantity,
            method,
            destroyed_by,
            witnessed_by,
            today=uc.now.date(),
        )
        uc.require(Action.PAPER_RECORD)
        new_id = uc.uow.paper.add(entry, actor.name, uc.now)
        # The names of who destroyed and witnessed stay in the log, not in the audit trail.
        reason = f"paper destruction {new_id} recorded ({entry.method.value})"
        uc.record(Action.PAPER_RECORD, reason=reason)
        uc.commit()
        return _recorded(new_id, entry, uc)


def _recorded(new_id: int, entry: PaperDestruction, uc: UseCase) -> RecordedDestruction:
    return RecordedDestruction(
        new_id,
        entry.destroyed_on,
        entry.description,
        entry.quantity,
        entry.method,
        entry.destroyed_by,
        entry.witnessed_by,
        uc.actor.name,
        uc.now,
    )


def list_paper_destructions(vault: Vault, actor: Actor) -> list[RecordedDestruction]:
    with use_case(vault, actor) as uc:
        uc.require(Action.PAPER_READ)
        found = uc.uow.paper.list()
        uc.record(Action.PAPER_READ)
        uc.commit()
        return found
