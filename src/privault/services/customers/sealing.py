"""Turns normalised values into ciphertext and blind-index digests, and back, in batches."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from privault.crypto.blind_index import BlindIndexer
from privault.crypto.envelope import DataKey, decrypt_field, encrypt_field
from privault.db.customers import IndexEntry
from privault.db.duplicates import DigestEntry
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog, SearchIndex, ValueKind
from privault.domain.duplicates import variant_fields, variants
from privault.domain.surnames import surname_of
from privault.domain.values import mobile_tail
from privault.services.vault import Vault


def index_material(kind: SearchIndex, value: str) -> str:
    if kind is SearchIndex.TAIL:
        return mobile_tail(value)
    return surname_of(value) if kind is SearchIndex.SURNAME else value


def index_entries(
    indexer: BlindIndexer,
    catalog: Catalog,
    values: Mapping[str, str],
    *,
    shares_mobile: bool = False,
) -> list[IndexEntry]:
    """A child registered under a guardian holds the mobile without claiming it as unique."""
    entries = []
    for key, name, kind, is_unique in catalog.index_plan:
        value = values.get(key)
        if value is None:
            continue
        unique = is_unique and not (shares_mobile and catalog.fields[key].kind is ValueKind.MOBILE)
        entries.append(IndexEntry(name, indexer.digest(name, index_material(kind, value)), unique))
    return entries


def duplicate_entries(
    indexer: BlindIndexer, catalog: Catalog, values: Mapping[str, str]
) -> list[DigestEntry]:
    """Keyed digests of the values' duplicate variants, each kind under a key of its own."""
    found = variants(variant_fields(catalog), values)
    return [
        DigestEntry(v.kind.value, indexer.digest(f"duplicates/{v.kind}", v.material)) for v in found
    ]


def seal_with(key: DataKey, customer_id: str, values: Mapping[str, str]) -> dict[str, bytes]:
    return {field: encrypt_field(key, customer_id, field, value) for field, value in values.items()}


def open_keys(vault: Vault, uow: UnitOfWork, ids: Iterable[str]) -> dict[str, DataKey]:
    """Unwraps in one keystore query whatever the cache lacks; an erased customer has no key."""
    keys: dict[str, DataKey] = {}
    missing = []
    for cid in ids:
        cached = vault.keys.cached(cid)
        if cached is None:
            missing.append(cid)
        else:
            keys[cid] = cached
    if missing:
        for cid, wrapped in uow.data_keys.get_many(missing).items():
            keys[cid] = vault.keys.open(cid, wrapped)
    return keys


def open_fields(
    vault: Vault, uow: UnitOfWork, ids: list[str], only: Iterable[str] | None = None
) -> dict[str, dict[str, str]]:
    return open_sealed(vault, uow, uow.customers.sealed_fields(ids), only)


def open_sealed(
    vault: Vault,
    uow: UnitOfWork,
    sealed: Mapping[str, Mapping[str, bytes]],
    only: Iterable[str] | None = None,
) -> dict[str, dict[str, str]]:
    """An erased customer has no key any more, so nothing of theirs opens."""
    wanted = set(only) if only is not None else None
    keys = open_keys(vault, uow, sealed)
    return {
        cid: {
            field: decrypt_field(keys[cid], cid, field, blob)
            for field, blob in fields.items()
            if wanted is None or field in wanted
        }
        for cid, fields in sealed.items()
        if cid in keys
    }


def seal_for(
    vault: Vault, uow: UnitOfWork, customer_id: str, values: Mapping[str, str]
) -> dict[str, bytes]:
    key = open_keys(vault, uow, [customer_id])[customer_id]
    return seal_with(key, customer_id, values)
