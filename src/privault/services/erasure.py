"""Erasure by crypto-shredding: the data key goes, then every row that names the customer."""

from __future__ import annotations

from collections.abc import Sequence

from privault.db.erasure import Tombstone
from privault.db.unit_of_work import UnitOfWork
from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError, LegalHoldError
from privault.domain.policy import Action, Actor
from privault.services import auditing
from privault.services.customers import existing_customer
from privault.services.vault import Vault

MAX_REASON = 300  # the tombstone column


def erase_customer(
    vault: Vault, actor: Actor, customer_id: str, *, reason: str, request_id: str | None = None
) -> Tombstone:
    """Erasure is refused while a legal hold is active; the customer can be restricted instead."""
    reason = check_reason(reason)
    with vault.unit_of_work() as uow:
        row = existing_customer(uow, customer_id)
        auditing.require(vault, uow, actor, Action.ERASE, customer_id=customer_id, store=row.store)
        refuse_held(vault, uow, actor, [customer_id])
        stone = shred(vault, uow, actor, [customer_id], reason=reason, request_id=request_id)[0]
        uow.commit()
        return stone


def check_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInputError("say why the customer is erased", field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInputError(
            "at most {limit} characters", field="reason", params={"limit": MAX_REASON}
        )
    return reason


def refuse_held(vault: Vault, uow: UnitOfWork, actor: Actor, ids: Sequence[str]) -> None:
    """A hold found: the refusal is audited and committed on its own, then raised."""
    held = sorted(uow.holds.held_among(ids))
    if not held:
        return
    reason = "a legal hold is active; lift it first or restrict the customer instead"
    uow.rollback()
    uow.audit.append(
        [
            auditing.event(
                vault, actor, Action.ERASE, customer_id=cid, outcome=Outcome.DENIED, reason=reason
            )
            for cid in held
        ]
    )
    uow.commit()
    raise LegalHoldError(
        "customer {ids}: a legal hold is active; lift it first or restrict the customer instead "
        "(privault holds list)",
        params={"ids": ", ".join(held)},
    )


def shred(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    ids: Sequence[str],
    *,
    reason: str,
    request_id: str | None = None,
    retention_run_id: str | None = None,
) -> list[Tombstone]:
    """In the caller's transaction, after its policy and hold checks. The keystore commits
    first (see UnitOfWork), so a crash in between leaves unreadable rows, never readable ones."""
    now = vault.clock()
    stones = [Tombstone(cid, now, actor.name, reason, request_id, retention_run_id) for cid in ids]
    uow.data_keys.shred(list(ids), reason, now)
    uow.erasure.erase(stones)
    for cid in ids:
        vault.keys.forget(cid)
    why = reason if request_id is None else f"{reason} (request {request_id})"
    uow.audit.append(
        [auditing.event(vault, actor, Action.ERASE, customer_id=cid, reason=why) for cid in ids]
    )
    return stones
