"""Small secrets kept in the data database (TOTP seeds), sealed with a key of their own."""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privault.domain.errors import ConfigurationError

_NONCE = 12


class SecretBox:
    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def seal(self, plaintext: str, context: str) -> bytes:
        """`context` (e.g. the staff name) is bound as associated data: a sealed seed copied
        onto another account does not open."""
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext.encode(), context.encode())

    def open(self, sealed: bytes, context: str) -> str:
        try:
            return self._aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], context.encode()).decode()
        except InvalidTag:
            raise ConfigurationError(
                f"the stored secret for {context} does not open with this master key"
            ) from None
