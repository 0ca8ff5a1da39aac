"""Saved import mappings: a source system's headers and what each becomes (issue 17 point 7)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from privault.db.tables import import_mappings


@dataclass(frozen=True)
class SavedMapping:
    name: str
    headers_digest: str
    choices: dict[str, str]  # header as written -> target; "" leaves the column out
    saved_at: datetime
    saved_by: str


class ImportMappingRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def save(self, mapping: SavedMapping) -> None:
        """One mapping per name: saving again replaces it."""
        self._c.execute(delete(import_mappings).where(import_mappings.c.name == mapping.name))
        self._c.execute(
            insert(import_mappings).values(
                name=mapping.name,
                headers_digest=mapping.headers_digest,
                choices=json.dumps(mapping.choices, ensure_ascii=False, sort_keys=True),
                saved_at=mapping.saved_at,
                saved_by=mapping.saved_by,
            )
        )

    def named(self, name: str) -> SavedMapping | None:
        query = select(import_mappings).where(import_mappings.c.name == name)
        row = self._c.execute(query).first()
        return None if row is None else _mapping(row._mapping)

    def for_headers(self, digest: str) -> SavedMapping | None:
        """The newest mapping saved for these headers."""
        m = import_mappings.c
        query = (
            select(import_mappings)
            .where(m.headers_digest == digest)
            .order_by(m.saved_at.desc(), m.name)
            .limit(1)
        )
        row = self._c.execute(query).first()
        return None if row is None else _mapping(row._mapping)

    def all(self) -> list[SavedMapping]:
        query = select(import_mappings).order_by(import_mappings.c.name)
        return [_mapping(r._mapping) for r in self._c.execute(query)]


def _mapping(row: object) -> SavedMapping:
    values = dict(row)  # type: ignore[call-overload]
    return SavedMapping(
        values["name"],
        values["headers_digest"],
        json.loads(values["choices"]),
        values["saved_at"],
        values["saved_by"],
    )
