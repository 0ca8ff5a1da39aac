"""A migrated customer's membership, points, stored value and history (issue 17, point 7): the
opening entries of the accounts, written in the import batch's own use case, after its rows.

Imports sit beside the members, points and wallet areas (independent of each other), so this
uses what those areas stand on: the ledgers' `post` (balanced, audited, never below 0), the
level history of `customers/member_levels` and the member-number sequence."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from privault.db.transactions import NewTransaction
from privault.domain.import_columns import ColumnPlan
from privault.domain.import_mapping import Extra, Opening
from privault.domain.ledger import EntryKind, Ledger, NewEntry
from privault.domain.members import ChangeKind, Membership, MemberStatus, member_number
from privault.domain.points import RULES_KEY as POINTS_RULES
from privault.domain.points import points_entry
from privault.domain.policy import Action
from privault.domain.transactions import CURRENCY, Item, TransactionKind
from privault.services.customers.changes import apply_changes
from privault.services.customers.member_levels import change_level, level_rules
from privault.services.customers.records import existing_customer
from privault.services.ledgers.accounts import post
from privault.services.use_case import UseCase

PURPOSE = "membership"  # the catalog purpose a membership stands on (members/membership)
NUMBER = "member_no"
# Which action each figure needs of the importer, in the import's store.
NEEDS = {
    Extra.LEVEL: Action.MEMBERS_ENROL,
    Extra.POINTS: Action.POINTS_MOVE,
    Extra.BALANCE: Action.WALLET_MOVE,
    Extra.SPEND: Action.TRANSACTION_RECORD,
    Extra.VISITS: Action.TRANSACTION_RECORD,
    Extra.LAST_VISIT: Action.TRANSACTION_RECORD,
}


@dataclass(frozen=True)
class Opened:
    """One stored customer's opening figures."""

    customer_id: str
    store: str
    opening: Opening
    has_number: bool  # the file gave a member number


def require_openings(uc: UseCase, plan: ColumnPlan, store: str) -> None:
    """A file with membership figures is refused whole when the importer may not write them."""
    needed = {NEEDS[Extra(target)] for target in plan.extras.values()}
    if set(plan.extras.values()) & {Extra.POINTS, Extra.BALANCE} and PURPOSE in uc.catalog.purposes:
        needed.add(Action.MEMBERS_ENROL)  # points or stored value make a member
    for action in sorted(needed, key=lambda a: a.value):
        uc.require(action, store=store)


def open_accounts(uc: UseCase, source: str, opened: Iterable[Opened]) -> None:
    stored_rules = uc.uow.installation.get(POINTS_RULES)
    for one in opened:
        if one.opening.is_member and PURPOSE in uc.catalog.purposes:
            _enrol(uc, one, source)
        _balances(uc, one, source, stored_rules)
        if one.opening.has_history:
            _history(uc, one, source)


def _enrol(uc: UseCase, one: Opened, source: str) -> None:
    """A member as they were: their level (the base level when the file names none), their
    number from the file or the next of the sequence."""
    rules = level_rules(uc)
    today = date.fromisoformat(uc.vault.opening_hours(uc.uow).local_date(uc.now))
    level = one.opening.level or rules.base.key
    membership = Membership(
        str(uuid.uuid4()),
        one.customer_id,
        one.store,
        MemberStatus.ACTIVE,
        level,
        today,
        uc.actor.name,
    )
    uc.uow.members.add(membership, uc.now)
    change_level(uc, membership, level, ChangeKind.ENROLLED, reason=f"carried over from {source}")
    if not one.has_number and NUMBER in uc.catalog.fields:
        number = member_number(uc.uow.members.next_sequence())
        row = existing_customer(uc.uow, one.customer_id)
        apply_changes(uc, row, {NUMBER: number}, reason="member number given at import")
    reason = f"enrolled by import from {source}"
    uc.record(Action.MEMBERS_ENROL, customer_id=one.customer_id, fields=[NUMBER], reason=reason)


def _balances(uc: UseCase, one: Opened, source: str, stored_rules: str | None) -> None:
    """Opening entries: points as an adjustment (they expire by the business's rule from
    today), stored value as money paid in before the move."""
    points, fen = one.opening.points, one.opening.balance_fen
    by, cid = uc.actor.name, one.customer_id
    if points:
        why = f"opening points from {source}"
        entry = points_entry(
            cid, one.store, EntryKind.ADJUST, points, uc.now, by, stored_rules, reason=why
        )
        post(uc, entry, Action.POINTS_MOVE)
    if fen:
        why = f"opening balance from {source}"
        entry = NewEntry(Ledger.WALLET, cid, one.store, EntryKind.TOP_UP, fen, uc.now, by, why)
        post(uc, entry, Action.WALLET_MOVE)


def _history(uc: UseCase, one: Opened, source: str) -> None:
    """One summary entry at the last visit the file gives: spend and visits before the move.
    The retention clock runs from that visit, not from the import."""
    o = one.opening
    at = o.last_visit or uc.now
    items = (Item(f"before the move to privault ({source})", o.visits, o.spend_cents),)
    uc.uow.transactions.add(
        NewTransaction(
            one.customer_id,
            one.store,
            TransactionKind.HISTORY,
            o.spend_cents,
            CURRENCY if o.spend_cents is not None else None,
            f"history from {source}",
            at,
            uc.actor.name,
            items=items if o.visits is not None else (),
        )
    )
    if o.last_visit is not None:
        uc.uow.transactions.touch_activity(one.customer_id, o.last_visit)
    reason = f"history carried over from {source}"
    uc.record(Action.TRANSACTION_RECORD, customer_id=one.customer_id, reason=reason)
