"""Installation settings (industry, catalog) and published privacy notices.

Every settings write moves a version stamp in the same transaction, so each server process
can tell with one primary-key read that the settings it cached are stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Integer, Text, bindparam, cast, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from privault.db.tables import installation, notices
from privault.domain.notices import renewed_purposes

SETTINGS_VERSION = "settings_version"
# Built once: the settings stamp is read by nearly every unit of work.
_GET = select(installation.c.value).where(installation.c.key == bindparam("key"))
# The stamp as a column a credential's read carries (`stamp_of` reads it): the request's first
# unit of work then needs no statement of its own for it (services/settings_stamp.py).
SETTINGS_STAMP = (
    select(installation.c.value)
    .where(installation.c.key == SETTINGS_VERSION)
    .scalar_subquery()
    .label("settings_stamp")
)


def stamp_of(stored: str | None) -> int:
    """0 before any settings write, as `settings_version` reads it."""
    return int(stored) if stored is not None else 0


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
        self._version: int | None = None
        self.has_changed_settings = False  # this transaction wrote settings not yet committed

    def get(self, key: str) -> str | None:
        value: str | None = self._c.execute(_GET, {"key": key}).scalar_one_or_none()
        return value

    def put(self, key: str, value: str) -> None:
        """Any key moves the stamp: a process may cache any setting, and one rule for all keeps
        a cache added later from being forgotten here."""
        self._upsert(key, value, value)
        self.settings_changed()

    def settings_version(self) -> int:
        """The stamp as this unit of work first read it (0 before any settings write): read
        once, it costs one primary-key read per unit of work, however many caches ask."""
        if self._version is None:
            self._version = stamp_of(self.get(SETTINGS_VERSION))
        return self._version

    def settings_changed(self) -> None:
        """Moves the stamp (done by `put`; also for writes that bypass it, like a restore).
        Atomic on both databases, so concurrent writers each move it once."""
        bumped = cast(cast(installation.c.value, Integer) + 1, Text)
        self._upsert(SETTINGS_VERSION, "1", bumped)
        self.has_changed_settings = True

    def add_notice(self, notice: StoredNotice) -> None:
        """Moves the stamp: processes keep the renewals the notices decide."""
        self._c.execute(insert(notices).values(**vars(notice)))
        self.settings_changed()

    def notice(self, version: str) -> StoredNotice | None:
        found = self._c.execute(select(notices).where(notices.c.version == version)).first()
        return StoredNotice(**found._mapping) if found else None

    def notices(self) -> list[StoredNotice]:
        rows = self._c.execute(select(notices).order_by(notices.c.published_at))
        return [StoredNotice(**r._mapping) for r in rows]

    def settings_under(self, prefix: str) -> dict[str, str]:
        """Every setting whose key starts with `prefix`, keyed by the rest of its key."""
        query = select(installation.c.key, installation.c.value).where(
            installation.c.key.startswith(prefix, autoescape=True)
        )
        return {row.key.removeprefix(prefix): row.value for row in self._c.execute(query)}

    def renewals(self) -> dict[str, frozenset[str]]:
        return renewals(self._c)

    def _upsert(self, key: str, value: str, on_conflict: str | ColumnElement[Any]) -> None:
        """Insert, or set `on_conflict` on the existing row, in one statement: no window
        between a read and a write for a concurrent writer to fall into."""
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(installation).values(key=key, value=value)
        self._c.execute(
            statement.on_conflict_do_update(
                index_elements=[installation.c.key], set_={"value": on_conflict}
            )
        )


def renewals(connection: Connection) -> dict[str, frozenset[str]]:
    """Purpose → the notice versions published before the latest material change that names
    it: a grant under one of them waits for renewal. Read from the published documents (the
    renewals are part of what was hashed), a handful of rows."""
    published = connection.execute(
        select(notices.c.version, notices.c.published_at, notices.c.is_material, notices.c.document)
    ).all()
    since: dict[str, datetime] = {}
    for row in published:
        for purpose in renewed_purposes(row.document) if row.is_material else ():
            since[purpose] = max(row.published_at, since.get(purpose, row.published_at))
    return {
        purpose: frozenset(row.version for row in published if row.published_at < cutoff)
        for purpose, cutoff in since.items()
    }
