"""Customer rows, their sealed field values and their blind indexes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select, update

from privault.db.tables import blind_indexes, customer_fields, customers


@dataclass(frozen=True)
class IndexEntry:
    index_name: str
    digest: bytes
    is_unique: bool
    key_version: int = 1


@dataclass(frozen=True)
class CustomerRow:
    id: str
    store: str
    status: str
    channel: str
    is_minor: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class SealedCustomer:
    """A customer ready to store: ciphertext per field, digests per blind index."""

    row: CustomerRow
    fields: Mapping[str, bytes]
    indexes: tuple[IndexEntry, ...] = field(default_factory=tuple)


class CustomerRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_many(self, sealed: list[SealedCustomer]) -> None:
        if not sealed:
            return
        self._c.execute(insert(customers), [vars(s.row) for s in sealed])
        field_rows = [
            {"customer_id": s.row.id, "field_key": key, "ciphertext": blob}
            for s in sealed
            for key, blob in s.fields.items()
        ]
        if field_rows:
            self._c.execute(insert(customer_fields), field_rows)
        self._add_indexes([(s.row.id, entry) for s in sealed for entry in s.indexes])

    def get(self, customer_id: str) -> CustomerRow | None:
        found = self._c.execute(select(customers).where(customers.c.id == customer_id)).first()
        return CustomerRow(**found._mapping) if found else None

    def get_many(self, ids: list[str]) -> dict[str, CustomerRow]:
        rows = self._c.execute(select(customers).where(customers.c.id.in_(ids)))
        return {r.id: CustomerRow(**r._mapping) for r in rows}

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(customers)).scalar_one())

    def sealed_fields(self, ids: list[str]) -> dict[str, dict[str, bytes]]:
        result: dict[str, dict[str, bytes]] = defaultdict(dict)
        query = select(customer_fields).where(customer_fields.c.customer_id.in_(ids))
        for row in self._c.execute(query):
            result[row.customer_id][row.field_key] = row.ciphertext
        return result

    def put_fields(self, customer_id: str, sealed: Mapping[str, bytes], now: datetime) -> None:
        self.delete_fields(customer_id, list(sealed))
        self._c.execute(
            insert(customer_fields),
            [
                {"customer_id": customer_id, "field_key": k, "ciphertext": v}
                for k, v in sealed.items()
            ],
        )
        self.touch(customer_id, now)

    def delete_fields(self, customer_id: str, keys: list[str]) -> None:
        self._c.execute(
            delete(customer_fields).where(
                customer_fields.c.customer_id == customer_id, customer_fields.c.field_key.in_(keys)
            )
        )

    def touch(self, customer_id: str, now: datetime) -> None:
        self._c.execute(
            update(customers).where(customers.c.id == customer_id).values(updated_at=now)
        )

    def find(self, index_name: str, digest: bytes, *, limit: int, offset: int = 0) -> list[str]:
        query = (
            select(blind_indexes.c.customer_id)
            .where(blind_indexes.c.index_name == index_name, blind_indexes.c.digest == digest)
            .order_by(blind_indexes.c.customer_id)
            .limit(limit)
            .offset(offset)
        )
        return list(self._c.execute(query).scalars())

    def count_matches(self, index_name: str, digest: bytes) -> int:
        query = select(func.count()).where(
            blind_indexes.c.index_name == index_name, blind_indexes.c.digest == digest
        )
        return int(self._c.execute(query).scalar_one())

    def claimed_by(self, index_name: str, digests: Iterable[bytes]) -> dict[bytes, str]:
        """Which customer already holds each unique value (rows shared by a child excluded)."""
        query = select(blind_indexes.c.digest, blind_indexes.c.customer_id).where(
            blind_indexes.c.index_name == index_name,
            blind_indexes.c.digest.in_(list(digests)),
            blind_indexes.c.is_unique.is_(True),
        )
        return {row.digest: row.customer_id for row in self._c.execute(query)}

    def replace_indexes(
        self, customer_id: str, names: list[str], entries: list[IndexEntry]
    ) -> None:
        self._c.execute(
            delete(blind_indexes).where(
                blind_indexes.c.customer_id == customer_id, blind_indexes.c.index_name.in_(names)
            )
        )
        self._add_indexes([(customer_id, e) for e in entries])

    def _add_indexes(self, entries: list[tuple[str, IndexEntry]]) -> None:
        if entries:
            self._c.execute(
                insert(blind_indexes),
                [
                    {
                        "customer_id": cid,
                        "index_name": e.index_name,
                        "digest": e.digest,
                        "is_unique": e.is_unique,
                        "key_version": e.key_version,
                    }
                    for cid, e in entries
                ],
            )
