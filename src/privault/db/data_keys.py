"""Wrapped data keys in the keystore database; deleting one crypto-shreds its customer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, delete, select

from privault.crypto.envelope import WrappedKey
from privault.db.bulk import Binder, insert_rows
from privault.db.keystore_tables import data_keys

_GET_MANY = select(data_keys).where(data_keys.c.customer_id.in_(bindparam("ids", expanding=True)))


class DataKeyRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_many(self, keys: list[tuple[str, WrappedKey]], now: datetime) -> None:
        at = Binder(self._c)(data_keys.c.created_at, now)
        insert_rows(
            self._c,
            data_keys,
            ("customer_id", "kek_id", "kek_version", "wrapped", "created_at"),
            [(cid, w.kek_id, w.kek_version, w.blob, at) for cid, w in keys],
        )

    def get_many(self, ids: list[str]) -> dict[str, WrappedKey]:
        return {
            r.customer_id: WrappedKey(r.kek_id, r.kek_version, r.wrapped)
            for r in self._c.execute(_GET_MANY, {"ids": ids})
        }

    def destroy(self, customer_id: str) -> None:
        self._c.execute(delete(data_keys).where(data_keys.c.customer_id == customer_id))
