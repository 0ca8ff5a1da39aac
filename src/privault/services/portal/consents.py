"""The customer's consents in the privacy portal: one purpose at a time, given or withdrawn in
one step each (withdrawing is never harder than giving). Withdrawal runs the consent service's
own `withdraw`, so fields no remaining purpose justifies are deleted as staff withdrawals do."""

from __future__ import annotations

from dataclasses import dataclass

from privault.db.customers import CustomerRow
from privault.domain.catalog import Purpose
from privault.domain.consents import Channel, ConsentAction
from privault.domain.errors import ConflictError, ConsentRequiredError, InvalidInputError
from privault.domain.policy import RESTRICTED, Action, Actor
from privault.domain.registration import AGE_FIELDS, is_under_consent_age
from privault.services.consents.ledger import Withdrawal, current_notice, end_consents
from privault.services.customers.changes import customer_consent_ages
from privault.services.customers.enrolment import ConsentContext, ledger_entry
from privault.services.customers.sealing import open_fields
from privault.services.portal.own_record import own_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

# The portal is the customer's own web page: its consent events carry the web channel.
PORTAL_CHANNEL = Channel.WEB


@dataclass(frozen=True)
class PurposeChoice:
    key: str
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str
    is_active: bool
    is_optional: bool  # consent-based: the customer may give or withdraw it here


def own_consents(vault: Vault, actor: Actor, customer_id: str) -> list[PurposeChoice]:
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT_READ)
        active = uc.uow.consents.active_for(row.id)
        catalog = uc.catalog
        uc.record(Action.CONSENT_READ, customer_id=row.id, reason="own consents")
        uc.commit()
    return [
        PurposeChoice(
            p.key,
            p.name_zh,
            p.name_en,
            p.description_zh,
            p.description_en,
            p.key in active,
            p.needs_consent,
        )
        for p in catalog.purposes.values()
    ]


def give_consent(vault: Vault, actor: Actor, customer_id: str, purpose: str) -> None:
    """Under the notice in force. As with staff: not while processing is restricted, not a
    sharing purpose after an opt-out of sharing, and not alone under the guardian age of the
    customer's regimes for that purpose (a guardian consents at the store)."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        spec = uc.catalog.purpose(purpose)
        _check_may_give(uc, row, spec)
        consent = ConsentContext(current_notice(uc.uow), PORTAL_CHANNEL, actor.name)
        entry = ledger_entry(row.id, [spec.key], ConsentAction.GRANT, consent, uc.now)
        uc.uow.consents.append([entry])
        reason = "granted by the customer in the portal"
        uc.record(Action.CONSENT, customer_id=row.id, purpose=spec.key, reason=reason)
        uc.commit()


def _check_may_give(uc: UseCase, row: CustomerRow, spec: Purpose) -> None:
    if row.status == RESTRICTED:
        raise ConflictError("your data is restricted (stored only); ask the store to lift it")
    if spec.is_sharing and row.is_sharing_opted_out:
        raise InvalidInputError(
            "you opted out of sharing; ask the store to lift the opt-out", field="purpose"
        )
    if spec.key in uc.uow.consents.active_for(row.id):
        raise InvalidInputError("you have given this consent already", field="purpose")
    values = open_fields(uc.vault, uc.uow, [row.id], only=AGE_FIELDS).get(row.id, {})
    age = customer_consent_ages(uc, row).guardian_below([spec])
    if is_under_consent_age(uc.catalog, values, today=uc.now.date(), age=age):
        raise ConsentRequiredError(
            "under {age}, a parent or guardian gives consent at the store",
            field="purpose",
            params={"age": age},
        )


def withdraw_own_consent(vault: Vault, actor: Actor, customer_id: str, purpose: str) -> Withdrawal:
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        reason = "by the customer in the portal"
        done = end_consents(uc, row.id, [purpose], channel=PORTAL_CHANNEL, reason=reason)
        uc.commit()
        return done
