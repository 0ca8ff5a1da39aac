"""Backup archives: a header, then a stream of AES-256-GCM chunks that only this installation opens.

Layout: MAGIC, a format byte, the header's length (4 bytes) and the header (JSON); then chunks,
each a final flag (1 byte), the ciphertext's length (4 bytes), a random 96-bit nonce and the
ciphertext. Every chunk's associated data is the header's hash, the chunk's index and its final
flag, so a changed header, a chunk moved, dropped or taken from another archive, and an archive
cut after any chunk but the last all fail to open.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from privault.crypto.master_key import MasterKey, load_or_create
from privault.domain.errors import InvalidInputError

MAGIC = b"PRIVAULT-BACKUP"
FORMAT_VERSION = 1
KINDS = ("data", "keystore")
CHUNK_BYTES = 1 << 20
FOREIGN = "this archive was not made by this installation (or is damaged)"

_NONCE = 12
_TAG = 16
_SALT = 16
_MAX_HEADER = 1 << 16
_LENGTH = struct.Struct(">I")
_CHUNK = struct.Struct(">BI")  # final flag, ciphertext length
_AAD_TAIL = struct.Struct(">QB")  # chunk index, final flag


@dataclass(frozen=True)
class ArchiveHeader:
    kind: str
    installation_id: str
    created_at: datetime
    revision: str
    key_version: int
    salt: bytes
    format_version: int = FORMAT_VERSION

    def encode(self) -> bytes:
        document = asdict(self) | {
            "created_at": self.created_at.isoformat(),
            "salt": self.salt.hex(),
        }
        return json.dumps(document, sort_keys=True).encode()

    @classmethod
    def decode(cls, raw: bytes) -> ArchiveHeader:
        try:
            document = json.loads(raw)
            return cls(
                kind=str(document["kind"]),
                installation_id=str(document["installation_id"]),
                created_at=datetime.fromisoformat(document["created_at"]),
                revision=str(document["revision"]),
                key_version=int(document["key_version"]),
                salt=bytes.fromhex(document["salt"]),
                format_version=int(document["format_version"]),
            )
        except (ValueError, KeyError, TypeError):
            raise _refused("its header is unreadable; " + FOREIGN) from None


class ArchiveKeys:
    """The archive key of one installation, derived from its master key for this job only."""

    def __init__(self, master: MasterKey) -> None:
        self._master = master

    @classmethod
    def from_key_file(cls, path: Path) -> ArchiveKeys:
        return cls(load_or_create(path))

    @property
    def installation_id(self) -> str:
        return self._master.key_id

    def header(self, kind: str, revision: str, created_at: datetime) -> ArchiveHeader:
        if kind not in KINDS:
            raise ValueError(f"unknown archive kind {kind}")
        return ArchiveHeader(
            kind, self.installation_id, created_at, revision, self._master.active_version,
            os.urandom(_SALT),
        )  # fmt: skip

    def aead(self, header: ArchiveHeader) -> AESGCM:
        """One key per archive (salted), so nonces never need counting across archives."""
        if header.installation_id != self.installation_id:
            raise _refused(FOREIGN)
        if header.key_version not in self._master.secrets:
            raise _refused(FOREIGN)
        root = self._master.derive("backup-archive", version=header.key_version)
        info = f"privault/backup-archive/{header.kind}".encode()
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=header.salt, info=info).derive(root)
        return AESGCM(key)


class ArchiveWriter:
    """Buffers what it is given and seals it chunk by chunk; `finish` writes the final chunk."""

    def __init__(self, out: BinaryIO, keys: ArchiveKeys, header: ArchiveHeader) -> None:
        encoded = header.encode()
        preamble = MAGIC + bytes([FORMAT_VERSION]) + _LENGTH.pack(len(encoded)) + encoded
        self._out = out
        self._aead = keys.aead(header)
        self._header_hash = hashlib.sha256(preamble).digest()
        self._buffer = bytearray()
        self._index = 0
        out.write(preamble)

    def write(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), final=False)
            del self._buffer[:CHUNK_BYTES]

    def finish(self) -> None:
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _seal(self, plaintext: bytes, *, final: bool) -> None:
        nonce = os.urandom(_NONCE)
        aad = _aad(self._header_hash, self._index, final)
        sealed = self._aead.encrypt(nonce, plaintext, aad)
        self._out.write(_CHUNK.pack(final, len(sealed)) + nonce + sealed)
        self._index += 1


def read_header(stream: BinaryIO) -> tuple[ArchiveHeader, bytes]:
    """The header as written (not yet authenticated: the first chunk does that), and the hash
    of the preamble that every chunk is bound to."""
    magic = stream.read(len(MAGIC) + 1)
    if magic[: len(MAGIC)] != MAGIC:
        raise _refused("this file is not a privault backup archive")
    if magic[len(MAGIC)] != FORMAT_VERSION:
        raise _refused(f"archive format {magic[len(MAGIC)]} is not one this privault reads")
    length_bytes = stream.read(_LENGTH.size)
    if len(length_bytes) != _LENGTH.size:
        raise _refused("the archive is truncated")
    (length,) = _LENGTH.unpack(length_bytes)
    raw = stream.read(length) if length <= _MAX_HEADER else b""
    if len(raw) != length:
        raise _refused("its header is unreadable; " + FOREIGN)
    return ArchiveHeader.decode(raw), hashlib.sha256(magic + length_bytes + raw).digest()


def open_archive(
    stream: BinaryIO, keys: ArchiveKeys, *, kind: str
) -> tuple[ArchiveHeader, Iterator[bytes]]:
    """The header, and the plaintext chunk by chunk, each authenticated before it is yielded.

    The iterator raises if the archive turns out damaged or cut short: a caller that acts on
    the chunks as they come must be able to undo (a transaction), or read it all first.
    """
    header, header_hash = read_header(stream)
    aead = keys.aead(header)
    if header.kind != kind:
        raise _refused(f"this is a {header.kind} archive, not a {kind} archive")
    return header, _chunks(stream, aead, header_hash)


def verify_archive(path: Path, keys: ArchiveKeys, *, kind: str) -> ArchiveHeader:
    """Reads the whole archive once; nothing is kept."""
    with path.open("rb") as stream:
        header, chunks = open_archive(stream, keys, kind=kind)
        for _ in chunks:
            pass
    return header


def _chunks(stream: BinaryIO, aead: AESGCM, header_hash: bytes) -> Iterator[bytes]:
    index = 0
    while True:
        frame = stream.read(_CHUNK.size)
        if not frame:
            raise _refused("the archive is truncated: its last part is missing")
        if len(frame) != _CHUNK.size or frame[0] > 1:
            raise _refused(f"the archive is damaged at part {index + 1}")
        final, length = bool(frame[0]), _CHUNK.unpack(frame)[1]
        if not _TAG <= length <= CHUNK_BYTES + _TAG:
            raise _refused(f"the archive is damaged at part {index + 1}")
        body = stream.read(_NONCE + length)
        if len(body) != _NONCE + length:
            raise _refused("the archive is truncated: its last part is missing")
        try:
            plaintext = aead.decrypt(body[:_NONCE], body[_NONCE:], _aad(header_hash, index, final))
        except InvalidTag:
            damaged = FOREIGN if index == 0 else f"the archive is damaged at part {index + 1}"
            raise _refused(damaged) from None
        yield plaintext
        if final:
            if stream.read(1):
                raise _refused("the archive is damaged: data follows its last part")
            return
        index += 1


def _aad(header_hash: bytes, index: int, final: bool) -> bytes:
    return header_hash + _AAD_TAIL.pack(index, final)


def _refused(message: str) -> InvalidInputError:
    return InvalidInputError(message, field="archive")
