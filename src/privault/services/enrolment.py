"""Writing new customers, shared by registration and import: keys, fields, indexes, consents, audit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from privault.crypto.envelope import WrappedKey, encrypt_field
from privault.db.consents import LedgerEntry
from privault.db.customers import CustomerRow, SealedCustomer
from privault.db.installation import StoredNotice
from privault.db.unit_of_work import UnitOfWork
from privault.domain.audit import AuditEvent
from privault.domain.catalog import Catalog, SearchIndex
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


def resolve_notice(uow: UnitOfWork, version: str) -> StoredNotice:
    notice = uow.installation.notice(version.strip())
    if notice is None:
        known = ", ".join(n.version for n in uow.installation.notices()) or "none yet"
        raise InvalidInputError(
            f"no published notice has version '{version}'; published: {known}", field="notice"
        )
    return notice


def find_duplicates(
    vault: Vault, uow: UnitOfWork, catalog: Catalog, batch: Sequence[NewCustomer]
) -> dict[str, DuplicateCustomerError]:
    """Checks unique fields against stored customers and earlier rows of the same batch."""
    found: dict[str, DuplicateCustomerError] = {}
    for key, spec in catalog.fields.items():
        if not (spec.is_unique and SearchIndex.EXACT in spec.search):
            continue
        digests: dict[str, bytes] = {}
        for new in batch:
            value = new.prepared.values.get(key)
            if value is not None and not _shares(new, spec.kind.value):
                digests[new.id] = vault.indexer.digest(key, value)
        claimed = uow.customers.claimed_by(key, digests.values()) if digests else {}
        seen: dict[bytes, str] = {}
        for cid, digest in digests.items():
            owner = claimed.get(digest) or seen.get(digest)
            if owner is not None and cid not in found:
                found[cid] = DuplicateCustomerError(key, owner)
            seen.setdefault(digest, cid)
    return found


def _shares(new: NewCustomer, kind: str) -> bool:
    return kind == "mobile" and new.prepared.is_minor and new.guardian is not None


def enrol(
    vault: Vault,
    uow: UnitOfWork,
    catalog: Catalog,
    actor: Actor,
    action: Action,
    batch: Sequence[NewCustomer],
    consent: ConsentContext,
) -> None:
    now = vault.clock()
    sealed: list[SealedCustomer] = []
    keys: list[tuple[str, WrappedKey]] = []
    ledger: list[LedgerEntry] = []
    events: list[AuditEvent] = []
    for new in batch:
        key, wrapped = vault.keys.create(new.id)
        keys.append((new.id, wrapped))
        row = CustomerRow(
            new.id, new.store, "active", consent.channel.value, new.prepared.is_minor, now, now
        )
        indexes = index_entries(
            vault, catalog, new.prepared.values, shares_mobile=_shares(new, "mobile")
        )
        sealed.append(
            SealedCustomer(row, seal_with(key, new.id, new.prepared.values), tuple(indexes))
        )
        guardian_ct = (
            encrypt_field(key, new.id, GUARDIAN_NAME_FIELD, new.guardian.name)
            if new.guardian
            else None
        )
        ledger.extend(
            ledger_entries(
                new.id,
                new.prepared.purposes,
                ConsentAction.GRANT,
                consent,
                now,
                guardian=new.guardian,
                guardian_ct=guardian_ct,
            )
        )
        events.append(
            auditing.event(vault, actor, action, customer_id=new.id, fields=new.prepared.values)
        )
    uow.data_keys.add_many(keys, now)
    uow.customers.add_many(sealed)
    uow.consents.append(ledger)
    uow.audit.append(events)


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
        LedgerEntry(
            ConsentEvent(
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
            ),
            guardian_ct,
        )
        for purpose in sorted(purposes)
    ]
