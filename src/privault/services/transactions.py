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
from privault.services import auditing
from privault.services.customers import existing_customer
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
    with vault.unit_of_work() as uow:
        row = existing_customer(uow, customer_id)
        auditing.require(
            vault, uow, actor, Action.TRANSACTION_RECORD, customer_id=customer_id, store=row.store
        )
        where = parsed_store or row.store
        if where != row.store:
            auditing.require(
                vault, uow, actor, Action.TRANSACTION_RECORD, customer_id=customer_id, store=where
            )
        now = vault.clock()
        currency = None if cents is None else CURRENCY
        new_id = uow.transactions.add(
            customer_id, where, parsed_kind, cents, currency, parsed_item, now, actor.name
        )
        uow.transactions.touch_activity(customer_id, now)
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.TRANSACTION_RECORD,
                    customer_id=customer_id,
                    reason=f"{parsed_kind.value} {new_id} recorded",
                )
            ]
        )
        recorded = uow.transactions.get(new_id)
        uow.commit()
    if recorded is None:  # pragma: no cover -- just written in this transaction
        raise NotFoundError("no transaction {id}", params={"id": new_id})
    return recorded


def list_transactions(vault: Vault, actor: Actor, customer_id: str) -> list[Transaction]:
    """Reading a customer's transactions is a masked view of the customer."""
    with vault.unit_of_work() as uow:
        row = existing_customer(uow, customer_id)
        auditing.require(
            vault, uow, actor, Action.VIEW_MASKED, customer_id=customer_id, store=row.store
        )
        found = uow.transactions.for_customer(customer_id)
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.VIEW_MASKED,
                    customer_id=customer_id,
                    reason=f"transactions listed ({len(found)})",
                )
            ]
        )
        uow.commit()
        return found
