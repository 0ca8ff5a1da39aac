"""Serving sections: a store's rooms and the service staff who serve them, set whole."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, RowMapping, delete, insert, select

from privault.db.tables import serving_sections
from privault.domain.sections import Section


class SectionRepository:
    def __init__(self, connection: Connection, kept_changed: Callable[[], None]) -> None:
        """`kept_changed`: moves the settings stamp: workers keep every section (Vault)."""
        self._c = connection
        self._kept_changed = kept_changed

    def put(self, section: Section, at: datetime, by: str) -> None:
        """The section as given replaces what was stored under its name."""
        self.remove(section.store, section.name)
        self._c.execute(
            insert(serving_sections).values(
                store=section.store,
                name=section.name,
                rooms=json.dumps(list(section.rooms), ensure_ascii=False),
                staff=json.dumps(list(section.staff), ensure_ascii=False),
                updated_at=at,
                updated_by=by,
            )
        )

    def remove(self, store: str, name: str) -> bool:
        table = serving_sections
        query = delete(table).where(table.c.store == store, table.c.name == name)
        removed = bool(self._c.execute(query).rowcount)
        self._kept_changed()
        return removed

    def of_store(self, store: str) -> list[Section]:
        table = serving_sections
        query = select(table).where(table.c.store == store).order_by(table.c.name)
        return [_section(r._mapping) for r in self._c.execute(query)]

    def every(self) -> tuple[Section, ...]:
        """Every store's sections (few: tens per store)."""
        query = select(serving_sections).order_by(serving_sections.c.store, serving_sections.c.name)
        return tuple(_section(r._mapping) for r in self._c.execute(query))


def _section(m: RowMapping) -> Section:
    return Section(
        store=m["store"],
        name=m["name"],
        rooms=tuple(json.loads(m["rooms"])),
        staff=tuple(json.loads(m["staff"])),
    )
