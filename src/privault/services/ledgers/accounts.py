"""One customer's points or stored-value account: entries posted (audited, never below 0), the
balance and recent entries read (audited), an entry reversed by the manager."""

from __future__ import annotations

from dataclasses import dataclass, replace

from privault.db.customers import CustomerRow
from privault.domain.errors import NotFoundError
from privault.domain.ledger import (
    EntryKind,
    Ledger,
    LedgerEntry,
    NewEntry,
    overdrawn,
    parse_reason,
    reversal,
    reversal_refusal,
)
from privault.domain.points import RULES_KEY as POINTS_RULES
from privault.domain.points import points_entry
from privault.domain.policy import Action, Actor
from privault.services.customers.records import existing_customer
from privault.services.free_text.rule import screen_note
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

READ = {Ledger.POINTS: Action.POINTS_READ, Ledger.WALLET: Action.WALLET_READ}
MOVE = {Ledger.POINTS: Action.POINTS_MOVE, Ledger.WALLET: Action.WALLET_MOVE}
RECENT = 10
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class Account:
    ledger: Ledger
    customer_id: str
    balance: int  # points, or fen
    entries: list[LedgerEntry]  # newest first
    total: int  # entries in all
    zone: str  # the shop's time zone, for showing the entries' times


def customer_for(uc: UseCase, customer_id: str, action: Action) -> CustomerRow:
    """The customer, after the policy allowed `action` on them (store, restriction)."""
    row = existing_customer(uc.uow, customer_id)
    uc.require(action, customer_id=row.id, store=row.store, customer_status=row.status)
    return row


@dataclass(frozen=True)
class Movement:
    """One entry as a desk asks for it, before the customer and the time are known."""

    ledger: Ledger
    kind: EntryKind
    amount: int  # signed
    reason: str | None = None
    pair_id: int | None = None


def entry_for(uc: UseCase, row: CustomerRow, movement: Movement) -> NewEntry:
    """Points added get the business's expiry time; stored value never expires."""
    by = uc.actor.name
    note = screen_note(uc.vault, movement.reason, field="note") if movement.reason else None
    m = replace(movement, reason=note)
    if m.ledger is Ledger.POINTS:
        rules = uc.uow.installation.get(POINTS_RULES)
        return points_entry(row.id, row.store, m.kind, m.amount, uc.now, by, rules, reason=m.reason)
    return NewEntry(
        m.ledger,
        row.id,
        row.store,
        m.kind,
        m.amount,
        uc.now,
        by,
        reason=m.reason,
        pair_id=m.pair_id,
    )


def move(
    vault: Vault, actor: Actor, customer_id: str, action: Action, movement: Movement
) -> LedgerEntry:
    """One movement as one use case: allowed, written, audited, or refused below 0."""
    with use_case(vault, actor) as uc:
        row = customer_for(uc, customer_id, action)
        posted = post(uc, entry_for(uc, row, movement), action)
        uc.commit()
    return posted


def post(uc: UseCase, entry: NewEntry, action: Action) -> LedgerEntry:
    """Written with its balance moved and audited (the entry's number and kind, no amount), or
    refused, audited and nothing changed when the balance would go below 0."""
    posted = uc.uow.ledgers.post(entry)
    if posted is None:
        uc.refuse(action, overdrawn(entry.ledger), customer_id=entry.customer_id)
    reason = f"{entry.ledger.value} {entry.kind.value} entry {posted.id}"
    uc.record(action, customer_id=entry.customer_id, reason=reason)
    return posted


def read_account(
    uc: UseCase, ledger: Ledger, customer_id: str, page: int, per_page: int
) -> Account:
    """Inside the caller's use case, which decided who may read; the read is audited."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    entries = uc.uow.ledgers.newest_first(
        ledger, customer_id, (max(page, 1) - 1) * per_page, per_page
    )
    account = Account(
        ledger,
        customer_id,
        uc.uow.ledgers.balance(ledger, customer_id),
        entries,
        uc.uow.ledgers.count(ledger, customer_id),
        uc.vault.opening_hours(uc.uow).zone,
    )
    uc.record(READ[ledger], customer_id=customer_id, reason=f"{ledger.value} balance read")
    return account


def show_account(
    vault: Vault,
    actor: Actor,
    ledger: Ledger,
    customer_id: str,
    *,
    page: int = 1,
    per_page: int = RECENT,
) -> Account:
    with use_case(vault, actor) as uc:
        row = customer_for(uc, customer_id, READ[ledger])
        account = read_account(uc, ledger, row.id, page, per_page)
        uc.commit()
    return account


def reverse_entry(
    vault: Vault, actor: Actor, entry_id: int, reason: str | None, *, customer_id: str | None = None
) -> list[LedgerEntry]:
    """The original stays; a new entry negates it (a top-up's bonus goes with it). Refused when
    what it gave is already used (the balance would go below 0). `customer_id`: the customer
    the caller believes it belongs to (a URL); another's entry is not found."""
    why = parse_reason(reason, "say why the entry is reversed")
    with use_case(vault, actor) as uc:
        original = uc.uow.ledgers.get(entry_id)
        if (
            original is None
            or original.customer_id is None
            or customer_id not in (None, original.customer_id)
        ):
            raise NotFoundError("no entry {id}", params={"id": entry_id})
        customer_for(uc, original.customer_id, Action.LEDGER_CORRECT)
        refusal = reversal_refusal(original, uc.uow.ledgers.reversed_by(original.id))
        if refusal is not None:
            uc.refuse(Action.LEDGER_CORRECT, refusal, customer_id=original.customer_id)
        undone = [original, *uc.uow.ledgers.paired_with(original.id)]
        done = [
            post(uc, reversal(e, uc.now, uc.actor.name, why), Action.LEDGER_CORRECT) for e in undone
        ]
        uc.commit()
    return done
