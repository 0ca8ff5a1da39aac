"""Per-customer data keys: creation, and a short-lived cache of unwrapped keys for batches."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privault.crypto.envelope import KeyProvider, WrappedKey, new_data_key


class DataKeyRing:
    """Unwrapped keys stay in memory briefly so a batch never pays one KMS round-trip per field."""

    def __init__(
        self,
        provider: KeyProvider,
        *,
        ttl_seconds: float = 60.0,
        capacity: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._provider = provider
        self._ttl = ttl_seconds
        self._capacity = capacity
        self._monotonic = monotonic
        self._cache: OrderedDict[str, tuple[float, AESGCM]] = OrderedDict()

    def create(self, customer_id: str) -> tuple[AESGCM, WrappedKey]:
        dek = new_data_key()
        aead = AESGCM(dek)
        self._remember(customer_id, aead)
        return aead, self._provider.wrap(dek, customer_id=customer_id)

    def cached(self, customer_id: str) -> AESGCM | None:
        entry = self._cache.get(customer_id)
        if entry is None or entry[0] < self._monotonic():
            self._cache.pop(customer_id, None)
            return None
        return entry[1]

    def open(self, customer_id: str, wrapped: WrappedKey) -> AESGCM:
        aead = AESGCM(self._provider.unwrap(wrapped, customer_id=customer_id))
        self._remember(customer_id, aead)
        return aead

    def forget(self, customer_id: str) -> None:
        self._cache.pop(customer_id, None)

    def _remember(self, customer_id: str, aead: AESGCM) -> None:
        self._cache[customer_id] = (self._monotonic() + self._ttl, aead)
        self._cache.move_to_end(customer_id)
        while len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
