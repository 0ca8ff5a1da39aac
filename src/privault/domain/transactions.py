"""Visits and purchases: what a transaction may say, and amounts as exact cents."""

from __future__ import annotations

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


CURRENCY = "CNY"
MAX_CENTS = 999_999_999  # 9,999,999.99: far above any single sale, and fits an int32
MAX_ITEM = 200
MAX_STORE = 64


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


def parse_kind(raw: str) -> TransactionKind:
    try:
        return TransactionKind(raw.strip().lower().replace("-", "_"))
    except ValueError:
        choices = ", ".join(k.value for k in TransactionKind)
        raise InvalidInputError(
            "unknown kind; use one of {choices}", field="kind", params={"choices": choices}
        ) from None


def parse_amount(raw: str | None, kind: TransactionKind) -> int | None:
    """An amount in yuan with at most two decimals, as cents; only a visit may go without."""
    if raw is None or not raw.strip():
        if kind is TransactionKind.VISIT:
            return None
        raise InvalidInputError(
            "a {kind} needs an amount such as 128.00", field="amount", params={"kind": kind.value}
        )
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidInputError("write the amount as a number such as 128.00", field="amount")
    if value < 0:
        raise InvalidInputError("must not be negative; record a refund instead", field="amount")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise InvalidInputError("at most two decimals (fen)", field="amount")
    cents = int(value * 100)
    if cents > MAX_CENTS:
        raise InvalidInputError(
            "at most {limit}", field="amount", params={"limit": format_cents(MAX_CENTS)}
        )
    return cents


def format_cents(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


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
