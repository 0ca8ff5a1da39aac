"""Backup archives open only whole, in order, unchanged, and only for the installation that made
them."""

from __future__ import annotations

import io
import os
import re
import struct
from datetime import UTC, datetime

import pytest

from privault.crypto import archive
from privault.crypto.archive import FOREIGN, ArchiveKeys, ArchiveWriter, open_archive
from privault.crypto.master_key import MasterKey
from privault.domain.errors import InvalidInputError

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
PAYLOAD = bytes(range(256)) * 3  # 768 bytes: several chunks of 100
_FRAME = struct.Struct(">BI")


def _keys(key_id: str = "local-0001") -> ArchiveKeys:
    return ArchiveKeys(MasterKey(key_id, 1, {1: os.urandom(32)}))


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "CHUNK_BYTES", 100)


def _write(keys: ArchiveKeys, payload: bytes = PAYLOAD, *, kind: str = "data") -> bytes:
    out = io.BytesIO()
    writer = ArchiveWriter(out, keys, keys.header(kind, "d1b5191c1ce3", AT))
    for start in range(0, len(payload), 37):  # written in pieces that straddle chunks
        writer.write(payload[start : start + 37])
    writer.finish()
    return out.getvalue()


def _read(keys: ArchiveKeys, raw: bytes, *, kind: str = "data") -> bytes:
    _, chunks = open_archive(io.BytesIO(raw), keys, kind=kind)
    return b"".join(chunks)


def _split(raw: bytes) -> tuple[bytes, list[bytes]]:
    """The preamble and the chunk frames, as laid out on disk."""
    offset = len(archive.MAGIC) + 1
    (length,) = struct.unpack(">I", raw[offset : offset + 4])
    position = offset + 4 + length
    preamble, frames = raw[:position], []
    while position < len(raw):
        size = 5 + 12 + _FRAME.unpack(raw[position : position + 5])[1]
        frames.append(raw[position : position + size])
        position += size
    return preamble, frames


def test_an_archive_round_trips_in_several_chunks_with_its_header() -> None:
    keys = _keys()
    raw = _write(keys)

    header, chunks = open_archive(io.BytesIO(raw), keys, kind="data")

    assert b"".join(chunks) == PAYLOAD
    assert (header.kind, header.installation_id, header.created_at, header.revision) == (
        "data",
        "local-0001",
        AT,
        "d1b5191c1ce3",
    )
    assert raw.startswith(b"PRIVAULT-BACKUP")
    assert len(_split(raw)[1]) == 8  # 7 full chunks and a final one of 68 bytes
    assert PAYLOAD[:32] not in raw


def test_an_empty_archive_still_has_its_final_chunk() -> None:
    keys = _keys()
    raw = _write(keys, b"")
    assert _read(keys, raw) == b""
    assert len(_split(raw)[1]) == 1


@pytest.mark.parametrize("position", [0, 1, 3, -1])
def test_a_changed_byte_in_any_chunk_is_refused(position: int) -> None:
    keys = _keys()
    preamble, frames = _split(_write(keys))
    frame = bytearray(frames[position])
    frame[-5] ^= 0x01
    frames[position] = bytes(frame)

    with pytest.raises(InvalidInputError, match=r"damaged at part|not made by this installation"):
        _read(keys, preamble + b"".join(frames))


def test_a_changed_header_fails_the_first_chunk() -> None:
    keys = _keys()
    raw = _write(keys).replace(b"d1b5191c1ce3", b"d1b5191c1ce4", 1)
    with pytest.raises(InvalidInputError, match=re.escape(FOREIGN)):
        _read(keys, raw)


@pytest.mark.parametrize("cut", ["last chunk", "half a chunk", "header"])
def test_a_truncated_archive_is_refused(cut: str) -> None:
    keys = _keys()
    raw = _write(keys)
    preamble, frames = _split(raw)
    shorter = {
        "last chunk": preamble + b"".join(frames[:-1]),
        "half a chunk": raw[: len(raw) - 40],
        "header": raw[: len(preamble) - 3],
    }[cut]
    with pytest.raises(InvalidInputError, match=r"truncated|unreadable"):
        _read(keys, shorter)


def test_a_chunk_passed_off_as_the_final_one_is_refused() -> None:
    keys = _keys()
    preamble, frames = _split(_write(keys))
    early_end = bytearray(frames[2])
    early_end[0] = 1  # the flag is bound into the chunk's associated data
    with pytest.raises(InvalidInputError, match="damaged at part 3"):
        _read(keys, preamble + b"".join(frames[:2]) + bytes(early_end))


def test_reordered_chunks_are_refused() -> None:
    keys = _keys()
    preamble, frames = _split(_write(keys))
    frames[1], frames[2] = frames[2], frames[1]
    with pytest.raises(InvalidInputError, match="damaged at part 2"):
        _read(keys, preamble + b"".join(frames))


def test_a_chunk_from_another_archive_of_the_same_installation_is_refused() -> None:
    keys = _keys()
    preamble, frames = _split(_write(keys))
    _, others = _split(_write(keys))
    frames[1] = others[1]
    with pytest.raises(InvalidInputError, match="damaged at part 2"):
        _read(keys, preamble + b"".join(frames))


def test_anything_after_the_final_chunk_is_refused() -> None:
    keys = _keys()
    with pytest.raises(InvalidInputError, match="data follows its last part"):
        _read(keys, _write(keys) + b"\0")


@pytest.mark.parametrize("key_id", ["local-0001", "local-0002"])
def test_another_installations_archive_is_refused_even_under_our_id(key_id: str) -> None:
    raw = _write(_keys(key_id))
    with pytest.raises(InvalidInputError, match=re.escape(FOREIGN)):
        _read(_keys("local-0001"), raw)


def test_an_archive_of_the_other_kind_or_no_archive_at_all_is_refused() -> None:
    keys = _keys()
    with pytest.raises(InvalidInputError, match="a keystore archive, not a data archive"):
        _read(keys, _write(keys, kind="keystore"))
    with pytest.raises(InvalidInputError, match="not a privault backup archive"):
        _read(keys, b"SQLite format 3\0" + bytes(100))
