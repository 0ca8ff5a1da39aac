"""Visits and purchases: recorded at check-out, kept for accounting, corrected only by a
reversing entry."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from privault.db.transactions import NewTransaction
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.ledger import EntryKind, Ledger, overdrawn
from privault.domain.ledger import reversal as ledger_reversal
from privault.domain.points import RULES_KEY as POINTS_RULES
from privault.domain.points import earned, points_entry, taken_back
from privault.domain.points import rules_from_json as points_rules
from privault.domain.policy import Action, Actor
from privault.domain.staff import StaffStatus
from privault.domain.transactions import (
    CURRENCY,
    Bill,
    ItemInput,
    Transaction,
    TransactionKind,
    cents_of,
    negated,
    parse_bill,
    parse_reason,
    reversal_refusal,
)
from privault.services.customers.contact import stale_among
from privault.services.customers.member_levels import reevaluate_member
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

NOT_SERVING = "{name} is no active staff account of store {store}; name who served there"


def record_transaction(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    kind: str | None,
    amount: str | None,
    item: str | None = None,
    store: str | None = None,
    *,
    served_by: Sequence[str] = (),
    items: Sequence[ItemInput] = (),
    booking_id: str | None = None,
) -> Transaction:
    """A transaction is activity: it restarts the customer's retention clock. A member's
    level is re-evaluated in the same transaction (issue 16)."""
    bill = parse_bill(
        kind,
        amount,
        item=item,
        store=store,
        items=items,
        served_by=served_by,
        booking_id=booking_id,
    )
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.TRANSACTION_RECORD, customer_id=customer_id, store=row.store)
        where = bill.store or row.store
        if where != row.store:
            uc.require(Action.TRANSACTION_RECORD, customer_id=customer_id, store=where)
        _check_servers(uc, bill.served_by, where)
        new_id = uc.uow.transactions.add(_entry(uc, customer_id, where, bill))
        uc.uow.transactions.touch_activity(customer_id, uc.now)
        reason = f"{bill.kind.value} {new_id} recorded"
        uc.record(Action.TRANSACTION_RECORD, customer_id=customer_id, reason=reason)
        _follow_up(uc, customer_id, where, bill, new_id)
        recorded = _prompted(uc, _written(uc, new_id), row.id)
        uc.commit()
    return recorded


def _follow_up(uc: UseCase, customer_id: str, where: str, bill: Bill, new_id: int) -> None:
    """In the same transaction: a purchase earns its points, and a member's level is looked at
    again (issue 16)."""
    if bill.kind is TransactionKind.PURCHASE:
        _earn_points(uc, customer_id, where, bill.cents, new_id)
    reevaluate_member(uc, customer_id)


def _entry(uc: UseCase, customer_id: str, where: str, bill: Bill) -> NewTransaction:
    return NewTransaction(
        customer_id,
        where,
        bill.kind,
        bill.cents,
        None if bill.cents is None else CURRENCY,
        bill.item,
        uc.now,
        uc.actor.name,
        served_by=bill.served_by,
        items=bill.items,
        booking_id=bill.booking_id,
    )


def _earn_points(uc: UseCase, customer_id: str, store: str, cents: int | None, sale: int) -> None:
    """A purchase earns points at the business's rate, in the same transaction, audited."""
    stored = uc.uow.installation.get(POINTS_RULES)
    points = earned(cents, points_rules(stored))
    if not points:
        return
    by = uc.actor.name
    entry = points_entry(
        customer_id, store, EntryKind.EARN, points, uc.now, by, stored, transaction_id=sale
    )
    posted = uc.uow.ledgers.post(entry)
    if posted is not None:  # an earn only adds: never refused
        reason = f"points earn entry {posted.id} on purchase {sale}"
        uc.record(Action.POINTS_MOVE, customer_id=customer_id, reason=reason)
        _repay_owed(uc, customer_id, store, stored)


