"""Shared devices and staff PINs: the tablets' hashed tokens, the PINs' argon2 hashes, and the
idle expiry of the sessions opened on a tablet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from privault.db.tables import shared_devices, staff_pins, staff_sessions
from privault.domain.devices import SharedDevice


class DeviceRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, token_hash: bytes, device: SharedDevice) -> None:
        values = {"token_hash": token_hash, **device.__dict__}
        self._c.execute(insert(shared_devices).values(**values))

    def get(self, token_hash: bytes) -> SharedDevice | None:
        d = shared_devices.c
        row = self._c.execute(
            select(d.store, d.name, d.created_at, d.created_by).where(
                d.token_hash == token_hash, d.revoked_at.is_(None)
            )
        ).first()
        return None if row is None else SharedDevice(*row)

    def of_stores(self, stores: frozenset[str]) -> list[tuple[bytes, SharedDevice]]:
        """Unrevoked devices, of these stores only (none: every store)."""
        d = shared_devices.c
        query = select(d.token_hash, d.store, d.name, d.created_at, d.created_by).where(
            d.revoked_at.is_(None)
        )
        if stores:
            query = query.where(d.store.in_(sorted(stores)))
        rows = self._c.execute(query.order_by(d.store, d.name))
        return [(r[0], SharedDevice(*r[1:])) for r in rows]

    def revoke(self, token_hash: bytes, at: datetime) -> None:
        d = shared_devices.c
        self._c.execute(
            update(shared_devices).where(d.token_hash == token_hash).values(revoked_at=at)
        )

    def pin(self, name: str) -> tuple[str, int] | None:
        """The PIN's hash and its failures in a row."""
        p = staff_pins.c
        row = self._c.execute(select(p.pin_hash, p.failures).where(p.staff_name == name)).first()
        return None if row is None else (row[0], row[1])

    def set_pin(self, name: str, pin_hash: str, at: datetime) -> None:
        self._c.execute(delete(staff_pins).where(staff_pins.c.staff_name == name))
        self._c.execute(
            insert(staff_pins).values(staff_name=name, pin_hash=pin_hash, failures=0, set_at=at)
        )

    def count_pin(self, name: str, failures: int) -> None:
        p = staff_pins.c
        self._c.execute(update(staff_pins).where(p.staff_name == name).values(failures=failures))

    def session_started(self, token_hash: bytes) -> tuple[datetime, datetime] | None:
        """An open session's start and current expiry."""
        s = staff_sessions.c
        row = self._c.execute(
            select(s.created_at, s.expires_at).where(
                s.token_hash == token_hash, s.ended_at.is_(None)
            )
        ).first()
        return None if row is None else (row[0], row[1])

    def expire_session_at(self, token_hash: bytes, at: datetime) -> None:
        s = staff_sessions.c
        self._c.execute(
            update(staff_sessions).where(s.token_hash == token_hash).values(expires_at=at)
        )
