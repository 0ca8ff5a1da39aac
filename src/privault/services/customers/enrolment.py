"""Writing new customers, shared by registration, import and demo data, in three steps:
`seal` (validation done; keys, ciphertext and digests, no database: it may run in a worker
process), `screen` (duplicates against the database) and `store` (one transaction)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from privault.crypto.envelope import WrappedKey, encrypt_field
from privault.crypto.sealer import Sealer
from privault.db.consents import LedgerEntry, NewGrant
from privault.db.customers import CustomerRow, IndexEntry, SealedCustomer
from privault.db.duplicates import DigestEntry
from privault.db.installation import StoredNotice
from privault.db.sealed_record import pack
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog
from privault.domain.consents import Channel, ConsentAction, ConsentEvent, GivenBy, Guardian
from privault.domain.contact_freshness import ConfirmedBy
from privault.domain.entry_review import PENDING, parse_reviewed_channels
from privault.domain.errors import DuplicateCustomerError, InvalidInputError
from privault.domain.policy import Action
from privault.domain.registration import ConsentAges, PreparedCustomer
from privault.domain.requests import DEFAULT_REGIMES_KEY
from privault.services.assessments.coverage import require_assessed
from privault.services.customers.contact import mark_confirmed
from privault.services.customers.sealing import duplicate_entries, index_entries, seal_with
from privault.services.use_case import Entry, UseCase

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


class SealedNew(NamedTuple):
    """A new customer ready to store; it carries no clear value."""

    customer: SealedCustomer
    wrapped_key: WrappedKey
    grant: NewGrant
    purposes: frozenset[str]
    field_names: tuple[str, ...]
    digests: tuple[DigestEntry, ...] = ()  # duplicate variants (domain/duplicates)

    @property
    def id(self) -> str:
        return self.customer.row.id


def resolve_notice(uow: UnitOfWork, version: str) -> StoredNotice:
    notice = uow.installation.notice(version.strip())
    if notice is None:
        known = ", ".join(n.version for n in uow.installation.notices())
        if not known:
            raise InvalidInputError(
                "no published notice has version '{version}'; published: none yet (the notice "
                "is published once the shop's identity is set: privault settings set)",
                field="notice",
                params={"version": version},
            )
        raise InvalidInputError(
            "no published notice has version '{version}'; published: {known}",
            field="notice",
            params={"version": version, "known": known},
        )
    return notice


def seal(
    sealer: Sealer, catalog: Catalog, new: NewCustomer, channel: Channel, now: datetime
) -> SealedNew:
    key, wrapped = sealer.keys.create(new.id)
    values = new.prepared.values
    row = CustomerRow(new.id, new.store, "active", channel.value, new.prepared.is_minor, now, now)
    indexes = index_entries(sealer.indexer, catalog, values, shares_mobile=new.shares_mobile)
    digests = duplicate_entries(sealer.indexer, catalog, values)
    guardian_ct = (
        encrypt_field(key, new.id, GUARDIAN_NAME_FIELD, new.guardian.name) if new.guardian else None
    )
    sealer.keys.forget(new.id)  # a new key is not needed again while importing
    return SealedNew(
        SealedCustomer(row, pack(seal_with(key, new.id, values)), tuple(indexes)),
        wrapped,
        NewGrant(new.id, guardian_ct, new.guardian.relation if new.guardian else None),
        new.prepared.purposes,
        tuple(sorted(values)),
        tuple(digests),
    )


def screen(
    uow: UnitOfWork, batch: Sequence[SealedNew], stores: frozenset[str] = frozenset()
) -> dict[str, DuplicateCustomerError]:
    """Unique values are checked against stored customers and the batch's earlier rows; a row
    refused here claims nothing, so a later row is never told it duplicates a refused one.
    `stores`: the asker's store scope (empty: every store); see `duplicates_named`."""
    wanted: dict[str, set[bytes]] = {}
    for new in batch:
        for entry in _unique(new.customer.indexes):
            wanted.setdefault(entry.index_name, set()).add(entry.digest)
    owners = {index: uow.customers.claimed_by(index, digests) for index, digests in wanted.items()}
    clashes: dict[str, tuple[str, str]] = {}
    for new in batch:
        entries = list(_unique(new.customer.indexes))
        clash = next((e for e in entries if e.digest in owners[e.index_name]), None)
        if clash is not None:
            clashes[new.id] = (clash.index_name, owners[clash.index_name][clash.digest])
            continue
        for entry in entries:
            owners[entry.index_name][entry.digest] = new.id
    return duplicates_named(uow, clashes, stores)


