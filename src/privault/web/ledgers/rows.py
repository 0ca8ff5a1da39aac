"""An account as the reader reads it: times in the shop's time zone (named), stored value in
the reader's currency format, points as whole numbers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from privault.domain.ledger import Ledger, LedgerEntry
from privault.domain.transactions import format_cents
from privault.services.ledgers.accounts import Account
from privault.web.customers.visit_rows import money


@dataclass(frozen=True)
class EntryRow:
    entry: LedgerEntry
    at: str
    amount: str


@dataclass(frozen=True)
class AccountView:
    ledger: str
    balance: str
    total: int
    zone: str
    rows: list[EntryRow]


def amount(ledger: Ledger, value: int, lang: str) -> str:
    if ledger is Ledger.WALLET:
        return money(format_cents(value), "CNY", lang)
    return f"{Decimal(value):,}"


def view(account: Account, lang: str) -> AccountView:
    zone = ZoneInfo(account.zone)
    rows = [
        EntryRow(
            e, e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), amount(e.ledger, e.amount, lang)
        )
        for e in account.entries
    ]
    balance = amount(account.ledger, account.balance, lang)
    return AccountView(account.ledger.value, balance, account.total, account.zone, rows)
