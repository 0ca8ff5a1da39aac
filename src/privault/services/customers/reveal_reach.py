"""Which of a customer's fields the acting staff member may reveal at all, so a page offers
"reveal" only where the role allows it. Reads the role matrix; records nothing (the reveal
itself is decided, and audited, when asked for)."""

from __future__ import annotations

from privault.domain.policy import Action, Actor, RoleMatrix, Sight, category_sight
from privault.services.customers.records import existing_customer
from privault.services.use_case import use_case
from privault.services.vault import Vault


def revealable_fields(vault: Vault, actor: Actor, customer_id: str) -> frozenset[str]:
    """Fields whose category a role of the actor's may reveal in the customer's store; the
    reveal still needs a purpose the field serves and the customer's basis for it."""
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(
            Action.VIEW_MASKED, customer_id=row.id, store=row.store, customer_status=row.status
        )
        if not _may_reveal(uc.actor, uc.roles):
            return frozenset()
        return frozenset(
            key
            for key, spec in uc.catalog.fields.items()
            if category_sight(uc.actor, uc.roles, spec.category, row.store) is Sight.CLEAR
        )


def _may_reveal(actor: Actor, matrix: RoleMatrix) -> bool:
    return any(Action.REVEAL in matrix[r].actions for r in actor.roles if r in matrix)
