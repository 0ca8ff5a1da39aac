"""Answer files sealed under the customer's data key: erasing the customer (crypto-shredding)
makes every answer written for them unreadable, wherever a copy of the file went.

A sealed file is a header, the SHA-256 of the opened content (so the evidence digest of what
was handed over can be recomputed without opening it), and the content sealed as a field of the
customer named `answer:<file name>`: a file renamed or moved to another customer fails to open.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from privault.crypto.envelope import DataKey, decrypt_field, encrypt_field
from privault.domain.errors import InvalidInputError

SUFFIX = ".sealed"
_MAGIC = b"privault-answer-1\n"
_DIGEST = 32


def seal_answer(key: DataKey, customer_id: str, name: str, text: str) -> bytes:
    digest = hashlib.sha256(text.encode()).digest()
    return _MAGIC + digest + encrypt_field(key, customer_id, _field(name), text)


def open_answer(key: DataKey, customer_id: str, path: Path) -> bytes:
    """The content handed over; a file that is not a sealed answer of this customer fails."""
    name = answer_name(path)
    blob = _body(path)
    return decrypt_field(key, customer_id, _field(name), blob[_DIGEST:]).encode()


def sealed_digest(path: Path) -> str:
    """The SHA-256 of the opened content, as written in the header."""
    return _body(path)[:_DIGEST].hex()


def answer_name(path: Path) -> str:
    """The name the person receives: the file's name without the sealed suffix."""
    return path.name.removesuffix(SUFFIX)


def is_sealed(path: Path) -> bool:
    return path.name.endswith(SUFFIX)


def _field(name: str) -> str:
    return f"answer:{name}"


def _body(path: Path) -> bytes:
    content = path.read_bytes()
    if not content.startswith(_MAGIC) or len(content) < len(_MAGIC) + _DIGEST:
        raise InvalidInputError(
            "{name} is not a sealed answer file", field="name", params={"name": path.name}
        )
    return content[len(_MAGIC) :]