def duplicates_named(
    uow: UnitOfWork, clashes: Mapping[str, tuple[str, str]], stores: frozenset[str]
) -> dict[str, DuplicateCustomerError]:
    """Each clash (key: field and holder's id) as a refusal. A holder of a store outside the
    asker's stores is not named: a scoped staff member or token must not learn the id of a
    customer they could not look up, only that the value is taken and whom to ask."""
    hidden: set[str] = set()
    if stores and clashes:
        held = uow.customers.get_many(sorted({owner for _, owner in clashes.values()}))
        hidden = {owner for owner, row in held.items() if row.store not in stores}
    return {
        key: DuplicateCustomerError(field, None if owner in hidden else owner)
        for key, (field, owner) in clashes.items()
    }


def consent_ages(uc: UseCase) -> ConsentAges:
    """The guardian age for a new customer, by the installation's default regimes."""
    regimes = uc.uow.installation.get(DEFAULT_REGIMES_KEY) or CustomerRow._field_defaults["regimes"]
    return ConsentAges(frozenset(regimes.split()), uc.vault.settings.eu_consent_age)


def with_default_regimes(uow: UnitOfWork, batch: list[SealedCustomer]) -> list[SealedCustomer]:
    """New customers fall under the installation's default regimes, read once per batch."""
    regimes = uow.installation.get(DEFAULT_REGIMES_KEY)
    if not regimes or regimes == CustomerRow._field_defaults["regimes"]:
        return batch
    return [s._replace(row=s.row._replace(regimes=regimes)) for s in batch]


def with_review_status(uc: UseCase, batch: list[SealedCustomer]) -> list[SealedCustomer]:
    """Records from the channels the business reviews arrive pending (issue 17)."""
    reviewed = {c.value for c in parse_reviewed_channels(uc.vault.settings.review_channels)}
    return [
        s._replace(row=s.row._replace(status=PENDING)) if s.row.channel in reviewed else s
        for s in batch
    ]


def _unique(entries: Iterable[IndexEntry]) -> Iterable[IndexEntry]:
    return (entry for entry in entries if entry.is_unique)


def store(uc: UseCase, action: Action, batch: Sequence[SealedNew], consent: ConsentContext) -> None:
    if not batch:
        return
    require_assessed(uc, {p for new in batch for p in new.purposes}, action)
    uow, now = uc.uow, uc.now
    uow.data_keys.add_many([(new.id, new.wrapped_key) for new in batch], now)
    entered = with_review_status(uc, with_default_regimes(uow, [new.customer for new in batch]))
    uow.customers.add_many(entered)
    uow.duplicates.add((new.id, entry) for new in batch for entry in new.digests)
    if action is Action.REGISTER:
        flag_likely_duplicates(uc, [new.id for new in batch])
        # Given by the customer just now; an imported record counts from its creation.
        mark_confirmed(uc, [new.id for new in batch], ConfirmedBy.REGISTRATION)
    grants: dict[frozenset[str], list[NewGrant]] = {}
    for new in batch:
        grants.setdefault(new.purposes, []).append(new.grant)
    for purposes, group in grants.items():
        template = consent_event("", purposes, ConsentAction.GRANT, consent, now)
        uow.consents.append_grants(template, group)
    uc.record_all(Entry(action, new.id, new.field_names) for new in batch)


def flag_likely_duplicates(uc: UseCase, ids: Sequence[str]) -> None:
    """A record sharing a variant digest with another becomes a candidate pair for review;
    imports leave this to the periodic scan, which finds the same pairs in one pass."""
    pairs = uc.uow.duplicates.matches(ids)
    uc.uow.duplicates.add_candidates(pairs, found_at=uc.now, found_by="entry")


def consent_event(
    customer_id: str,
    purposes: Iterable[str],
    action: ConsentAction,
    consent: ConsentContext,
    at: datetime,
    guardian: Guardian | None = None,
) -> ConsentEvent:
    return ConsentEvent(
        customer_id=customer_id,
        purposes=tuple(sorted(purposes)),
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


def ledger_entry(
    customer_id: str,
    purposes: Iterable[str],
    action: ConsentAction,
    consent: ConsentContext,
    at: datetime,
    *,
    guardian: Guardian | None = None,
    guardian_ct: bytes | None = None,
) -> LedgerEntry:
    return LedgerEntry(
        consent_event(customer_id, purposes, action, consent, at, guardian), guardian_ct
    )
