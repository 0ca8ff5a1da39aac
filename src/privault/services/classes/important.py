"""Important guests (重要来宾): marked by hand with a reason, which puts them in class A from
the next computation; marking and unmarking are audited with the reason."""

from __future__ import annotations

from privault.db.classes import ImportantGuest
from privault.domain.classes import parse_important_reason
from privault.domain.policy import Action, Actor
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


def mark_important_guest(
    vault: Vault, actor: Actor, customer_id: str, reason: str | None
) -> ImportantGuest:
    """A second mark replaces the first's reason."""
    why = parse_important_reason(reason)
    with use_case(vault, actor) as uc:
        _require(uc, customer_id)
        guest = ImportantGuest(customer_id, why, actor.name, uc.now)
        uc.uow.classes.mark_important(guest)
        uc.record(Action.IMPORTANT_GUEST_MARK, customer_id=customer_id, reason=f"marked: {why}")
        uc.commit()
    return guest


def unmark_important_guest(
    vault: Vault, actor: Actor, customer_id: str, reason: str | None
) -> bool:
    """True when the customer was marked."""
    why = parse_important_reason(reason)
    with use_case(vault, actor) as uc:
        _require(uc, customer_id)
        was = uc.uow.classes.unmark_important(customer_id)
        uc.record(Action.IMPORTANT_GUEST_MARK, customer_id=customer_id, reason=f"unmarked: {why}")
        uc.commit()
    return was


def _require(uc: UseCase, customer_id: str) -> None:
    row = existing_customer(uc.uow, customer_id)
    uc.require(
        Action.IMPORTANT_GUEST_MARK,
        customer_id=customer_id,
        store=row.store,
        customer_status=row.status,
    )
