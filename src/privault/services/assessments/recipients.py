"""Whom each purpose's data goes to, for the records of processing: the partners of the
agreements in force today (name, role, country, the route of a transfer abroad), read inside the
caller's use case; a purpose the catalog says shares with a named third party counts until an
agreement is recorded for it. The purposes shipped unused name no one until an agreement does."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from privault.domain.assessments import ACTIVATED_BY_SHOP
from privault.domain.assessments_ropa import Recipient
from privault.domain.partners import AgreementStatus
from privault.services.use_case import UseCase


def recipients_by_purpose(uc: UseCase) -> dict[str, list[Recipient]]:
    """Purpose -> its recipients, one per partner however many agreements it holds."""
    found = _from_agreements(uc)
    for p in uc.catalog.purposes.values():
        if p.shares_with and p.key not in found and p.key not in ACTIVATED_BY_SHOP:
            found[p.key] = [Recipient(p.shares_with)]
    return found


def _from_agreements(uc: UseCase) -> dict[str, list[Recipient]]:
    today = uc.now.astimezone(ZoneInfo(uc.vault.opening_hours(uc.uow).zone)).date()
    partners = {p.id: p for p in uc.uow.partners.partners()}
    found: dict[str, dict[str, Recipient]] = {}
    for a in uc.uow.partners.agreements():
        partner = partners.get(a.partner_id)
        if partner is None or a.status(today) is not AgreementStatus.ACTIVE:
            continue
        route = a.terms.route.value if a.terms.route else ""
        one = Recipient(partner.name, partner.country, partner.role.value, route)
        found.setdefault(a.terms.purpose, {}).setdefault(partner.id, one)
    return {
        purpose: sorted(by_partner.values(), key=lambda r: (r.name, r.country, r.role))
        for purpose, by_partner in found.items()
    }
