"""The scheduled expiry of points past their time: an entry per customer, never an edit."""

from __future__ import annotations

from privault.domain.ledger import EntryKind, Ledger, NewEntry
from privault.domain.points import due_to_expire
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, grouped, use_case
from privault.services.vault import Vault

BATCH = 200
LAPSED = "points past their time"


def expire_points(vault: Vault, actor: Actor) -> dict[str, int]:
    """The daily job: customers are taken in batches, each batch one transaction."""
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        candidates = uc.uow.ledgers.with_lapsed_points(uc.now)
    expired = 0
    with grouped(f"points-expiry-{vault.clock().isoformat()}"):
        for start in range(0, len(candidates), BATCH):
            expired += _expire_batch(vault, actor, candidates[start : start + BATCH])
    return {"customers": len(candidates), "expired": expired}


def _expire_batch(vault: Vault, actor: Actor, ids: list[str]) -> int:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        done = sum(_expire_one(uc, cid) for cid in ids)
        uc.commit()
    return done


def _expire_one(uc: UseCase, customer_id: str) -> int:
    entries = uc.uow.ledgers.entries(Ledger.POINTS, customer_id)
    due = due_to_expire(entries, uc.now)
    if not due:
        return 0
    store = entries[-1].store
    entry = NewEntry(
        Ledger.POINTS,
        customer_id,
        store,
        EntryKind.EXPIRE,
        -due,
        uc.now,
        uc.actor.name,
        reason=LAPSED,
    )
    posted = uc.uow.ledgers.post(entry)
    if posted is None:  # pragma: no cover -- the due never exceeds the balance
        return 0
    reason = f"points expire entry {posted.id}"
    uc.record(Action.HOUSEKEEPING, customer_id=customer_id, reason=reason)
    return 1
