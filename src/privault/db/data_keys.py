"""Wrapped data keys in the keystore database; deleting one crypto-shreds its customer."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from privault.crypto.envelope import WrappedKey
from privault.db.bulk import Binder, insert_rows
from privault.db.erasure import delete_in
from privault.db.keystore_tables import data_keys, shredded

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

    def shred(self, ids: list[str], reason: str, now: datetime) -> None:
        """Crypto-shredding: the keys go, and the list of shredded ids stays beside the keys so
        a data backup restored later can be cleaned of them again."""
        at = Binder(self._c)(shredded.c.shredded_at, now)
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            delete_in(self._c, data_keys, data_keys.c.customer_id, part)
            delete_in(self._c, shredded, shredded.c.customer_id, part)
            insert_rows(
                self._c,
                shredded,
                ("customer_id", "shredded_at", "reason"),
                [(cid, at, reason) for cid in part],
            )

    def shredded_among(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            query = select(shredded.c.customer_id).where(shredded.c.customer_id.in_(part))
            found.update(self._c.execute(query).scalars())
        return found

    def has_keys(self, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 900):
            part = ids[start : start + 900]
            query = select(data_keys.c.customer_id).where(data_keys.c.customer_id.in_(part))
            found.update(self._c.execute(query).scalars())
        return found
