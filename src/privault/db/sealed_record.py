"""The storage format of a customer's sealed fields: field key and ciphertext, length-prefixed."""

from __future__ import annotations

import struct
from collections.abc import Mapping

_KEY = struct.Struct(">B")
_BLOB = struct.Struct(">I")


def pack(fields: Mapping[str, bytes]) -> bytes:
    parts = []
    for key in sorted(fields):
        encoded = key.encode()
        parts += [_KEY.pack(len(encoded)), encoded, _BLOB.pack(len(fields[key])), fields[key]]
    return b"".join(parts)


def unpack(record: bytes) -> dict[str, bytes]:
    fields, view, at = {}, memoryview(record), 0
    while at < len(view):
        (size,) = _KEY.unpack_from(view, at)
        key = bytes(view[at + 1 : at + 1 + size]).decode()
        at += 1 + size
        (length,) = _BLOB.unpack_from(view, at)
        fields[key] = bytes(view[at + 4 : at + 4 + length])
        at += 4 + length
    return fields
