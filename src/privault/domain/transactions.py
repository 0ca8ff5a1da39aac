"""Visits and purchases: what a transaction may say, and amounts as exact cents.

A transaction is never edited or deleted: a mistake is corrected by a reversing entry that
names the original and negates its amount (`reversal_refusal` says when one may not be added)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from privault.domain.errors import InvalidInputError


class TransactionKind(StrEnum):
    VISIT = "visit"
    PURCHASE = "purchase"
    REFUND = "refund"
    TOP_UP = "top_up"
    REVERSAL = "reversal"  # added only by reversing another entry, never recorded directly
    # Issue 17 point 7: spend and visits before the move, one summary entry per imported customer
    # (at the last visit the file gives); never typed, never counted as a visit of this shop.
    HISTORY = "history"


CURRENCY = "CNY"
MAX_CENTS = 999_999_999  # 9,999,999.99: far above any single sale, and fits an int32
MAX_ITEM = 200
MAX_STORE = 64
MAX_LINES = 30  # items or services on one bill
MAX_LINE_TEXT = 100
MAX_QUANTITY = 9999
MAX_SERVERS = 5
MAX_REASON = 200


@dataclass(frozen=True)
class ItemInput:
    """One line of a bill as typed: text, and optionally a quantity and the line's amount."""

    text: str
    quantity: str | None = None
    amount: str | None = None


@dataclass(frozen=True)
class Item:
    text: str
    quantity: int | None = None
    amount_cents: int | None = None

    @property
    def amount(self) -> str | None:
        return None if self.amount_cents is None else format_cents(self.amount_cents)


@dataclass(frozen=True)
class Transaction:
    id: int
    customer_id: str | None
    store: str
    kind: TransactionKind
    amount: str | None  # "128.00"; None for a visit with nothing paid
    currency: str | None
    item: str | None
    at: datetime
    recorded_by: str
    served_by: tuple[str, ...] = ()
    items: tuple[Item, ...] = ()
    booking_id: str | None = None
    reverses_id: int | None = None  # a reversal: the entry it corrects
    reason: str | None = None  # a reversal: why
    # A visit recorded for a customer whose contact data is stale: the desk confirms it (issue 17).
    needs_contact_confirmation: bool = False


_NOT_TYPED = (TransactionKind.REVERSAL, TransactionKind.HISTORY)


def parse_kind(raw: str) -> TransactionKind:
    """A reversal is never typed: only reversing an entry adds one."""
    try:
        kind = TransactionKind(raw.strip().lower().replace("-", "_"))
    except ValueError:
        kind = TransactionKind.REVERSAL
    if kind in _NOT_TYPED:
        choices = ", ".join(k.value for k in TransactionKind if k not in _NOT_TYPED)
        raise InvalidInputError(
            "unknown kind; use one of {choices}", field="kind", params={"choices": choices}
        ) from None
    return kind


def parse_amount(raw: str | None, kind: TransactionKind) -> int | None:
    """An amount in yuan with at most two decimals, as cents; only a visit may go without."""
    if raw is None or not raw.strip():
        if kind is TransactionKind.VISIT:
            return None
        raise InvalidInputError(
            "a {kind} needs an amount such as 128.00", field="amount", params={"kind": kind.value}
        )
    return parse_cents(raw, "amount")


def parse_cents(raw: str, field: str) -> int:
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidInputError("write the amount as a number such as 128.00", field=field)
    if value < 0:
        raise InvalidInputError("must not be negative; record a refund instead", field=field)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidInputError("at most two decimals (fen)", field=field)
    cents = int(value * 100)
    if cents > MAX_CENTS:
        raise InvalidInputError(
            "at most {limit}", field=field, params={"limit": format_cents(MAX_CENTS)}
        )
    return cents


def format_cents(cents: int) -> str:
    """A reversal's amount is negative: the sign goes before the yuan, not into the division."""
    sign = "-" if cents < 0 else ""
    whole, fen = divmod(abs(cents), 100)
    return f"{sign}{whole}.{fen:02d}"


def parse_item(raw: str | None) -> str | None:
    return short_text(raw, "item", MAX_ITEM)


def parse_store(raw: str | None) -> str | None:
    return short_text(raw, "store", MAX_STORE)


def short_text(raw: str | None, field: str, limit: int) -> str | None:
    if raw is None or not raw.strip():
        return None
    cleaned = " ".join(raw.split())
    if not cleaned.isprintable():
        raise InvalidInputError("must not contain control characters", field=field)
    if len(cleaned) > limit:
        raise InvalidInputError("at most {limit} characters", field=field, params={"limit": limit})
    return cleaned


def split_item_line(line: str) -> ItemInput:
    """ "洗剪吹 1 88.00": text, then a quantity and the line's amount; one trailing number is the
    amount ("洗剪吹 88.00"), so a quantity is only read beside an amount."""
    words = line.split()
    numbers: list[str] = []
    while words[1:] and len(numbers) < 2 and _is_number(words[-1]):
        numbers.insert(0, words.pop())
    amount = numbers[-1] if numbers else None
    quantity = numbers[0] if len(numbers) == 2 else None
    return ItemInput(" ".join(words), quantity, amount)


