"""Blind indexes: HMAC-SHA256 of a normalised value under a key derived for that index alone."""

from __future__ import annotations

import hashlib
import hmac

from privault.crypto.master_key import MasterKey

DIGEST_BYTES = 16  # 128 bits: collisions stay negligible, the index stays compact


class BlindIndexer:
    """Keys come from the master key file, never from the data database (DESIGN §5)."""

    def __init__(self, master: MasterKey) -> None:
        self._master = master
        self._keys: dict[str, bytes] = {}

    def digest(self, index: str, normalised: str) -> bytes:
        key = self._keys.get(index)
        if key is None:
            key = self._keys[index] = self._master.derive(f"blind-index/{index}")
        return hmac.new(key, normalised.encode(), hashlib.sha256).digest()[:DIGEST_BYTES]
