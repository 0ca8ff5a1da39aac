"""Entry review (信息审核, issue 17): records from the channels the business reviews arrive
pending (usable for the service they came for, kept out of marketing and classes); the store
manager accepts, corrects (through the update rules) or rejects them. A rejection erases the
record by crypto-shredding; its tombstone keeps the channel and the time, no personal value."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from privault.db.customers import CustomerRow
from privault.db.erasure import Tombstone
from privault.domain.alerts import entry_review_overdue
from privault.domain.entry_review import (
    ACTIVE,
    PENDING,
    QUEUE_PAGE,
    PendingQueue,
    pending_entry,
    rejection_reason,
)
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.shop_time import shop_time
from privault.services.customers.changes import apply_changes
from privault.services.customers.erasure import erase, refuse_held
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


def list_pending_entries(vault: Vault, actor: Actor, *, limit: int = QUEUE_PAGE) -> PendingQueue:
    """What waits and for how long, oldest first, in the actor's stores; no value is opened."""
    with use_case(vault, actor) as uc:
        uc.require(Action.ENTRY_REVIEW_READ)
        stores = store_scope(actor, uc.roles, Action.ENTRY_REVIEW_READ)
        days = vault.settings.review_overdue_days
        rows = uc.uow.entry_review.pending(stores, limit=limit)
        total = uc.uow.entry_review.count_pending(stores) if len(rows) >= limit else len(rows)
        uc.record(Action.ENTRY_REVIEW_READ, reason=f"entry review queue: {total} pending")
        uc.commit()
    return PendingQueue(total, [pending_entry(*row, now=uc.now, days=days) for row in rows])


def accept_entry(vault: Vault, actor: Actor, customer_id: str) -> None:
    with use_case(vault, actor) as uc:
        row = _pending(uc, customer_id)
        _accept(uc, row, reason=f"accepted at entry review (channel {row.channel})")
        uc.commit()


def correct_entry(vault: Vault, actor: Actor, customer_id: str, changes: Mapping[str, str]) -> None:
    """Corrected values meet the rules of an update (the update's policy check and audit);
    the record is accepted in the same transaction, or neither happens."""
    if not changes:
        raise InvalidInputError("give at least one KEY=VALUE to change", field="fields")
    with use_case(vault, actor) as uc:
        row = _pending(uc, customer_id)
        uc.require(
            Action.UPDATE,
            customer_id=row.id,
            fields=changes,
            store=row.store,
            customer_status=row.status,
        )
        apply_changes(uc, row, changes)
        _accept(uc, row, reason=f"corrected and accepted at entry review (channel {row.channel})")
        uc.commit()


def reject_entry(vault: Vault, actor: Actor, customer_id: str) -> Tombstone:
    """Erased by crypto-shredding, as any erasure; a legal hold refuses it (audited)."""
    with use_case(vault, actor) as uc:
        row = _pending(uc, customer_id)
        refuse_held(uc, [row.id])
        reason = rejection_reason(row.channel, row.created_at)
        stone = erase(uc, [row.id], reason=reason)[0]
        uc.record(Action.ENTRY_REVIEW_DECIDE, customer_id=row.id, reason=reason)
        uc.commit()
        return stone


def alert_overdue_entries(vault: Vault, actor: Actor) -> dict[str, int]:
    """The daily job: a store with records pending longer than the business's days alerts,
    once a day; spent public-form tokens past their expiry go."""
    with use_case(vault, actor) as uc:
        uc.require(Action.ENTRY_REVIEW_READ)
        days = vault.settings.review_overdue_days
        late = uc.uow.entry_review.overdue_by_store(uc.now - timedelta(days=days))
        hours = vault.opening_hours(uc.uow)
        today = hours.local_date(uc.now)
        raised = sum(
            uc.alert(entry_review_overdue(store, n, days, shop_time(oldest, hours.zone), today))
            for store, n, oldest in late
        )
        purged = uc.uow.entry_review.purge_tokens(uc.now)
        overdue = sum(n for _, n, _ in late)
        uc.record(Action.ENTRY_REVIEW_READ, reason=f"overdue check: {overdue} overdue")
        uc.commit()
    return {"overdue": overdue, "alerts_raised": raised, "tokens_purged": purged}


def _pending(uc: UseCase, customer_id: str) -> CustomerRow:
    """The customer, the decision's policy check in their store, and their status pending."""
    row = existing_customer(uc.uow, customer_id)
    uc.require(
        Action.ENTRY_REVIEW_DECIDE,
        customer_id=row.id,
        store=row.store,
        customer_status=row.status,
    )
    if row.status != PENDING:
        raise ConflictError(
            "customer {id} is not waiting for entry review (status {status})",
            params={"id": row.id, "status": row.status},
        )
    return row


def _accept(uc: UseCase, row: CustomerRow, *, reason: str) -> None:
    uc.uow.subject_data.set_status(row.id, ACTIVE, uc.now)
    uc.record(Action.ENTRY_REVIEW_DECIDE, customer_id=row.id, reason=reason)
