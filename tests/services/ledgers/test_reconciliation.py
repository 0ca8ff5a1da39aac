"""The daily reconciliation: a kept balance edited by hand is found and alerted, once a day,
without an amount in the alert."""

from __future__ import annotations

from sqlalchemy import update

from privault.db.tables import ledger_balances
from privault.domain.policy import Actor
from privault.services.audit.alerts import list_alerts
from privault.services.customers.transactions import record_transaction
from privault.services.jobs.catalog import job_named
from privault.services.ledgers.reconciliation import reconcile_ledgers
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from privault.services.wallet.movements import top_up
from tests.factories import register

DESK = Actor("desk.one", frozenset({"front_desk"}))


def test_reconciliation_finds_a_tampered_kept_balance_and_alerts_once(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    top_up(vault, DESK, customer_id, "100")
    record_transaction(vault, DESK, customer_id, "purchase", "20")
    assert reconcile_ledgers(vault, SYSTEM) == {"accounts": 2, "mismatched": 0, "alerts_raised": 0}

    with vault.database.data_engine.begin() as c:  # someone edits the kept balance by hand
        b = ledger_balances.c
        c.execute(update(ledger_balances).where(b.ledger == "wallet").values(balance=999_999))

    assert reconcile_ledgers(vault, SYSTEM) == {"accounts": 2, "mismatched": 1, "alerts_raised": 1}
    assert reconcile_ledgers(vault, SYSTEM)["alerts_raised"] == 0
    alert = next(a for a in list_alerts(vault, operator) if a.kind == "ledger_mismatch")
    assert customer_id in alert.detail
    # the amount appears nowhere once the account's id (random hex, may hold "999") is taken out
    assert "999" not in alert.detail.replace(customer_id, "")
    assert job_named("ledger-reconciliation") is not None
    assert job_named("points-expiry") is not None
