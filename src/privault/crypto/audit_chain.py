"""The keyed link of the audit hash chain, and the MAC that seals a checkpoint of it.

HMAC under a key derived from the master key, which never sits in the database: someone who can
write to the database can edit an event but cannot compute the link that would hide the edit.
"""

from __future__ import annotations

import hashlib
import hmac

from privault.crypto.master_key import MasterKey

# A checkpoint MAC and a chain link must never be interchangeable: the checkpoint gets its own
# key, derived from the chain key (HMAC as a PRF, as HKDF-Expand does).
_CHECKPOINT_KEY_INFO = b"privault/audit-checkpoint"


class AuditChainKey:
    def __init__(self, key: bytes) -> None:
        # The keyed state is computed once; each link copies it. hmac.digest() would redo the
        # key schedule per call, which doubles the cost of verifying a million events.
        self._keyed = hmac.new(key, digestmod=hashlib.sha256)
        self._checkpoint_key = hmac.digest(key, _CHECKPOINT_KEY_INFO, "sha256")

    def link(self, previous: bytes, payload: bytes) -> bytes:
        """HMAC-SHA256(key, previous + payload)."""
        mac = self._keyed.copy()
        mac.update(previous)
        mac.update(payload)
        return mac.digest()

    def checkpoint_mac(self, payload: bytes) -> bytes:
        return hmac.digest(self._checkpoint_key, payload, "sha256")

    def is_checkpoint_mac(self, payload: bytes, mac: bytes) -> bool:
        return hmac.compare_digest(self.checkpoint_mac(payload), mac)


def audit_chain_key(master: MasterKey) -> AuditChainKey:
    return AuditChainKey(master.derive("audit-chain"))
