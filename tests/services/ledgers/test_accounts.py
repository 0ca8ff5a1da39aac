"""What both ledgers share: reversal by a new entry, and accounts that close at erasure and
survive it under a pseudonym."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from privault.db.tables import ledger_balances, ledger_entries, transactions
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.ledger import CLOSING, EntryKind, Ledger
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.customers.transactions import record_transaction
from privault.services.ledgers.accounts import reverse_entry, show_account
from privault.services.ledgers.reconciliation import reconcile_ledgers
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from privault.services.wallet.movements import spend, top_up
from privault.services.wallet.rules import set_bonus_tiers
from tests.factories import register

DESK = Actor("desk.one", frozenset({"front_desk"}))


def test_reversing_a_top_up_reverses_its_bonus_and_only_once(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    set_bonus_tiers(vault, operator, ["100:10"])
    paid, bonus = top_up(vault, DESK, customer_id, "100")

    with pytest.raises(InvalidInputError, match=f"top-up's bonus; reverse the top-up {paid.id}"):
        reverse_entry(vault, operator, bonus.id, "keyed twice")
    undone = reverse_entry(vault, operator, paid.id, "keyed twice")
    with pytest.raises(InvalidInputError, match="already reversed"):
        reverse_entry(vault, operator, paid.id, "keyed twice")
    with pytest.raises(NotFoundError, match="no entry"):
        reverse_entry(vault, operator, undone[0].id, "x", customer_id=register(vault, operator))

    assert [(e.kind, e.amount, e.reverses_id) for e in undone] == [
        (EntryKind.REVERSAL, -10_000, paid.id),
        (EntryKind.REVERSAL, -1_000, bonus.id),
    ]
    assert show_account(vault, DESK, Ledger.WALLET, customer_id).balance == 0


def test_a_reversal_that_would_overdraw_is_refused(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    paid = top_up(vault, DESK, customer_id, "100")[0]
    spend(vault, DESK, customer_id, "60")

    with pytest.raises(InvalidInputError, match="stored-value balance is too low"):
        reverse_entry(vault, operator, paid.id, "keyed twice")
    assert show_account(vault, DESK, Ledger.WALLET, customer_id).balance == 4_000


@pytest.mark.legal("GB/T 35273-2020 §8.5", "PIPL Art. 47")
def test_closing_an_account_refunds_the_balance_and_keeps_the_ledgers_pseudonymised(
    vault: Vault, operator: Actor
) -> None:
    gone, kept = register(vault, operator), register(vault, operator)
    top_up(vault, DESK, gone, "100")
    spend(vault, DESK, gone, "30")
    record_transaction(vault, DESK, gone, "purchase", "25")
    top_up(vault, DESK, kept, "10")

    erase_customer(vault, operator, gone, reason="customer closed the account")

    # Read from the store: no service shows an erased customer's entries.
    with vault.database.data_engine.connect() as c:
        e = ledger_entries.c
        rows = c.execute(
            select(e.customer_id, e.pseudonym, e.ledger, e.kind, e.amount, e.reason).order_by(e.id)
        ).all()
        balances = c.execute(select(ledger_balances.c.customer_id, ledger_balances.c.balance)).all()
        sale = c.execute(select(transactions.c.pseudonym)).scalar_one()
    mine = [r for r in rows if r.customer_id is None]
    assert [(r.ledger, r.kind, r.amount) for r in mine] == [
        ("wallet", "top_up", 10_000),
        ("wallet", "spend", -3_000),
        ("points", "earn", 25),
        ("points", "expire", -25),
        ("wallet", "refund", -7_000),
    ]
    assert {r.pseudonym for r in mine} == {sale}
    assert all(r.reason == CLOSING for r in mine if r.kind in ("refund", "expire"))
    assert sorted((c or "", b) for c, b in balances) == sorted([("", 0), ("", 0), (kept, 1_000)])
    assert reconcile_ledgers(vault, SYSTEM)["mismatched"] == 0
    events = list_audit_events(vault, operator, customer_id=gone)
    assert any(
        ev.action == Action.WALLET_MOVE and (ev.reason or "").endswith(CLOSING) for ev in events
    )
