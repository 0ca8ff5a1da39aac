"""Partners asked to delete an erased customer's copy (the erasure writes the notices): each
partner's pending list, the officer recording a partner's confirmation, and the notices still
unconfirmed after the grace period that the daily watch alerts on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.partners import DELETION_CONFIRM_DAYS, DeletionNotice, Partner, text
from privault.domain.partners_alerts import deletion_unconfirmed
from privault.domain.policy import Action, Actor
from privault.services.partners.registry import AgreementView, existing_partner, shop_today
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

CONFIRMED = "deletion notice {id} was confirmed on {on} already"


@dataclass(frozen=True)
class PartnerView:
    """One partner's page: its agreements and the deletion notices sent it."""

    partner: Partner
    agreements: list[AgreementView]
    pending: list[DeletionNotice]
    confirmed: list[DeletionNotice]
    zone: str


def view_partner(vault: Vault, actor: Actor, partner_id: str) -> PartnerView:
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        partner = existing_partner(uc, partner_id)
        today = shop_today(uc)
        agreements = [
            AgreementView(a, partner, a.status(today))
            for a in uc.uow.partners.agreements(partner.id)
        ]
        notices = uc.uow.partner_deletions.of_partner(partner.id)
        return PartnerView(
            partner,
            agreements,
            [n for n in notices if n.is_pending],
            [n for n in notices if not n.is_pending],
            uc.vault.opening_hours(uc.uow).zone,
        )


def list_deletion_notices(
    vault: Vault, actor: Actor, partner_id: str, *, pending_only: bool = False
) -> list[DeletionNotice]:
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        partner = existing_partner(uc, partner_id)
        return uc.uow.partner_deletions.of_partner(partner.id, pending_only=pending_only)


def confirm_partner_deletion(
    vault: Vault, actor: Actor, notice_id: str, reference: str
) -> DeletionNotice:
    """The partner's word that it deleted the copy (its letter, mail or ticket reference)."""
    ref = text(reference, "reference")
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_MANAGE)
        notice = uc.uow.partner_deletions.notice(notice_id.strip())
        if notice is None:
            raise NotFoundError("no deletion notice {id}", params={"id": notice_id.strip()})
        if not notice.is_pending:
            on = notice.confirmed_at.date() if notice.confirmed_at else ""
            error = InvalidInputError(CONFIRMED, field="notice", params={"id": notice.id, "on": on})
            uc.refuse(Action.PARTNERS_MANAGE, error, customer_id=notice.customer_id)
        uc.uow.partner_deletions.confirm(notice.id, uc.now, uc.actor.name, ref)
        why = f"deletion notice {notice.id} confirmed by the partner: {ref}"
        uc.record(Action.PARTNERS_MANAGE, customer_id=notice.customer_id, reason=why)
        uc.commit()
        return uc.uow.partner_deletions.notice(notice.id) or notice


def alert_unconfirmed(uc: UseCase) -> int:
    """Inside the daily watch: one alert per notice unconfirmed after the grace period."""
    zone = ZoneInfo(uc.vault.opening_hours(uc.uow).zone)
    late = uc.uow.partner_deletions.pending_since(uc.now - timedelta(days=DELETION_CONFIRM_DAYS))
    return sum(
        uc.alert(deletion_unconfirmed(n.id, n.partner_id, n.sent_at.astimezone(zone).date()))
        for n in late
    )
