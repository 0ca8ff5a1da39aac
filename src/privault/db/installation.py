"""Installation settings (industry, catalog) and published privacy notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from privault.db.tables import installation, notices


@dataclass(frozen=True)
class StoredNotice:
    version: str
    document: str
    sha256: str
    is_material: bool
    published_at: datetime
    published_by: str


class InstallationRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def get(self, key: str) -> str | None:
        query = select(installation.c.value).where(installation.c.key == key)
        value: str | None = self._c.execute(query).scalar_one_or_none()
        return value

    def put(self, key: str, value: str) -> None:
        if self.get(key) is None:
            self._c.execute(insert(installation).values(key=key, value=value))
        else:
            self._c.execute(
                update(installation).where(installation.c.key == key).values(value=value)
            )

    def add_notice(self, notice: StoredNotice) -> None:
        self._c.execute(insert(notices).values(**vars(notice)))

    def notice(self, version: str) -> StoredNotice | None:
        found = self._c.execute(select(notices).where(notices.c.version == version)).first()
        return StoredNotice(**found._mapping) if found else None

    def notices(self) -> list[StoredNotice]:
        rows = self._c.execute(select(notices).order_by(notices.c.published_at))
        return [StoredNotice(**r._mapping) for r in rows]
