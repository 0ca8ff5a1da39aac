"""Writing new customers, shared by registration, import and demo data: screening for duplicates,
then keys, sealed fields, blind indexes, consent events and audit in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from privault.crypto.envelope import WrappedKey, encrypt_field
from privault.db.consents import LedgerEntry, NewGrant
from privault.db.customers import CustomerRow, IndexEntry, SealedCustomer
from privault.db.installation import StoredNotice
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog
from privault.domain.consents import Channel, ConsentAction, ConsentEvent, GivenBy, Guardian
from privault.domain.errors import DuplicateCustomerError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.registration import PreparedCustomer
from privault.services import auditing
from privault.services.sealing import index_entries, seal_with
from privault.services.vault import Vault

GUARDIAN_NAME_FIELD = "consent.guardian_name"


@dataclass(frozen=True)
class ConsentContext:
    """How consent was collected: shown notice, channel, who collected it, evidence."""

    notice: StoredNotice
    channel: Channel
    collected_by: str
    evidence: str | None = None


@dataclass(frozen=True)
class NewCustomer:
    id: str
    prepared: PreparedCustomer
    store: str
    guardian: Guardian | None = None

    @property
    def shares_mobile(self) -> bool:
        """A child registered under a guardian may use the guardian's mobile."""
        return self.prepared.is_minor and self.guardian is not None


@dataclass
class Screening:
    """Blind-index entries per new customer (computed once) and the ones refused as duplicates."""

    indexes: dict[str, list[IndexEntry]] = field(default_factory=dict)
    duplicates: dict[str, DuplicateCustomerError] = field(default_factory=dict)


def resolve_notice(uow: UnitOfWork, version: str) -> StoredNotice:
    notice = uow.installation.notice(version.strip())
    if notice is None:
        known = ", ".join(n.version for n in uow.installation.notices()) or "none yet"
        raise InvalidInputError(
            f"no published notice has version '{version}'; published: {known}", field="notice"
        )
    return notice


def screen(
    vault: Vault, uow: UnitOfWork, catalog: Catalog, batch: Sequence[NewCustomer]
) -> Screening:
    """Unique values are checked against stored customers and earlier rows of the batch."""
    screening = Screening(
        {
            new.id: index_entries(
                vault, catalog, new.prepared.values, shares_mobile=new.shares_mobile
            )
            for new in batch
        }
    )
    claims: dict[str, dict[bytes, str]] = {}
    for cid, entries in screening.indexes.items():
        for entry in entries:
            if entry.is_unique:
                claims.setdefault(entry.index_name, {}).setdefault(entry.digest, cid)
    for index, digests in claims.items():
        stored = uow.customers.claimed_by(index, digests)
        for cid, entries in screening.indexes.items():
            for entry in entries:
                if entry.index_name != index or not entry.is_unique or cid in screening.duplicates:
                    continue
                owner = stored.get(entry.digest) or digests[entry.digest]
                if owner != cid:
                    screening.duplicates[cid] = DuplicateCustomerError(index, owner)
    return screening


def enrol(
    vault: Vault,
    uow: UnitOfWork,
    actor: Actor,
    action: Action,
    batch: Sequence[NewCustomer],
    consent: ConsentContext,
    screening: Screening,
) -> None:
    now = vault.clock()
    sealed: list[SealedCustomer] = []
    keys: list[tuple[str, WrappedKey]] = []
    grants: dict[frozenset[str], list[NewGrant]] = {}
    events = []
    for new in batch:
        key, wrapped = vault.keys.create(new.id)
        keys.append((new.id, wrapped))
        row = CustomerRow(
            new.id, new.store, "active", consent.channel.value, new.prepared.is_minor, now, now
        )
        sealed.append(
            SealedCustomer(
                row, seal_with(key, new.id, new.prepared.values), tuple(screening.indexes[new.id])
            )
        )
        guardian_ct = (
            encrypt_field(key, new.id, GUARDIAN_NAME_FIELD, new.guardian.name)
            if new.guardian
            else None
        )
        relation = new.guardian.relation if new.guardian else None
        grants.setdefault(new.prepared.purposes, []).append(NewGrant(new.id, guardian_ct, relation))
        events.append(
            auditing.event(vault, actor, action, customer_id=new.id, fields=new.prepared.values)
        )
    uow.data_keys.add_many(keys, now)
    uow.customers.add_many(sealed)
    template = consent_event("", "", ConsentAction.GRANT, consent, now)
    for purposes, group in grants.items():
        uow.consents.append_grants(template, group, sorted(purposes))
    uow.audit.append(events)


def consent_event(
    customer_id: str,
    purpose: str,
    action: ConsentAction,
    consent: ConsentContext,
    at: datetime,
    guardian: Guardian | None = None,
) -> ConsentEvent:
    return ConsentEvent(
        customer_id=customer_id,
        purpose=purpose,
        action=action,
        notice_version=consent.notice.version,
        notice_sha256=consent.notice.sha256,
        channel=consent.channel,
        collected_by=consent.collected_by,
        given_by=GivenBy.GUARDIAN if guardian else GivenBy.SELF,
        at=at,
        guardian_relation=guardian.relation if guardian else None,
        evidence=consent.evidence,
    )


def ledger_entries(
    customer_id: str,
    purposes: Iterable[str],
    action: ConsentAction,
    consent: ConsentContext,
    at: datetime,
    *,
    guardian: Guardian | None = None,
    guardian_ct: bytes | None = None,
) -> list[LedgerEntry]:
    return [
        LedgerEntry(consent_event(customer_id, purpose, action, consent, at, guardian), guardian_ct)
        for purpose in sorted(purposes)
    ]
