"""Consent use cases: grant, withdraw (deleting what only that purpose justified), history."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from privault.crypto.envelope import decrypt_field, encrypt_field
from privault.db.installation import StoredNotice
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog, MaskRule
from privault.domain.consents import Channel, ConsentAction, parse_channel, parse_evidence
from privault.domain.errors import ConsentRequiredError, InvalidInputError
from privault.domain.masking import mask
from privault.domain.policy import Action, Actor
from privault.domain.registration import AGE_FIELDS, is_under_consent_age
from privault.services import auditing
from privault.services.customers import existing_customer, parse_guardian
from privault.services.enrolment import (
    GUARDIAN_NAME_FIELD,
    ConsentContext,
    ledger_entry,
    resolve_notice,
)
from privault.services.sealing import open_fields, open_keys
from privault.services.vault import Vault

WITHDRAWN_DELETING = "withdrawn; fields no purpose justifies any more were deleted (PIPL Art. 47)"
WITHDRAWN_KEEPING = "withdrawn; no field depended on it alone"


@dataclass(frozen=True)
class ConsentRecord:
    purpose: str
    action: str
    at: datetime
    notice_version: str
    notice_sha256: str  # the exact notice text the customer was shown
    channel: str
    collected_by: str
    given_by: str
    guardian_name: str | None
    guardian_relation: str | None
    evidence: str | None


@dataclass(frozen=True)
class Withdrawal:
    withdrawn: list[str]
    deleted_fields: list[str]


def grant_consents(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    purposes: Iterable[str],
    *,
    channel: str,
    notice_version: str,
    evidence: str | None = None,
    guardian_name: str | None = None,
    guardian_relation: str | None = None,
) -> list[str]:
    wanted = sorted(set(purposes))
    with vault.unit_of_work() as uow:
        catalog = _open_for_consent(vault, uow, actor, customer_id, wanted, granting=True)
        guardian = parse_guardian(guardian_name, guardian_relation)
        # Age is computed today from what is on record: a child who has turned 14 consents alone.
        on_record = open_fields(vault, uow, [customer_id], only=AGE_FIELDS).get(customer_id, {})
        if is_under_consent_age(catalog, on_record, today=vault.clock().date()) and not guardian:
            raise ConsentRequiredError(
                "the customer is under 14: a guardian must consent; give "
                "the guardian's name and relation",
                field="guardian_name",
            )
        consent = ConsentContext(
            resolve_notice(uow, notice_version),
            parse_channel(channel),
            actor.name,
            parse_evidence(evidence),
        )
        guardian_ct = None
        if guardian is not None:
            key = open_keys(vault, uow, [customer_id])[customer_id]
            guardian_ct = encrypt_field(key, customer_id, GUARDIAN_NAME_FIELD, guardian.name)
        uow.consents.append(
            [
                ledger_entry(
                    customer_id,
                    wanted,
                    ConsentAction.GRANT,
                    consent,
                    vault.clock(),
                    guardian=guardian,
                    guardian_ct=guardian_ct,
                )
            ]
        )
        uow.audit.append(
            [
                auditing.event(
                    vault,
                    actor,
                    Action.CONSENT,
                    customer_id=customer_id,
                    purpose=",".join(wanted),
                    reason="granted",
                )
            ]
        )
        uow.commit()
        return wanted


def withdraw_consents(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    purposes: Iterable[str],
    *,
    channel: str,
    notice_version: str | None = None,
) -> Withdrawal:
    """Withdrawal is as easy as granting, and deletes fields no remaining purpose justifies."""
    wanted = sorted(set(purposes))
    with vault.unit_of_work() as uow:
        # No customer status is passed: a restricted customer may still withdraw.
        _open_for_consent(vault, uow, actor, customer_id, wanted)
        withdrawal = withdraw(
            vault,
            uow,
            actor,
            customer_id,
            wanted,
            channel=parse_channel(channel),
            notice_version=notice_version,
        )
        uow.commit()
        return withdrawal


def withdraw(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    customer_id: str,
    purposes: Iterable[str],
    *,
    channel: Channel,
    notice_version: str | None = None,
    evidence: str | None = None,
    reason: str | None = None,
) -> Withdrawal:
    """In the caller's transaction, after its policy check: one ledger event, then the fields
    no remaining purpose justifies are deleted (PIPL Art. 47)."""
    catalog = vault.catalog(uow)
    wanted = sorted(set(purposes))
    _require_purposes(catalog, wanted)
    active = uow.consents.active_for(customer_id)
    inactive = [p for p in wanted if p not in active]
    if inactive:
        raise InvalidInputError(
            "not active for this customer: {purposes}",
            field="purpose",
            params={"purposes": ", ".join(inactive)},
        )
    remaining = active - set(wanted)
    held = set(uow.customers.sealed_fields([customer_id]).get(customer_id, {}))
    doomed = sorted(
        {f for p in wanted for f in catalog.fields_justified_only_by(p, remaining)} & held
    )
    consent = ConsentContext(current_notice(uow, notice_version), channel, actor.name, evidence)
    uow.consents.append(
        [ledger_entry(customer_id, wanted, ConsentAction.WITHDRAW, consent, vault.clock())]
    )
    if doomed:
        uow.customers.delete_fields(customer_id, doomed, vault.clock())
        names = [n for key in doomed for n in catalog.fields[key].index_names()]
        uow.customers.replace_indexes(customer_id, names, [])
    why = WITHDRAWN_DELETING if doomed else WITHDRAWN_KEEPING
    uow.audit.append(
        [
            auditing.event(
                vault,
                actor,
                Action.CONSENT,
                customer_id=customer_id,
                fields=doomed,
                purpose=",".join(wanted),
                reason=why if reason is None else f"{why}; {reason}",
            )
        ]
    )
    return Withdrawal(wanted, doomed)


def list_consents(vault: Vault, actor: Actor, customer_id: str) -> list[ConsentRecord]:
    with vault.unit_of_work() as uow:
        row = existing_customer(uow, customer_id)
        auditing.require(
            vault, uow, actor, Action.CONSENT_READ, customer_id=customer_id, store=row.store
        )
        history = uow.consents.history(customer_id)
        key = open_keys(vault, uow, [customer_id]).get(customer_id)
        records: list[ConsentRecord] = []
        for entry in history:
            e, name = entry.event, None
            if entry.guardian_name_ciphertext and key is not None:
                clear = decrypt_field(
                    key, customer_id, GUARDIAN_NAME_FIELD, entry.guardian_name_ciphertext
                )
                name = mask(MaskRule.NAME, clear, vault.masking)
            records.extend(
                ConsentRecord(
                    purpose,
                    e.action.value,
                    e.at,
                    e.notice_version,
                    e.notice_sha256,
                    e.channel.value,
                    e.collected_by,
                    e.given_by.value,
                    name,
                    e.guardian_relation.value if e.guardian_relation else None,
                    e.evidence,
                )
                for purpose in e.purposes
            )
        uow.audit.append(
            [auditing.event(vault, actor, Action.CONSENT_READ, customer_id=customer_id)]
        )
        uow.commit()
        return records


def current_notice(uow: UnitOfWork, version: str | None = None) -> StoredNotice:
    if version:
        return resolve_notice(uow, version)
    published = uow.installation.notices()
    if not published:
        raise InvalidInputError("no notice is published yet", field="notice")
    return published[-1]


def _open_for_consent(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    customer_id: str,
    purposes: list[str],
    *,
    granting: bool = False,
) -> Catalog:
    """A grant is processing, so a restricted customer's is refused; a withdrawal never is."""
    row = existing_customer(uow, customer_id)
    auditing.require(
        vault,
        uow,
        actor,
        Action.CONSENT,
        customer_id=customer_id,
        store=row.store,
        customer_status=row.status if granting else None,
    )
    catalog = vault.catalog(uow)
    _require_purposes(catalog, purposes)
    if granting and row.is_sharing_opted_out:
        _refuse_sharing(catalog, purposes)
    return catalog


def _refuse_sharing(catalog: Catalog, purposes: list[str]) -> None:
    """The customer opted out of sale or sharing (CCPA §1798.120): no sharing purpose may be
    granted again through staff; the opt-out stands until the customer lifts it."""
    sharing = [p for p in purposes if catalog.purposes[p].is_sharing]
    if len(sharing) == 1:
        recipients = catalog.purposes[sharing[0]].shares_with
        raise InvalidInputError(
            "the customer opted out of sale or sharing; cannot grant {purpose} (shares with "
            "{recipients})",
            field="purpose",
            params={"purpose": sharing[0], "recipients": recipients},
        )
    if sharing:
        # Several at once is rare: the list keeps each purpose next to whom it shares with.
        names = ", ".join(f"{p} (shares with {catalog.purposes[p].shares_with})" for p in sharing)
        raise InvalidInputError(
            "the customer opted out of sale or sharing; cannot grant {purposes}",
            field="purpose",
            params={"purposes": names},
        )


def _require_purposes(catalog: Catalog, purposes: list[str]) -> None:
    if not purposes:
        raise InvalidInputError("name at least one purpose", field="purpose")
    for purpose in purposes:
        catalog.purpose(purpose)
