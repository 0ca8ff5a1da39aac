"""Serving sections: a store's rooms and the service staff who serve them, set whole."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, RowMapping, delete, insert, select

from privault.db.tables import serving_sections
from privault.domain.sections import Section


class SectionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

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
        return bool(self._c.execute(query).rowcount)

    def of_store(self, store: str) -> list[Section]:
        table = serving_sections
        query = select(table).where(table.c.store == store).order_by(table.c.name)
        return [_section(r._mapping) for r in self._c.execute(query)]

    def of_staff(self, staff_name: str) -> list[Section]:
        """Every store's sections (few: tens per store), filtered here: the staff list is JSON."""
        query = select(serving_sections).order_by(serving_sections.c.store, serving_sections.c.name)
        found = [_section(r._mapping) for r in self._c.execute(query)]
        return [s for s in found if staff_name in s.staff]


def _section(m: RowMapping) -> Section:
    return Section(
        store=m["store"],
        name=m["name"],
        rooms=tuple(json.loads(m["rooms"])),
        staff=tuple(json.loads(m["staff"])),
    )
