"""The running installation: databases, keys, catalog and clock, shared by every service."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from privault.config import Settings
from privault.crypto.audit_chain import AuditChainKey, audit_chain_key
from privault.crypto.blind_index import BlindIndexer
from privault.crypto.data_keys import DataKeyRing
from privault.crypto.envelope import LocalKeyProvider
from privault.crypto.master_key import load_or_create
from privault.crypto.sealer import Sealer
from privault.db.unit_of_work import Database, UnitOfWork
from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.errors import ConfigurationError
from privault.domain.masking import DEFAULT_MASKING, MaskSettings

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Vault:
    settings: Settings
    database: Database
    keys: DataKeyRing
    indexer: BlindIndexer
    audit_key: AuditChainKey
    clock: Clock = utc_now
    masking: MaskSettings = DEFAULT_MASKING
    _catalog: Catalog | None = field(default=None, repr=False)

    @property
    def sealer(self) -> Sealer:
        return Sealer(self.keys, self.indexer)

    def unit_of_work(self) -> UnitOfWork:
        return self.database.unit_of_work()

    def catalog(self, uow: UnitOfWork) -> Catalog:
        if self._catalog is None:
            document = uow.installation.get("catalog")
            if document is None:
                raise ConfigurationError(
                    "this installation is not set up yet; run: privault init --industry salon"
                )
            self._catalog = parse_catalog(json.loads(document))
        return self._catalog

    def forget_catalog(self) -> None:
        self._catalog = None

    def close(self) -> None:
        self.database.dispose()


def open_vault(settings: Settings, *, clock: Clock = utc_now, create: bool = False) -> Vault:
    """Only `privault init` creates an installation; everything else needs one."""
    if not create and not settings.key_file.exists():
        raise ConfigurationError(
            f"no installation under {settings.home}; run: privault init --industry salon"
        )
    master = load_or_create(settings.key_file)
    chain = audit_chain_key(master)
    return Vault(
        settings=settings,
        database=Database(settings.database_url, settings.keystore_url, audit_link=chain.link),
        keys=DataKeyRing(LocalKeyProvider(master)),
        indexer=BlindIndexer(master),
        audit_key=chain,
        clock=clock,
    )
