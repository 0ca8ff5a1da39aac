"""Envelope encryption: a data key per customer, AES-256-GCM per field, keys wrapped by a KEK."""

from __future__ import annotations

import os
import struct
from typing import NamedTuple, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privault.crypto.master_key import MasterKey
from privault.domain.errors import ConfigurationError

NONCE_BYTES = 12
DataKey = AESGCM  # an unwrapped per-customer key, ready to seal and open fields
FORMAT_V1 = 1
# Header: format byte and the data-key version, so every ciphertext says which key opens it.
_HEADER = struct.Struct(">BH")


class WrappedKey(NamedTuple):
    kek_id: str
    kek_version: int
    blob: bytes


class KeyProvider(Protocol):
    """Wraps and unwraps data keys; a local key file by default, an external KMS as an option."""

    def wrap(self, dek: bytes, *, customer_id: str) -> WrappedKey: ...

    def unwrap(self, wrapped: WrappedKey, *, customer_id: str) -> bytes: ...


class LocalKeyProvider:
    def __init__(self, master: MasterKey) -> None:
        self._master = master
        self._keks = {v: AESGCM(master.derive("kek", version=v)) for v in master.secrets}

    def wrap(self, dek: bytes, *, customer_id: str) -> WrappedKey:
        version = self._master.active_version
        nonce = os.urandom(NONCE_BYTES)
        blob = nonce + self._keks[version].encrypt(nonce, dek, customer_id.encode())
        return WrappedKey(self._master.key_id, version, blob)

    def unwrap(self, wrapped: WrappedKey, *, customer_id: str) -> bytes:
        if wrapped.kek_id != self._master.key_id or wrapped.kek_version not in self._keks:
            raise ConfigurationError(
                f"data key was wrapped by key {wrapped.kek_id} v{wrapped.kek_version}, "
                "which this installation's master key file does not hold"
            )
        nonce, body = wrapped.blob[:NONCE_BYTES], wrapped.blob[NONCE_BYTES:]
        try:
            return self._keks[wrapped.kek_version].decrypt(nonce, body, customer_id.encode())
        except InvalidTag as exc:
            raise ConfigurationError(
                f"data key of customer {customer_id} failed its integrity check"
            ) from exc


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _aad(customer_id: str, field_key: str, version: int) -> bytes:
    return f"{customer_id}\x1f{field_key}\x1f{version}".encode()


def encrypt_field(
    aead: AESGCM, customer_id: str, field_key: str, plaintext: str, *, version: int = 1
) -> bytes:
    """AAD binds customer, field and key version: a ciphertext moved to another row fails."""
    return encrypt_bytes(aead, customer_id, field_key, plaintext.encode(), version=version)


def encrypt_bytes(
    aead: AESGCM, customer_id: str, field_key: str, plaintext: bytes, *, version: int = 1
) -> bytes:
    """A binary value (a service photo) sealed exactly as a field: same header, nonce and AAD."""
    nonce = os.urandom(NONCE_BYTES)
    body = aead.encrypt(nonce, plaintext, _aad(customer_id, field_key, version))
    return _HEADER.pack(FORMAT_V1, version) + nonce + body


def decrypt_field(aead: AESGCM, customer_id: str, field_key: str, ciphertext: bytes) -> str:
    return decrypt_bytes(aead, customer_id, field_key, ciphertext).decode()


def decrypt_bytes(aead: AESGCM, customer_id: str, field_key: str, ciphertext: bytes) -> bytes:
    if len(ciphertext) < _HEADER.size + NONCE_BYTES + 16:  # header, nonce, GCM tag
        raise ConfigurationError(
            f"field {field_key} of customer {customer_id} is truncated and cannot be opened"
        )
    fmt, version = _HEADER.unpack_from(ciphertext)
    if fmt != FORMAT_V1:
        raise ConfigurationError(f"field {field_key}: unknown ciphertext format {fmt}")
    start = _HEADER.size
    nonce, body = ciphertext[start : start + NONCE_BYTES], ciphertext[start + NONCE_BYTES :]
    try:
        plain = aead.decrypt(nonce, body, _aad(customer_id, field_key, version))
    except InvalidTag as exc:
        raise ConfigurationError(
            f"field {field_key} of customer {customer_id} failed its integrity check"
        ) from exc
    return plain
