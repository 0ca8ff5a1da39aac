"""Consent use cases: grant, withdraw (deleting what only that purpose justified), history."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from privault.crypto.envelope import DataKey, decrypt_field, encrypt_field
from privault.db.consents import LedgerEntry
from privault.db.installation import StoredNotice
from privault.db.photos import CONSENT_WITHDRAWN
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog, MaskRule
from privault.domain.classes import PROFILING_PURPOSE
from privault.domain.consents import (
    Channel,
    ConsentAction,
    Guardian,
    parse_channel,
    parse_evidence,
)
from privault.domain.duplicates import kinds_fed_by, variant_fields
from privault.domain.errors import ConsentRequiredError, InvalidInputError
from privault.domain.masking import mask
from privault.domain.photos import photo_field
from privault.domain.policy import Action, Actor
from privault.domain.registration import AGE_FIELDS, is_under_consent_age
from privault.services.assessments.coverage import require_assessed
from privault.services.customers.enrolment import (
    GUARDIAN_NAME_FIELD,
    ConsentContext,
    ledger_entry,
    resolve_notice,
)
from privault.services.customers.records import existing_customer, parse_guardian
from privault.services.customers.sealing import open_fields, open_keys
from privault.services.use_case import Entry, UseCase, use_case
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
    with use_case(vault, actor) as uc:
        _open_for_consent(uc, customer_id, wanted, granting=True)
        require_assessed(uc, wanted, Action.CONSENT, customer_id)
        guardian = parse_guardian(guardian_name, guardian_relation)
        _require_guardian_for_child(uc, customer_id, guardian)
        consent = ConsentContext(
            resolve_notice(uc.uow, notice_version),
            parse_channel(channel),
            actor.name,
            parse_evidence(evidence),
        )
        _add_grant(uc, customer_id, wanted, consent, guardian)
        purpose = ",".join(wanted)
        uc.record(Action.CONSENT, customer_id=customer_id, purpose=purpose, reason="granted")
        uc.commit()
        return wanted


def _require_guardian_for_child(uc: UseCase, customer_id: str, guardian: Guardian | None) -> None:
    """Age is computed today from what is on record: a child who has turned 14 consents alone."""
    ages = open_fields(uc.vault, uc.uow, [customer_id], only=AGE_FIELDS).get(customer_id, {})
    if is_under_consent_age(uc.catalog, ages, today=uc.now.date()) and not guardian:
        raise ConsentRequiredError(
            "the customer is under 14: a guardian must consent; give "
            "the guardian's name and relation",
            field="guardian_name",
        )


def _add_grant(
    uc: UseCase,
    customer_id: str,
    purposes: list[str],
    consent: ConsentContext,
    guardian: Guardian | None,
) -> None:
    guardian_ct = None
    if guardian is not None:
        key = open_keys(uc.vault, uc.uow, [customer_id])[customer_id]
        guardian_ct = encrypt_field(key, customer_id, GUARDIAN_NAME_FIELD, guardian.name)
    entry = ledger_entry(
        customer_id,
        purposes,
        ConsentAction.GRANT,
        consent,
        uc.now,
        guardian=guardian,
        guardian_ct=guardian_ct,
    )
    uc.uow.consents.append([entry])


def withdraw_consents(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    purposes: Iterable[str],
    *,
    notice_version: str | None = None,
    channel: str,
) -> Withdrawal:
    """Withdrawal is as easy as granting, and deletes fields no remaining purpose justifies."""
    wanted = sorted(set(purposes))
    with use_case(vault, actor) as uc:
        # No customer status is passed: a restricted customer may still withdraw.
        _open_for_consent(uc, customer_id, wanted)
        withdrawal = end_consents(
            uc, customer_id, wanted, channel=parse_channel(channel), notice_version=notice_version
        )
        uc.commit()
        return withdrawal


def end_consents(
    uc: UseCase,
    customer_id: str,
    purposes: Iterable[str],
    *,
    channel: Channel,
    notice_version: str | None = None,
    evidence: str | None = None,
    reason: str | None = None,
) -> Withdrawal:
    """In the caller's use case, after its policy check: one ledger event, then the fields
    no remaining purpose justifies are deleted (PIPL Art. 47)."""
    wanted = sorted(set(purposes))
    doomed = withdrawal_deletes(uc, customer_id, wanted)
    notice = current_notice(uc.uow, notice_version)
    consent = ConsentContext(notice, channel, uc.actor.name, evidence)
    entry = ledger_entry(customer_id, wanted, ConsentAction.WITHDRAW, consent, uc.now)
    uc.uow.consents.append([entry])
    _delete_fields(uc, customer_id, doomed)
    withdraw_publications(uc, [customer_id], wanted)
    if PROFILING_PURPOSE in wanted:  # refusing personalisation ends the class profiling
        uc.uow.classes.forget(customer_id)
    why = WITHDRAWN_DELETING if doomed else WITHDRAWN_KEEPING
    uc.record(
        Action.CONSENT,
        customer_id=customer_id,
        fields=doomed,
        purpose=",".join(wanted),
        reason=why if reason is None else f"{why}; {reason}",
    )
    return Withdrawal(wanted, doomed)


def withdrawal_deletes(uc: UseCase, customer_id: str, purposes: list[str]) -> list[str]:
    """The fields withdrawing `purposes` would delete (the one rule, for the withdrawal and
    for its confirmation page); refuses a purpose unknown or not active for the customer."""
    _require_purposes(uc.catalog, purposes)
    # A consent waiting for renewal is still the customer's to withdraw, and still keeps
    # the fields it justifies until they decide.
    active, waiting = uc.uow.consents.states_for(customer_id)
    _require_active(active | waiting, purposes)
    return _doomed_fields(uc, customer_id, purposes, (active | waiting) - set(purposes))


def withdraw_publications(uc: UseCase, customer_ids: Sequence[str], purposes: list[str]) -> None:
    """Photos published on a consent that ended (withdrawn, or lapsed in a retention sweep) are
    withdrawn too: each becomes a to-do for the shop to take the copy down, listed for the
    store manager."""
    withdrawn = uc.uow.photos.withdraw(customer_ids, purposes, uc.now, CONSENT_WITHDRAWN)
    uc.record_all(
        Entry(
            Action.PHOTO_PUBLISH,
            p.customer_id,
            [photo_field(p.photo_id)],
            p.purpose,
            f"publication {p.id} on {p.channel.value} withdrawn: consent ended; take it down",
        )
        for p in withdrawn
    )


def _require_active(active: set[str], wanted: list[str]) -> None:
    inactive = [p for p in wanted if p not in active]
    if inactive:
        raise InvalidInputError(
            "not active for this customer: {purposes}",
            field="purpose",
            params={"purposes": ", ".join(inactive)},
        )


def _doomed_fields(
    uc: UseCase, customer_id: str, wanted: list[str], remaining: set[str]
) -> list[str]:
    """The fields on record that only the withdrawn purposes justified."""
    held = set(uc.uow.customers.sealed_fields([customer_id]).get(customer_id, {}))
    justified_only = uc.catalog.fields_justified_only_by
    return sorted({f for p in wanted for f in justified_only(p, remaining)} & held)


def _delete_fields(uc: UseCase, customer_id: str, doomed: list[str]) -> None:
    if not doomed:
        return
    uc.uow.customers.delete_fields(customer_id, doomed, uc.now)
    names = [n for key in doomed for n in uc.catalog.fields[key].index_names()]
    uc.uow.customers.replace_indexes(customer_id, names, [])
    fed = kinds_fed_by(variant_fields(uc.catalog), doomed)
    uc.uow.duplicates.drop_kinds(customer_id, fed)


def list_consents(vault: Vault, actor: Actor, customer_id: str) -> list[ConsentRecord]:
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(Action.CONSENT_READ, customer_id=customer_id, store=row.store)
        history = uc.uow.consents.history(customer_id)
        key = open_keys(vault, uc.uow, [customer_id]).get(customer_id)
        records = [r for entry in history for r in _records(vault, key, customer_id, entry)]
        uc.record(Action.CONSENT_READ, customer_id=customer_id)
        uc.commit()
        return records


def _records(
    vault: Vault, key: DataKey | None, customer_id: str, entry: LedgerEntry
) -> list[ConsentRecord]:
    """One ledger event, one record per purpose; the guardian's name shown masked."""
    e, name = entry.event, None
    if entry.guardian_name_ciphertext and key is not None:
        clear = decrypt_field(key, customer_id, GUARDIAN_NAME_FIELD, entry.guardian_name_ciphertext)
        name = mask(MaskRule.NAME, clear, vault.masking)
    relation = e.guardian_relation.value if e.guardian_relation else None
    return [
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
            relation,
            e.evidence,
        )
        for purpose in e.purposes
    ]


def current_notice(uow: UnitOfWork, version: str | None = None) -> StoredNotice:
    if version:
        return resolve_notice(uow, version)
    published = uow.installation.notices()
    if not published:
        raise InvalidInputError(
            "no notice is published yet; it is once the shop's identity is set: "
            "privault settings set",
            field="notice",
        )
    return published[-1]


def _open_for_consent(
    uc: UseCase, customer_id: str, purposes: list[str], *, granting: bool = False
) -> None:
    """A grant is processing, so a restricted customer's is refused; a withdrawal never is."""
    row = existing_customer(uc.uow, customer_id)
    uc.require(
        Action.CONSENT,
        customer_id=customer_id,
        store=row.store,
        customer_status=row.status if granting else None,
    )
    _require_purposes(uc.catalog, purposes)
    if granting and row.is_sharing_opted_out:
        _refuse_sharing(uc.catalog, purposes)


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
