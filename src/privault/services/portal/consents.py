"""The customer's consents in the privacy portal: one purpose at a time, given or withdrawn in
one step each (withdrawing is never harder than giving). Withdrawal runs the consent service's
own `withdraw`, so fields no remaining purpose justifies are deleted as staff withdrawals do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from privault.db.customers import CustomerRow
from privault.domain.assessments import ACTIVATED_BY_SHOP
from privault.domain.catalog import Purpose
from privault.domain.consents import Channel, ConsentAction
from privault.domain.errors import ConflictError, ConsentRequiredError, InvalidInputError
from privault.domain.policy import RESTRICTED, Action, Actor
from privault.domain.registration import AGE_FIELDS, is_under_consent_age
from privault.services.assessments.coverage import require_assessed, unassessed
from privault.services.consents.ledger import Withdrawal, current_notice, end_consents
from privault.services.consents.withdrawal_preview import WithdrawalPreview, preview_in
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
    # Given under a notice a material change superseded (PIPL Art. 14(2)): not used until renewed.
    needs_renewal: bool = False


@dataclass(frozen=True)
class ConsentPage:
    choices: list[PurposeChoice]
    notice_version: str | None  # the notice in force
    notice_changed_at: datetime | None  # when it was published, if after the last consent act

    @property
    def needs_renewal(self) -> list[str]:
        return [c.key for c in self.choices if c.needs_renewal]


def own_consents(vault: Vault, actor: Actor, customer_id: str) -> list[PurposeChoice]:
    return own_consent_page(vault, actor, customer_id).choices


def own_consent_page(vault: Vault, actor: Actor, customer_id: str) -> ConsentPage:
    """The customer's purposes, those waiting for renewal, and whether the notice changed
    since they last gave or withdrew a consent (they are told, PIPL Art. 17)."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT_READ)
        active, waiting = uc.uow.consents.states_for(row.id)
        history = uc.uow.consents.history(row.id)
        notices = uc.uow.installation.notices()
        catalog = uc.catalog
        unused = set(unassessed(uc, ACTIVATED_BY_SHOP & catalog.purposes.keys()))
        uc.record(Action.CONSENT_READ, customer_id=row.id, reason="own consents")
        uc.commit()
    latest = notices[-1] if notices else None
    last_act = history[-1].event.at if history else None
    changed = latest is not None and last_act is not None and latest.published_at > last_act
    offered = [p for p in catalog.purposes.values() if p.key not in unused]  # activated only
    choices = [_choice(p, p.key in active, p.key in waiting) for p in offered]
    return ConsentPage(
        choices,
        latest.version if latest else None,
        latest.published_at if latest and changed else None,
    )


def _choice(p: Purpose, is_active: bool, needs_renewal: bool) -> PurposeChoice:
    return PurposeChoice(
        p.key,
        p.name_zh,
        p.name_en,
        p.description_zh,
        p.description_en,
        is_active,
        p.needs_consent,
        needs_renewal,
    )


def renew_own_consents(vault: Vault, actor: Actor, customer_id: str) -> list[str]:
    """One step: every consent waiting for renewal given again under the notice in force."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        waiting = sorted(uc.uow.consents.awaiting_renewal_for(row.id))
        if not waiting:
            raise InvalidInputError("no consent is waiting for renewal", field="purpose")
        if row.status == RESTRICTED:
            raise ConflictError("your data is restricted (stored only); ask the store to lift it")
        _refuse_under_age(uc, row, [uc.catalog.purpose(k) for k in waiting])
        consent = ConsentContext(current_notice(uc.uow), PORTAL_CHANNEL, actor.name)
        entry = ledger_entry(row.id, waiting, ConsentAction.GRANT, consent, uc.now)
        uc.uow.consents.append([entry])
        reason = f"renewed by the customer in the portal under notice {consent.notice.version}"
        uc.record(Action.CONSENT, customer_id=row.id, purpose=",".join(waiting), reason=reason)
        uc.commit()
        return waiting


def give_consent(vault: Vault, actor: Actor, customer_id: str, purpose: str) -> None:
    """Under the notice in force. As with staff: not while processing is restricted, not a
    sharing purpose after an opt-out of sharing, and not alone under the guardian age of the
    customer's regimes for that purpose (a guardian consents at the store)."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        spec = uc.catalog.purpose(purpose)
        _check_may_give(uc, row, spec)
        require_assessed(uc, [spec.key], Action.CONSENT, row.id)
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
    _refuse_under_age(uc, row, [spec])


def _refuse_under_age(uc: UseCase, row: CustomerRow, specs: list[Purpose]) -> None:
    """Under the guardian age of the customer's regimes for these purposes, a guardian
    consents at the store."""
    values = open_fields(uc.vault, uc.uow, [row.id], only=AGE_FIELDS).get(row.id, {})
    age = customer_consent_ages(uc, row).guardian_below(specs)
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


def preview_own_withdrawal(
    vault: Vault, actor: Actor, customer_id: str, purpose: str
) -> WithdrawalPreview:
    """What withdrawing would delete of the signed-in customer's own data, before they confirm."""
    with use_case(vault, actor) as uc:
        row = own_customer(uc, customer_id, Action.CONSENT)
        return preview_in(uc, row.id, [purpose])
