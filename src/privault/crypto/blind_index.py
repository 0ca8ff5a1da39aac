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
        self._keyed: dict[str, hmac.HMAC] = {}

    def digest(self, index: str, normalised: str) -> bytes:
        # Copying a keyed HMAC skips re-deriving the key pads: a third of the cost per value.
        keyed = self._keyed.get(index)
        if keyed is None:
            key = self._master.derive(f"blind-index/{index}")
            keyed = self._keyed[index] = hmac.new(key, digestmod=hashlib.sha256)
        mac = keyed.copy()
        mac.update(normalised.encode())
        return mac.digest()[:DIGEST_BYTES]
