"""What the points and stored-value ledgers share: entries, balances, reversal, reconciliation.

A balance is the sum of its ledger's entries for one customer, kept alongside as a running
figure so a movement needs no sum; it is never edited and never negative. A mistake is undone
by a new entry that names the original and negates it. Reconciliation recomputes every sum from
the entries and names each kept balance that differs (a bug, or a hand-edited row)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from privault.domain.errors import InvalidInputError
from privault.domain.transactions import MAX_REASON, short_text


class Ledger(StrEnum):
    POINTS = "points"
    WALLET = "wallet"  # 储值: amounts in fen


class EntryKind(StrEnum):
    EARN = "earn"  # points for a purchase recorded at check-out
    REDEEM = "redeem"
    EXPIRE = "expire"  # points past their time, or left when the account closes
    ADJUST = "adjust"  # points by hand, with a reason
    TOP_UP = "top_up"  # money paid in
    BONUS = "bonus"  # the promotion's extra value on a top-up, kept apart from the money paid
    SPEND = "spend"
    REFUND = "refund"  # money paid back out, also of what is left when the account closes
    REVERSAL = "reversal"  # added only by reversing another entry


# The kinds each ledger takes, and the sign each kind's amount carries (+1 in, -1 out, 0 either).
KINDS: Mapping[Ledger, Mapping[EntryKind, int]] = {
    Ledger.POINTS: {
        EntryKind.EARN: 1,
        EntryKind.REDEEM: -1,
        EntryKind.EXPIRE: -1,
        EntryKind.ADJUST: 0,
        EntryKind.REVERSAL: 0,
    },
    Ledger.WALLET: {
        EntryKind.TOP_UP: 1,
        EntryKind.BONUS: 1,
        EntryKind.SPEND: -1,
        EntryKind.REFUND: -1,
        EntryKind.REVERSAL: 0,
    },
}
MAX_POINTS = 100_000_000
CLOSING = "account closed"  # the reason on the entries that empty a closing account


@dataclass(frozen=True)
class LedgerEntry:
    id: int
    ledger: Ledger
    customer_id: str | None  # none once the customer is erased (a pseudonym stands in)
    store: str
    kind: EntryKind
    amount: int  # points, or fen; negative for what goes out
    at: datetime
    recorded_by: str
    reason: str | None = None
    reverses_id: int | None = None
    pair_id: int | None = None  # a bonus: its top-up; an earn: none (see transaction_id)
    transaction_id: int | None = None  # an earn: the purchase it was earned on
    expires_at: datetime | None = None  # points: when what this entry added expires


@dataclass(frozen=True)
class NewEntry:
    """An entry before it is written: the repository moves the kept balance with it."""

    ledger: Ledger
    customer_id: str
    store: str
    kind: EntryKind
    amount: int
    at: datetime
    recorded_by: str
    reason: str | None = None
    reverses_id: int | None = None
    pair_id: int | None = None
    transaction_id: int | None = None
    expires_at: datetime | None = None


def check_sign(entry: NewEntry) -> NewEntry:
    """An entry of a kind its ledger does not take, or with the wrong sign, is a bug."""
    sign = KINDS[entry.ledger].get(entry.kind)
    if sign is None or entry.amount == 0 or (sign and (entry.amount > 0) != (sign > 0)):
        raise ValueError(f"{entry.ledger.value} takes no {entry.kind.value} of that sign")
    return entry


def parse_points(raw: str | None, field: str = "points", *, signed: bool = False) -> int:
    """A whole number of points, more than 0 (`signed`: an adjustment, either way, not 0)."""
    text = (raw or "").strip().replace("+", "", 1)
    digits = text[1:] if signed and text.startswith("-") else text
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidInputError("write a whole number of points such as 100", field=field)
    value = int(text)
    if value == 0 or abs(value) > MAX_POINTS:
        raise InvalidInputError(
            "from 1 to {limit} points", field=field, params={"limit": MAX_POINTS}
        )
    return value


def parse_reason(raw: str | None, missing: str) -> str:
    """`missing`: the whole sentence asking for the reason (each is its own msgid)."""
    reason = short_text(raw, "reason", MAX_REASON)
    if reason is None:
        raise InvalidInputError(missing, field="reason")
    return reason


OVERDRAWN = {
    Ledger.WALLET: "the stored-value balance is too low for this; look at the balance first",
    Ledger.POINTS: "the points held are too few for this; look at the balance first",
}
ALREADY_REVERSED = "entry {id} was already reversed by entry {by}; it cannot be reversed again"
IS_REVERSAL = "entry {id} is itself a reversal; record the movement again instead"
IS_BONUS = "entry {id} is a top-up's bonus; reverse the top-up {pair} and both go"


def overdrawn(ledger: Ledger) -> InvalidInputError:
    """No balance in the text: the refusal is audited, and balances are financial data."""
    return InvalidInputError(OVERDRAWN[ledger], field="amount")


def reversal_refusal(original: LedgerEntry, reversed_by: int | None) -> InvalidInputError | None:
    """Each entry is reversed at most once and a reversal never: the history adds up. A
    bonus goes with its top-up, never alone."""
    params: dict[str, object] = {"id": original.id}
    if original.kind is EntryKind.REVERSAL:
        return InvalidInputError(IS_REVERSAL, field="entry_id", params=params)
    if reversed_by is not None:
        return InvalidInputError(
            ALREADY_REVERSED, field="entry_id", params=params | {"by": reversed_by}
        )
    if original.kind is EntryKind.BONUS:
        return InvalidInputError(
            IS_BONUS, field="entry_id", params=params | {"pair": original.pair_id}
        )
    return None


def reversal(original: LedgerEntry, at: datetime, by: str, reason: str) -> NewEntry:
    if original.customer_id is None:
        raise ValueError("an erased customer's entries are closed")
    return NewEntry(
        original.ledger,
        original.customer_id,
        original.store,
        EntryKind.REVERSAL,
        -original.amount,
        at,
        by,
        reason=reason,
        reverses_id=original.id,
    )


Account = tuple[str, str]  # (ledger, holder): the customer id, or the pseudonym after erasure


def mismatches(kept: Mapping[Account, int], summed: Mapping[Account, int]) -> list[Account]:
    """Each account whose kept balance differs from its entries' sum (a missing side is 0),
    or whose kept balance is negative."""
    accounts = set(kept) | set(summed)
    return sorted(a for a in accounts if kept.get(a, 0) != summed.get(a, 0) or kept.get(a, 0) < 0)


def closing_entry(
    ledger: Ledger, customer_id: str, store: str, balance: int, at: datetime, by: str
) -> NewEntry:
    """What is left when an account closes: money refunded, points expired, in the record."""
    kind = EntryKind.REFUND if ledger is Ledger.WALLET else EntryKind.EXPIRE
    return NewEntry(ledger, customer_id, store, kind, -balance, at, by, reason=CLOSING)
