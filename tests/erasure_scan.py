"""Where a person's values survive in an installation: every file under PRIVAULT_HOME (archives
unpacked) and every table of both databases, searched for each value in every form a copy
could hold it (UTF-8, GB18030, JSON \\u escapes).

A later area that writes files of its own (printed cards, merge reports, campaign queues) adds
them here rather than writing a scan of its own:
- files under PRIVAULT_HOME are found by the walk already; a new archive format adds an
  unpacker to `UNPACKERS` (first bytes -> members);
- files kept elsewhere add a function to `EXTRA_ROOTS` (settings -> the folders to walk);
- a new text encoding adds a function to `FORMS`.

    found = scan_installation(vault, ["张三丰", "13812345678"])
    assert found == {}
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, MetaData, select

from privault.config import Settings
from privault.services.vault import Vault

Members = Iterator[tuple[str, bytes]]
# A value searched for: text in every form below, or raw bytes as they are (a photo's pixels).
Value = str | bytes


def _zip_members(content: bytes) -> Members:
    """ZIP, and what is ZIP inside: XLSX, DOCX, ODS."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                yield info.filename, archive.read(info)


def _gzip_members(content: bytes) -> Members:
    yield "(gunzipped)", gzip.decompress(content)


# First bytes of an archive -> its members, each scanned as a file (and unpacked in turn).
UNPACKERS: dict[bytes, Callable[[bytes], Members]] = {
    b"PK\x03\x04": _zip_members,
    b"\x1f\x8b": _gzip_members,
}

# Folders outside PRIVAULT_HOME where an area keeps files (none yet).
EXTRA_ROOTS: list[Callable[[Settings], Iterable[Path]]] = []


def _json_escaped(value: str) -> bytes:
    r"""As `json.dumps` writes it with ensure_ascii (\u5f20), and with upper-case hex too."""
    escaped = json.dumps(value)[1:-1]
    return escaped.encode("ascii")


def _json_escaped_upper(value: str) -> bytes:
    escaped = "".join(c if ord(c) < 128 else f"\\u{ord(c):04X}" for c in value)
    return escaped.encode("ascii")


def _gb18030(value: str) -> bytes:
    return value.encode("gb18030")


FORMS: list[Callable[[str], bytes]] = [
    lambda value: value.encode("utf-8"),
    _gb18030,
    _json_escaped,
    _json_escaped_upper,
]


def forms(value: Value) -> set[bytes]:
    """The byte strings a copy of `value` would contain."""
    if isinstance(value, bytes):
        return {value}
    return {form(value) for form in FORMS}


def _search(
    found: dict[Value, list[str]], where: str, content: bytes, wanted: dict[Value, set[bytes]]
) -> None:
    for value, shapes in wanted.items():
        if any(shape in content for shape in shapes):
            found.setdefault(value, []).append(where)


def _scan_bytes(
    found: dict[Value, list[str]], where: str, content: bytes, wanted: dict[Value, set[bytes]]
) -> None:
    _search(found, where, content, wanted)
    for magic, unpack in UNPACKERS.items():
        if content.startswith(magic):
            for member, inner in unpack(content):
                _scan_bytes(found, f"{where}!{member}", inner, wanted)


def scan_files(roots: Iterable[Path], values: Iterable[Value]) -> dict[Value, list[str]]:
    """value -> the files (and archive members) holding it; SQLite files are read as bytes,
    so a value left on a freed page is found too."""
    wanted = {v: forms(v) for v in values}
    found: dict[Value, list[str]] = {}
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            _scan_bytes(found, f"file:{path}", path.read_bytes(), wanted)
    return found


def _cell_bytes(cell: Any) -> bytes:
    if isinstance(cell, bytes | bytearray | memoryview):
        return bytes(cell)
    return str(cell).encode("utf-8")


def scan_tables(engine: Engine, label: str, values: Iterable[Value]) -> dict[Value, list[str]]:
    """value -> "<label>:<table>.<column>" for each column holding it, in any table the
    database has (reflected, so a table added later is scanned without a change here)."""
    wanted = {v: forms(v) for v in values}
    found: dict[Value, list[str]] = {}
    metadata = MetaData()
    metadata.reflect(bind=engine)
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)):
                for column, cell in zip(table.columns, row, strict=True):
                    if cell is not None:
                        where = f"{label}:{table.name}.{column.name}"
                        _search(found, where, _cell_bytes(cell), wanted)
    return found


def scan_installation(vault: Vault, values: Iterable[Value]) -> dict[Value, list[str]]:
    """value -> every place under PRIVAULT_HOME, in an extra root, or in a table of the data
    or keystore database where it was found; {} when none of them holds any value."""
    wanted = [v for v in values if v]
    roots = [vault.settings.home, *(r for extra in EXTRA_ROOTS for r in extra(vault.settings))]
    found = scan_files(roots, wanted)
    engines = {"data": vault.database.data_engine, "keystore": vault.database.keystore_engine}
    for label, engine in engines.items():
        for value, places in scan_tables(engine, label, wanted).items():
            found.setdefault(value, []).extend(places)
    return found