def _unearn_points(uc: UseCase, original: Transaction, why: str) -> None:
    """Reversing a purchase takes back the points it earned. What was already spent cannot be
    taken (a balance never goes below 0): it is owed, recorded, and repaid first from the
    customer's next earned points (`domain/points.taken_back`)."""
    earn, cid = uc.uow.ledgers.earned_on(original.id), original.customer_id
    if earn is None or cid is None or uc.uow.ledgers.reversed_by(earn.id) is not None:
        return
    now, owed = taken_back(earn.amount, uc.uow.ledgers.balance(Ledger.POINTS, cid))
    if now:
        back = replace(ledger_reversal(earn, uc.now, uc.actor.name, why), amount=-now)
        posted = uc.uow.ledgers.post(back)
        if posted is None:  # pragma: no cover -- the balance was read in this transaction
            uc.refuse(Action.TRANSACTION_RECORD, overdrawn(Ledger.POINTS), customer_id=cid)
        reason = f"points reversal entry {posted.id} of earn {earn.id}"
        uc.record(Action.POINTS_MOVE, customer_id=cid, reason=reason)
    if owed:
        owed_id = uc.uow.points_owed.add(cid, original.id, owed, uc.now)
        reason = f"points owed {owed_id} on reversed purchase {original.id}: already spent"
        uc.record(Action.POINTS_MOVE, customer_id=cid, reason=reason)


def _repay_owed(uc: UseCase, customer_id: str, store: str, stored: str | None) -> None:
    """Points owed from reversed purchases are paid back first from what was just earned."""
    for owed in uc.uow.points_owed.open_for(customer_id):
        take = min(owed.left, uc.uow.ledgers.balance(Ledger.POINTS, customer_id))
        if take <= 0:
            return
        note = f"repays points owed on reversed purchase {owed.transaction_id}"
        entry = points_entry(
            customer_id, store, EntryKind.ADJUST, -take, uc.now, uc.actor.name, stored, reason=note
        )
        posted = uc.uow.ledgers.post(entry)
        if posted is None:  # pragma: no cover -- never more than the balance just read
            return
        uc.uow.points_owed.repay(owed.id, take)
        reason = f"points adjust entry {posted.id} repays points owed {owed.id}"
        uc.record(Action.POINTS_MOVE, customer_id=customer_id, reason=reason)


def _check_servers(uc: UseCase, names: Sequence[str], store: str) -> None:
    """Who served must be an active account working at the store of the sale."""
    for name in names:
        found = uc.uow.staff.get(name)
        member = found.member if found else None
        if (
            member is None
            or member.status is not StaffStatus.ACTIVE
            or (member.stores and store not in member.stores)
        ):
            raise InvalidInputError(
                NOT_SERVING, field="served_by", params={"name": name, "store": store}
            )


def reverse_transaction(
    vault: Vault,
    actor: Actor,
    transaction_id: int,
    reason: str | None,
    *,
    customer_id: str | None = None,
) -> Transaction:
    """The original stays as it was; a new entry names it and negates its amount. Reversing
    is not the customer's activity, so the retention clock does not move. `customer_id`: the
    customer the caller believes it belongs to (a page, a URL); another's is not found."""
    why = parse_reason(reason)
    with use_case(vault, actor) as uc:
        original = uc.uow.transactions.get(transaction_id)
        if original is None or customer_id not in (None, original.customer_id):
            raise NotFoundError("no transaction {id}", params={"id": transaction_id})
        uc.require(
            Action.TRANSACTION_RECORD, customer_id=original.customer_id, store=original.store
        )
        done_by = uc.uow.transactions.reversals_of([original.id]).get(original.id)
        refusal = reversal_refusal(original, done_by)
        if refusal is not None:
            uc.refuse(Action.TRANSACTION_RECORD, refusal, customer_id=original.customer_id)
        new_id = uc.uow.transactions.add(_reversal(uc, original, why))
        _unearn_points(uc, original, why)
        reason_text = f"{original.kind.value} {original.id} reversed by entry {new_id}"
        uc.record(Action.TRANSACTION_RECORD, customer_id=original.customer_id, reason=reason_text)
        reversal = _written(uc, new_id)
        uc.commit()
    return reversal


def _reversal(uc: UseCase, original: Transaction, why: str) -> NewTransaction:
    return NewTransaction(
        original.customer_id,
        original.store,
        TransactionKind.REVERSAL,
        negated(cents_of(original.amount)),
        original.currency,
        None,
        uc.now,
        uc.actor.name,
        booking_id=original.booking_id,
        reverses_id=original.id,
        reason=why,
    )


def _written(uc: UseCase, new_id: int) -> Transaction:
    recorded = uc.uow.transactions.get(new_id)
    if recorded is None:  # pragma: no cover -- just written in this transaction
        raise NotFoundError("no transaction {id}", params={"id": new_id})
    return recorded


def _prompted(uc: UseCase, recorded: Transaction, customer_id: str) -> Transaction:
    """A visit of a customer whose contact data is stale prompts the desk (issue 17)."""
    if customer_id in stale_among(uc, [customer_id]):
        return replace(recorded, needs_contact_confirmation=True)
    return recorded
