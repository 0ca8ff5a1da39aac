"""Visits and purchases: recorded at the counter, kept for accounting, listed per customer."""

from __future__ import annotations

from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.transactions import (
    CURRENCY,
    Transaction,
    parse_amount,
    parse_item,
    parse_kind,
    parse_store,
)
from privault.services.customers.records import existing_customer
from privault.services.use_case import use_case
from privault.services.vault import Vault


def record_transaction(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    kind: str,
    amount: str | None,
    item: str | None = None,
    store: str | None = None,
) -> Transaction:
    """A transaction is activity: it restarts the customer's retention clock."""
    parsed_kind = parse_kind(kind)
    cents = parse_amount(amount, parsed_kind)
    parsed_item, parsed_store = parse_item(item), parse_store(store)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.TRANSACTION_RECORD, customer_id=customer_id, store=row.store)
        where = parsed_store or row.store
        if where != row.store:
            uc.require(Action.TRANSACTION_RECORD, customer_id=customer_id, store=where)
        currency = None if cents is None else CURRENCY
        new_id = uc.uow.transactions.add(
            customer_id, where, parsed_kind, cents, currency, parsed_item, uc.now, actor.name
        )
        uc.uow.transactions.touch_activity(customer_id, uc.now)
        reason = f"{parsed_kind.value} {new_id} recorded"
        uc.record(Action.TRANSACTION_RECORD, customer_id=customer_id, reason=reason)
        recorded = uc.uow.transactions.get(new_id)
        uc.commit()
    if recorded is None:  # pragma: no cover -- just written in this transaction
        raise NotFoundError("no transaction {id}", params={"id": new_id})
    return recorded


def list_transactions(vault: Vault, actor: Actor, customer_id: str) -> list[Transaction]:
    """Reading a customer's transactions is a masked view of the customer."""
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.VIEW_MASKED, customer_id=customer_id, store=row.store)
        found = uc.uow.transactions.for_customer(customer_id)
        reason = f"transactions listed ({len(found)})"
        uc.record(Action.VIEW_MASKED, customer_id=customer_id, reason=reason)
        uc.commit()
        return found
