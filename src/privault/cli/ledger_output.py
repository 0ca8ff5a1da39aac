"""What the points and wallet commands share: the balance, history and reverse commands, and
how entries and accounts are shown: points as whole numbers, stored value in yuan with two
decimals (JSON too: never a float)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, plain, table
from privault.domain.ledger import Ledger, LedgerEntry
from privault.domain.transactions import format_cents
from privault.services.ledgers import accounts
from privault.services.ledgers.accounts import Account

Customer = Annotated[str, typer.Argument(help="The customer id.")]


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


def account_commands(app: typer.Typer, ledger: Ledger) -> None:
    """`balance`, `history` and `reverse` of one ledger."""

    @app.command("balance")
    def balance(customer: Customer, as_json: Json = False) -> None:
        """What is held now (the read is audited)."""
        with context.vault() as vault:
            held = accounts.show_account(vault, context.actor(), ledger, customer, per_page=1)
        show_account(held, as_json, history=False)

    @app.command("history")
    def history(
        customer: Customer,
        page: Annotated[int, typer.Option(help="Newest first; page 1 is the latest.")] = 1,
        as_json: Json = False,
    ) -> None:
        with context.vault() as vault:
            held = accounts.show_account(vault, context.actor(), ledger, customer, page=page)
        show_account(held, as_json, history=True)

    @app.command("reverse")
    def reverse(
        entry_id: Annotated[int, typer.Argument(help="The entry to reverse.")],
        reason: Annotated[str, typer.Option(help="Why; kept with the reversal.")],
        as_json: Json = False,
    ) -> None:
        """Add an entry negating another (a top-up's bonus with it); the original stays
        (store manager)."""
        with context.vault() as vault:
            done = accounts.reverse_entry(vault, context.actor(), entry_id, reason)
        show_entries(done, as_json)
