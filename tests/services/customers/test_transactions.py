"""Visits and purchases: recorded in exact cents, scoped to the customer's store, audited,
restarting the retention clock, and kept under a pseudonym after erasure."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from privault.db.inspection import table_counts
from privault.db.tables import customers, transactions
from privault.domain.errors import InvalidInputError, NotFoundError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.domain.transactions import TransactionKind
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.customers.transactions import record_transaction
from privault.services.customers.visit_history import list_visits
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register


def _last_activity(vault: Vault, customer_id: str) -> object:
    # Read from the store: no service shows last_activity_at, the retention clock itself.
    with vault.database.data_engine.connect() as c:
        query = select(customers.c.last_activity_at).where(customers.c.id == customer_id)
        return c.execute(query).scalar_one()


def test_a_purchase_is_recorded_in_cents_listed_and_audited(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = register(vault, operator)
    clock.advance(days=10)

    bought = record_transaction(
        vault, operator, customer_id, "purchase", "128.5", item="烫发 套餐\nA"
    )
    visit = record_transaction(vault, operator, customer_id, "visit", None)

    assert (bought.kind, bought.amount, bought.currency, bought.item) == (
        TransactionKind.PURCHASE,
        "128.50",
        "CNY",
        "烫发 套餐 A",
    )
    assert (bought.store, bought.recorded_by, bought.customer_id) == (
        "main",
        operator.name,
        customer_id,
    )
    assert (visit.amount, visit.currency) == (None, None)
    listed = list_visits(vault, operator, customer_id).visits
    assert [(t.id, t.amount) for t in listed] == [(visit.id, None), (bought.id, "128.50")]
    assert _last_activity(vault, customer_id) == clock.now
    events = list_audit_events(vault, operator, customer_id=customer_id)
    recorded = [e.reason for e in events if e.action == Action.TRANSACTION_RECORD]
    assert recorded == [f"visit {visit.id} recorded", f"purchase {bought.id} recorded"]


@pytest.mark.parametrize(
    ("kind", "amount", "item", "message"),
    [
        ("gift", "1.00", None, "kind: unknown kind"),
        (
            "reversal",
            "1.00",
            None,
            "kind: unknown kind; use one of visit, purchase, refund, top_up",
        ),
        ("purchase", None, None, "amount: a purchase needs an amount"),
        ("refund", "abc", None, "amount: write the amount as a number"),
        ("purchase", "NaN", None, "amount: write the amount as a number"),
        ("purchase", "-1.00", None, "amount: must not be negative"),
        ("purchase", "1.001", None, "amount: at most two decimals"),
        ("top_up", "10000000.00", None, "amount: at most 9999999.99"),
        ("purchase", "1.00", "x" * 201, "item: at most 200 characters"),
        ("purchase", "1.00", "a\x07b", "item: must not contain control characters"),
    ],
)
def test_a_transaction_with_bad_input_is_refused_and_nothing_is_written(
    vault: Vault, operator: Actor, kind: str, amount: str | None, item: str | None, message: str
) -> None:
    customer_id = register(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message):
        record_transaction(vault, operator, customer_id, kind, amount, item=item)
    assert table_counts(vault.database) == before


def test_transactions_stay_in_the_customers_store_and_need_a_known_customer(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    elsewhere = Actor("desk.b", frozenset({"front_desk"}), stores=frozenset({"branch"}))
    desk = Actor("desk", frozenset({"front_desk"}), stores=frozenset({"main"}))
    with pytest.raises(PolicyDeniedError, match=r"store main is outside desk\.b's stores"):
        record_transaction(vault, elsewhere, customer_id, "top-up", "500")
    with pytest.raises(PolicyDeniedError, match="store branch is outside"):
        record_transaction(vault, desk, customer_id, "visit", None, store="branch")
    with pytest.raises(NotFoundError, match="no customer with id nope"):
        record_transaction(vault, operator, "nope", "visit", None)
    assert record_transaction(vault, desk, customer_id, "top-up", "500").amount == "500.00"


def test_erasure_keeps_the_transactions_under_a_pseudonym_with_their_amounts(
    vault: Vault, operator: Actor
) -> None:
    gone = register(vault, operator)
    kept = register(vault, operator)
    for amount in ("128.00", "30.50"):
        record_transaction(vault, operator, gone, "purchase", amount)
    record_transaction(vault, operator, kept, "purchase", "99.00")

    erase_customer(vault, operator, gone, reason="customer asked")

    # Read from the store: no service shows an erased customer's transactions or pseudonyms.
    with vault.database.data_engine.connect() as c:
        t = transactions.c
        query = select(t.customer_id, t.pseudonym, t.amount_cents).order_by(t.id)
        rows = c.execute(query).all()
    assert [(r.customer_id, r.amount_cents) for r in rows] == [
        (None, 12800),
        (None, 3050),
        (kept, 9900),
    ]
    assert rows[0].pseudonym is not None
    assert rows[0].pseudonym == rows[1].pseudonym != gone
    assert rows[2].pseudonym is None
    with pytest.raises(NotFoundError, match="was erased"):
        list_visits(vault, operator, gone)
