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
_BLOCK = 64  # SHA-256's block size


class AuditChainKey:
    def __init__(self, key: bytes) -> None:
        # HMAC (RFC 2104) over hashlib states keyed once: a link is then seven C calls.
        # hmac.digest() redoes the key schedule per call and hmac.HMAC.copy() is Python code;
        # either doubles the cost of verifying a million events. Tests pin it to hmac.digest.
        block = (hashlib.sha256(key).digest() if len(key) > _BLOCK else key).ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        self._checkpoint_key = hmac.digest(key, _CHECKPOINT_KEY_INFO, "sha256")

    def link(self, previous: bytes, payload: bytes) -> bytes:
        """HMAC-SHA256(key, previous + payload)."""
        inner = self._inner.copy()
        inner.update(previous)
        inner.update(payload)
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.digest()

    def checkpoint_mac(self, payload: bytes) -> bytes:
        return hmac.digest(self._checkpoint_key, payload, "sha256")

    def is_checkpoint_mac(self, payload: bytes, mac: bytes) -> bool:
        return hmac.compare_digest(self.checkpoint_mac(payload), mac)


def audit_chain_key(master: MasterKey) -> AuditChainKey:
    """Pinned to the master key's first version: rotating the master key must not turn every
    link already written into a verification failure."""
    return AuditChainKey(master.derive("audit-chain", version=min(master.secrets)))
