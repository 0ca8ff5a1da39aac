"""What went to partners: the disclosures, newest first, with their customers by id."""

from __future__ import annotations

from privault.db.partners import DisclosureRow
from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.use_case import use_case
from privault.services.vault import Vault


def list_disclosures(vault: Vault, actor: Actor, *, limit: int = 200) -> list[DisclosureRow]:
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        return uc.uow.partners.disclosures(limit)


def disclosure_customers(vault: Vault, actor: Actor, disclosure_id: str) -> list[str]:
    """The customers of one disclosure, by id: a read of who received what, so audited."""
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        row = uc.uow.partners.disclosure(disclosure_id.strip())
        if row is None:
            raise NotFoundError("no disclosure {id}", params={"id": disclosure_id.strip()})
        ids = uc.uow.partners.customers_of(row.id)
        uc.record(Action.PARTNERS_READ, reason=f"customers of disclosure {row.id}")
        uc.commit()
    return ids
