"""Erasure by crypto-shredding: the data key goes, then every row that names the customer."""

from __future__ import annotations

from collections.abc import Sequence

from privault.db.erasure import Tombstone
from privault.domain.errors import InvalidInputError, LegalHoldError
from privault.domain.ledger import Ledger
from privault.domain.policy import Action, Actor
from privault.services.customers.copies import clear_copies
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

MAX_REASON = 300  # the tombstone column
MOVES = {Ledger.POINTS: Action.POINTS_MOVE, Ledger.WALLET: Action.WALLET_MOVE}


def erase_customer(
    vault: Vault, actor: Actor, customer_id: str, *, reason: str, request_id: str | None = None
) -> Tombstone:
    """Erasure is refused while a legal hold is active; the customer can be restricted instead."""
    reason = check_reason(reason)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.ERASE, customer_id=customer_id, store=row.store)
        refuse_held(uc, [customer_id])
        stone = erase(uc, [customer_id], reason=reason, request_id=request_id)[0]
        uc.commit()
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


def refuse_held(uc: UseCase, ids: Sequence[str]) -> None:
    """A hold found: the refusal is audited and committed on its own, then raised."""
    held = sorted(uc.uow.holds.held_among(ids))
    if not held:
        return
    error = LegalHoldError(
        "customer {ids}: a legal hold is active; lift it first or restrict the customer instead "
        "(privault holds list)",
        params={"ids": ", ".join(held)},
    )
    reason = "a legal hold is active; lift it first or restrict the customer instead"
    uc.refuse(Action.ERASE, error, customer_ids=held, reason=reason)


def close_ledgers(uc: UseCase, ids: Sequence[str]) -> None:
    """What the customers hold goes out in the record before the accounts are pseudonymised:
    stored value refunded to them, points expired (the accounts keep both entries)."""
    for entry in uc.uow.ledgers.close(ids, uc.now, uc.actor.name):
        reason = f"{entry.ledger.value} {entry.kind.value} entry {entry.id}: {entry.reason}"
        uc.record(MOVES[entry.ledger], customer_id=entry.customer_id, reason=reason)


def erase(
    uc: UseCase,
    ids: Sequence[str],
    *,
    reason: str,
    request_id: str | None = None,
    retention_run_id: str | None = None,
) -> list[Tombstone]:
    """In the caller's transaction, after its policy and hold checks. The keystore commits
    first (see UnitOfWork), so a crash in between leaves unreadable rows, never readable ones.
    Copies outside the record go first: export files, kept messages, recipients told."""
    by, now = uc.actor.name, uc.now
    # A record merged into one of these is the same person's: it goes with them.
    ids = [*ids, *uc.uow.merges.aliases_of(list(ids))]
    stones = [Tombstone(cid, now, by, reason, request_id, retention_run_id) for cid in ids]
    clear_copies(uc, ids, request_id=request_id)
    close_ledgers(uc, ids)
    uc.uow.data_keys.shred(list(ids), reason, now)
    uc.uow.erasure.erase(stones)
    for cid in ids:
        uc.vault.keys.forget(cid)
    why = reason if request_id is None else f"{reason} (request {request_id})"
    uc.record_each(Action.ERASE, ids, reason=why)
    return stones
