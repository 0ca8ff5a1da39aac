"""Contact data confirmed with the customer at the desk, a profile's contact state, and the list
of customers whose contact data is stale (issue 17): masked identities, since when, the oldest
first; no value opened beyond the masked identity."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from privault.domain.contact_freshness import ConfirmedBy, contact_fields, days_since, stale_before
from privault.domain.policy import Action, Actor, store_scope
from privault.services.customers.contact import (
    ContactState,
    contact_state,
    fresh_days,
    mark_confirmed,
)
from privault.services.customers.records import existing_customer, masked_identities
from privault.services.use_case import Entry, use_case
from privault.services.vault import Vault

LIST_LIMIT = 200


def confirm_contact(vault: Vault, actor: Actor, customer_id: str) -> ContactState:
    """The desk asked the customer and the contact data on record is right."""
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(
            Action.CONTACT_CONFIRM, customer_id=row.id, store=row.store, customer_status=row.status
        )
        mark_confirmed(uc, [row.id], ConfirmedBy.CUSTOMER)
        uc.record(
            Action.CONTACT_CONFIRM,
            customer_id=row.id,
            fields=sorted(contact_fields(uc.catalog)),
            reason="contact data confirmed with the customer",
        )
        state = contact_state(uc, row.id)
        uc.commit()
        return state


def get_contact_state(vault: Vault, actor: Actor, customer_id: str) -> ContactState:
    """For the profile, which records its own view; only a refusal is recorded here."""
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(
            Action.VIEW_MASKED, customer_id=row.id, store=row.store, customer_status=row.status
        )
        return contact_state(uc, row.id)


@dataclass(frozen=True)
class StaleContact:
    customer_id: str
    store: str
    identity: dict[str, str]  # masked, as far as the reader's roles reach
    confirmed_at: datetime
    days_since: int
    how: str | None  # registration, update, customer; None: never since it was stored


@dataclass(frozen=True)
class StaleContactReport:
    fresh_days: int
    total: int  # every stale customer in the reader's stores; `rows` holds the oldest
    rows: list[StaleContact]


def list_stale_contacts(
    vault: Vault, actor: Actor, *, limit: int = LIST_LIMIT
) -> StaleContactReport:
    """Each customer listed is audited with the identity fields shown."""
    with use_case(vault, actor) as uc:
        uc.require(Action.CONTACT_STALE_READ)
        stores = store_scope(actor, uc.roles, Action.CONTACT_STALE_READ)
        days = fresh_days(uc)
        before = stale_before(uc.now, days)
        found = uc.uow.contact_confirmations.stale(before, stores, limit=max(1, limit))
        total = len(found)
        if total >= limit:
            total = uc.uow.contact_confirmations.count_stale(before, stores)
        names = masked_identities(uc, [s.customer_id for s in found])
        reason = f"stale contact data listed ({total} customers, fresh for {days} days)"
        uc.record_all(
            [Entry(Action.CONTACT_STALE_READ, reason=reason)]
            + [
                Entry(Action.CONTACT_STALE_READ, c, shown, reason=reason)
                for c, shown in names.items()
            ]
        )
        uc.commit()
    rows = [
        StaleContact(
            s.customer_id,
            s.store,
            names.get(s.customer_id, {}),
            s.confirmed_at,
            days_since(s.confirmed_at, uc.now),
            s.how,
        )
        for s in found
    ]
    return StaleContactReport(days, total, rows)
