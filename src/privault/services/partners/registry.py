"""The privacy officer's register of partners and agreements: add, read, terminate, and the
partner's deletion certificate after termination (PIPL Art. 21; GB/T 35273-2020 9.1)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.partners import (
    CROSS_BORDER_PURPOSE,
    Agreement,
    AgreementStatus,
    AgreementTerms,
    Partner,
    check_terms,
    parse_country,
    parse_role,
    text,
)
from privault.domain.policy import Action, Actor
from privault.services.assessments.coverage import approved_covering
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class PartnerForm:
    name: str
    role: str
    country: str
    contact: str


@dataclass(frozen=True)
class AgreementView:
    agreement: Agreement
    partner: Partner
    status: AgreementStatus


def shop_today(uc: UseCase) -> date:
    return uc.now.astimezone(ZoneInfo(uc.vault.opening_hours(uc.uow).zone)).date()


def add_partner(vault: Vault, actor: Actor, form: PartnerForm) -> Partner:
    partner = Partner(
        str(uuid.uuid4()),
        text(form.name, "name"),
        parse_role(form.role),
        parse_country(form.country),
        text(form.contact, "contact"),
    )
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_MANAGE)
        uc.uow.partners.add_partner(partner, uc.now, actor.name)
        uc.record(
            Action.PARTNERS_MANAGE,
            reason=f"partner {partner.id} added: {partner.role.value}, {partner.country}",
        )
        uc.commit()
    return partner


def list_partners(vault: Vault, actor: Actor) -> list[Partner]:
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        return uc.uow.partners.partners()


def get_partner(vault: Vault, actor: Actor, partner_id: str) -> Partner:
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        return existing_partner(uc, partner_id)


def existing_partner(uc: UseCase, partner_id: str) -> Partner:
    partner = uc.uow.partners.partner(partner_id.strip())
    if partner is None:
        raise NotFoundError("no partner {id}", params={"id": partner_id.strip()})
    return partner


def existing_agreement(uc: UseCase, agreement_id: str, *, lock: bool = False) -> Agreement:
    agreement = uc.uow.partners.agreement(agreement_id.strip(), lock=lock)
    if agreement is None:
        raise NotFoundError("no agreement {id}", params={"id": agreement_id.strip()})
    return agreement


def add_agreement(vault: Vault, actor: Actor, partner_id: str, terms: AgreementTerms) -> Agreement:
    """Kept only when usable as written: catalog purpose and fields, dates in order, separate
    consent for another controller, and abroad Art. 39's consent purpose and an assessment."""
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_MANAGE)
        partner = existing_partner(uc, partner_id)
        cleaned = _cleaned(terms)
        check_terms(cleaned, partner, uc.catalog)
        if partner.is_foreign:
            _require_registered_assessment(uc, partner.name)
        agreement = Agreement(str(uuid.uuid4()), partner.id, cleaned)
        uc.uow.partners.add_agreement(agreement, uc.now, actor.name)
        uc.record(
            Action.PARTNERS_MANAGE,
            fields=cleaned.fields,
            purpose=cleaned.purpose,
            reason=f"agreement {agreement.id} with partner {partner.id} "
            f"from {cleaned.starts_on} to {cleaned.expires_on}",
        )
        uc.commit()
    return agreement


def _require_registered_assessment(uc: UseCase, partner_name: str) -> None:
    """A transfer abroad rests on an impact assessment approved in the register (PIPL Art. 55):
    one for the transfer purpose as a whole, or for this partner by name."""
    if not approved_covering(uc, CROSS_BORDER_PURPOSE, partner_name):
        raise InvalidInputError(
            "no approved impact assessment for {purpose} is in the register; approve one "
            "under Assessments first",
            field="assessment_ref",
            params={"purpose": CROSS_BORDER_PURPOSE},
        )


def _cleaned(terms: AgreementTerms) -> AgreementTerms:
    return AgreementTerms(
        purpose=text(terms.purpose, "purpose"),
        fields=terms.fields,
        scope=text(terms.scope, "scope"),
        confidentiality=text(terms.confidentiality, "confidentiality"),
        security=text(terms.security, "security"),
        starts_on=terms.starts_on,
        expires_on=terms.expires_on,
        deletes_on_termination=terms.deletes_on_termination,
        route=terms.route,
        assessment_ref=text(terms.assessment_ref, "assessment_ref", required=False) or None,
        assessment_approved_on=terms.assessment_approved_on,
    )


def list_agreements(
    vault: Vault, actor: Actor, partner_id: str | None = None
) -> list[AgreementView]:
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        today = shop_today(uc)
        found = {p.id: p for p in uc.uow.partners.partners()}
        return [
            AgreementView(a, found[a.partner_id], a.status(today))
            for a in uc.uow.partners.agreements(partner_id)
        ]


def get_agreement(vault: Vault, actor: Actor, agreement_id: str) -> AgreementView:
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_READ)
        agreement = existing_agreement(uc, agreement_id)
        partner = existing_partner(uc, agreement.partner_id)
        return AgreementView(agreement, partner, agreement.status(shop_today(uc)))


def terminate_agreement(vault: Vault, actor: Actor, agreement_id: str) -> Agreement:
    """From today no data goes out under it; the partner's deletion certificate is then due."""
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_MANAGE)
        agreement = existing_agreement(uc, agreement_id, lock=True)
        if agreement.terminated_on is not None:
            raise InvalidInputError(
                "was terminated on {on} already",
                field="agreement",
                params={"on": agreement.terminated_on},
            )
        today = shop_today(uc)
        uc.uow.partners.terminate(agreement.id, today)
        uc.record(Action.PARTNERS_MANAGE, reason=f"agreement {agreement.id} terminated")
        uc.commit()
    return existing_after(vault, actor, agreement.id)


def record_deletion_certificate(
    vault: Vault, actor: Actor, agreement_id: str, reference: str, received_on: date
) -> Agreement:
    """The partner's proof that it deleted what it received, after the agreement ended."""
    ref = text(reference, "certificate")
    with use_case(vault, actor) as uc:
        uc.require(Action.PARTNERS_MANAGE)
        agreement = existing_agreement(uc, agreement_id, lock=True)
        if agreement.terminated_on is None and agreement.status(shop_today(uc)) is not (
            AgreementStatus.EXPIRED
        ):
            raise InvalidInputError(
                "the agreement is still in force; terminate it first", field="agreement"
            )
        uc.uow.partners.record_certificate(agreement.id, ref, received_on)
        uc.record(
            Action.PARTNERS_MANAGE,
            reason=f"deletion certificate for agreement {agreement.id} received {received_on}",
        )
        uc.commit()
    return existing_after(vault, actor, agreement.id)


def existing_after(vault: Vault, actor: Actor, agreement_id: str) -> Agreement:
    return get_agreement(vault, actor, agreement_id).agreement
