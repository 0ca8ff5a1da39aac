"""What sealing new customers needs, and nothing of the database: data keys and blind indexes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from privault.crypto.blind_index import BlindIndexer
from privault.crypto.data_keys import DataKeyRing
from privault.crypto.envelope import LocalKeyProvider
from privault.crypto.master_key import load_or_create


@dataclass(frozen=True)
class Sealer:
    keys: DataKeyRing
    indexer: BlindIndexer

    @classmethod
    def from_key_file(cls, path: Path) -> Sealer:
        master = load_or_create(path)
        return cls(DataKeyRing(LocalKeyProvider(master)), BlindIndexer(master))
