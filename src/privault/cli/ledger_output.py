"""How the points and wallet commands show entries and accounts: points as whole numbers,
stored value in yuan with two decimals (JSON too: never a float)."""

from __future__ import annotations

from typing import Any

from privault.cli.output import console, emit_json, plain, table
from privault.domain.ledger import Ledger, LedgerEntry
from privault.domain.transactions import format_cents
from privault.services.ledgers.accounts import Account


def amount_text(ledger: Ledger, amount: int) -> str | int:
    return format_cents(amount) if ledger is Ledger.WALLET else amount


def entry_data(entry: LedgerEntry) -> dict[str, Any]:
    data: dict[str, Any] = plain(entry)
    data["amount"] = amount_text(entry.ledger, entry.amount)
    return data


def show_entries(entries: list[LedgerEntry], as_json: bool) -> None:
    if as_json:
        emit_json([entry_data(e) for e in entries])
        return
    for e in entries:
        console.print(
            f"{e.ledger.value} {e.kind.value} entry {e.id}: {amount_text(e.ledger, e.amount)}"
        )


def show_account(account: Account, as_json: bool, *, history: bool) -> None:
    balance = amount_text(account.ledger, account.balance)
    if as_json:
        data: dict[str, Any] = {
            "customer_id": account.customer_id,
            "ledger": account.ledger.value,
            "balance": balance,
        }
        if history:
            data |= {"total": account.total, "zone": account.zone}
            data["entries"] = [entry_data(e) for e in account.entries]
        emit_json(data)
        return
    console.print(f"{account.ledger.value} balance: {balance}")
    if history:
        rows = [
            (
                e.id,
                e.at,
                e.kind.value,
                amount_text(e.ledger, e.amount),
                e.reverses_id or "",
                e.reason or "",
            )
            for e in account.entries
        ]
        title = f"{account.ledger.value} entries, newest first ({account.total})"
        table(title, ["#", "at", "kind", "amount", "reverses", "reason"], rows)
