"""The keyed link of the audit hash chain.

HMAC under a key derived from the master key, which never sits in the database: someone who can
write to the database can edit an event but cannot compute the link that would hide the edit.
"""

from __future__ import annotations

import hmac


class AuditChainKey:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def link(self, previous: bytes, payload: bytes) -> bytes:
        return hmac.digest(self._key, previous + payload, "sha256")