def _is_number(word: str) -> bool:
    try:
        return Decimal(word).is_finite()
    except InvalidOperation:
        return False


def parse_items(lines: Sequence[ItemInput]) -> tuple[Item, ...]:
    """Each line names its number when refused, so the person knows which one to fix."""
    kept = [line for line in lines if line.text.strip() or line.quantity or line.amount]
    if len(kept) > MAX_LINES:
        raise InvalidInputError(
            "at most {limit} lines on one bill", field="items", params={"limit": MAX_LINES}
        )
    return tuple(_item(number, line) for number, line in enumerate(kept, 1))


def _item(number: int, line: ItemInput) -> Item:
    try:
        text = short_text(line.text, "items", MAX_LINE_TEXT)
        if text is None:
            raise InvalidInputError("say what was sold or served", field="items")
        amount = parse_cents(line.amount, "items") if line.amount and line.amount.strip() else None
        return Item(text, _quantity(line.quantity), amount)
    except InvalidInputError as error:
        raise InvalidInputError(
            "line {line}: " + error.template, field="items", params={**error.params, "line": number}
        ) from None


def _quantity(raw: str | None) -> int | None:
    if raw is None or not raw.strip():
        return None
    cleaned = raw.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 0 < int(cleaned) <= MAX_QUANTITY:
        raise InvalidInputError(
            "the quantity is a whole number from 1 to {limit}",
            field="items",
            params={"limit": MAX_QUANTITY},
        )
    return int(cleaned)


def items_total(items: Sequence[Item]) -> str | None:
    """The bill's amount when none is typed: the sum of its lines' amounts, if any has one."""
    amounts = [i.amount_cents for i in items if i.amount_cents is not None]
    return format_cents(sum(amounts)) if amounts else None


def parse_served_by(names: Sequence[str]) -> tuple[str, ...]:
    """Staff account names, each once, in the order given; which exist is the service's check."""
    cleaned = list(dict.fromkeys(w for n in names for w in n.replace(",", " ").split()))
    if len(cleaned) > MAX_SERVERS:
        raise InvalidInputError(
            "name at most {limit} staff who served",
            field="served_by",
            params={"limit": MAX_SERVERS},
        )
    for name in cleaned:
        short_text(name, "served_by", MAX_STORE)
    return tuple(cleaned)


def parse_booking_id(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        raise InvalidInputError(
            "give the booking's id, a UUID such as 3f2b9c1e-…", field="booking_id"
        ) from None


def parse_reason(raw: str | None) -> str:
    reason = short_text(raw, "reason", MAX_REASON)
    if reason is None:
        raise InvalidInputError("say why the entry is reversed", field="reason")
    return reason


ALREADY_REVERSED = "entry {id} was already reversed by entry {by}; it cannot be reversed again"
IS_REVERSAL = "entry {id} is itself a reversal; record the transaction again instead"


def reversal_refusal(original: Transaction, reversed_by: int | None) -> InvalidInputError | None:
    """Each entry is reversed at most once, and a reversal is never reversed: the history
    then always adds up to what really happened."""
    if original.kind is TransactionKind.REVERSAL:
        return InvalidInputError(IS_REVERSAL, field="transaction_id", params={"id": original.id})
    if reversed_by is not None:
        return InvalidInputError(
            ALREADY_REVERSED, field="transaction_id", params={"id": original.id, "by": reversed_by}
        )
    return None


def negated(cents: int | None) -> int | None:
    return None if cents is None else -cents


@dataclass(frozen=True)
class Bill:
    """A check-out as parsed: what kind, how much in cents, what was sold, who served."""

    kind: TransactionKind
    cents: int | None
    item: str | None
    items: tuple[Item, ...]
    store: str | None
    served_by: tuple[str, ...]
    booking_id: str | None


def parse_bill(
    kind: str | None,
    amount: str | None,
    *,
    item: str | None = None,
    store: str | None = None,
    items: Sequence[ItemInput] = (),
    served_by: Sequence[str] = (),
    booking_id: str | None = None,
) -> Bill:
    """Without an amount the lines' amounts add up to it; without a kind, a bill with an
    amount is a purchase and one without is a visit."""
    lines = parse_items(items)
    amount = amount if amount and amount.strip() else items_total(lines)
    parsed_kind = parse_kind(kind) if kind and kind.strip() else _kind_of(amount)
    return Bill(
        parsed_kind,
        parse_amount(amount, parsed_kind),
        parse_item(item),
        lines,
        parse_store(store),
        parse_served_by(served_by),
        parse_booking_id(booking_id),
    )


def _kind_of(amount: str | None) -> TransactionKind:
    return TransactionKind.PURCHASE if amount else TransactionKind.VISIT


def cents_of(amount: str | None) -> int | None:
    """The cents of an amount this module formatted ("-128.50")."""
    return None if amount is None else int(Decimal(amount) * 100)
