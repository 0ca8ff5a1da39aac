"""Customers' language for what is written to them (customers.language)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, select, update

from privault.db.tables import customers

_CHUNK = 900  # ids per statement, under every driver's parameter limit


class CustomerLanguageRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def of(self, ids: Sequence[str]) -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            query = select(customers.c.id, customers.c.language).where(customers.c.id.in_(chunk))
            found.update({cid: lang for cid, lang in self._c.execute(query)})
        return found

    def set(self, customer_id: str, language: str | None) -> None:
        self._c.execute(
            update(customers).where(customers.c.id == customer_id).values(language=language)
        )
