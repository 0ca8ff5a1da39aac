"""What went to partners: the disclosures, newest first, with their customers by id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from privault.db.partners import DisclosureRow
from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class DisclosureList:
    disclosures: list[DisclosureRow]
    partners: dict[str, str]  # partner id -> name
    zone: str  # the shop's time zone, for showing when each was made


def list_disclosures(vault: Vault, actor: Actor, *, limit: int = 200) -> DisclosureList:
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        names = {p.id: p.name for p in uc.uow.partners.partners()}
        zone = uc.vault.opening_hours(uc.uow).zone
        return DisclosureList(uc.uow.partners.disclosures(limit), names, zone)


def shop_time(at: datetime, zone: str) -> str:
    return f"{at.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M} {zone}"


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
