"""The daily watch over agreements: one ending within the notice period alerts the privacy
officer; one ended without the partner's deletion certificate escalates after a grace period, as
does a partner's deletion notice after an erasure left unconfirmed."""

from __future__ import annotations

from datetime import date, timedelta

from privault.domain.partners import (
    CERTIFICATE_GRACE_DAYS,
    EXPIRY_NOTICE_DAYS,
    Agreement,
    AgreementStatus,
)
from privault.domain.partners_alerts import agreement_expiring, certificate_missing
from privault.domain.policy import Action, Actor
from privault.services.partners.deletions import alert_unconfirmed
from privault.services.partners.registry import shop_today
from privault.services.use_case import use_case
from privault.services.vault import Vault


def watch_agreements(vault: Vault, actor: Actor) -> dict[str, int]:
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        today = shop_today(uc)
        expiring = missing = 0
        for agreement in uc.uow.partners.agreements():
            status = agreement.status(today)
            if status is AgreementStatus.ACTIVE and _ends_soon(agreement, today):
                expiring += uc.alert(agreement_expiring(agreement.id, agreement.terms.expires_on))
            ended = _ended_on(agreement, status)
            if ended is not None and _certificate_overdue(agreement, ended, today):
                missing += uc.alert(certificate_missing(agreement.id, ended))
        unconfirmed = alert_unconfirmed(uc)
        uc.commit()
    return {"expiring": expiring, "certificates_missing": missing, "deletions": unconfirmed}


def _ends_soon(agreement: Agreement, today: date) -> bool:
    return agreement.terms.expires_on - timedelta(days=EXPIRY_NOTICE_DAYS) <= today


def _ended_on(agreement: Agreement, status: AgreementStatus) -> date | None:
    if status is AgreementStatus.TERMINATED:
        return agreement.terminated_on
    if status is AgreementStatus.EXPIRED:
        return agreement.terms.expires_on + timedelta(days=1)
    return None


def _certificate_overdue(agreement: Agreement, ended: date, today: date) -> bool:
    """Only where the agreement asks the partner to delete on termination."""
    if not agreement.terms.deletes_on_termination or agreement.certificate_ref:
        return False
    return ended + timedelta(days=CERTIFICATE_GRACE_DAYS) <= today
