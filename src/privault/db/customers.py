"""Customer rows, their sealed field values and their blind indexes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, delete, func, or_, select, update

from privault.db.bulk import Binder, insert_rows
from privault.db.sealed_record import pack, unpack
from privault.db.tables import blind_indexes, customers


class IndexEntry(NamedTuple):
    index_name: str
    digest: bytes
    is_unique: bool
    key_version: int = 1


class CustomerRow(NamedTuple):
    id: str
    store: str
    status: str
    channel: str
    is_minor: bool
    created_at: datetime
    updated_at: datetime
    regimes: str = "CN"  # space-separated Regime values
    is_sharing_opted_out: bool = False


Narrowing = tuple[tuple[str, bytes], ...]  # further (index name, digest) a match must hold


class SealedCustomer(NamedTuple):
    """A customer ready to store: ciphertext per field, digests per blind index."""

    row: CustomerRow
    record: bytes  # sealed_record.pack of the field ciphertexts
    indexes: tuple[IndexEntry, ...] = ()


# Hot read statements are built once; building a statement costs more than running it.
_FIND = (
    select(blind_indexes.c.customer_id)
    .where(
        blind_indexes.c.index_name == bindparam("index_name"),
        blind_indexes.c.digest == bindparam("digest"),
    )
    .order_by(blind_indexes.c.customer_id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
_COUNT = select(func.count()).where(
    blind_indexes.c.index_name == bindparam("index_name"),
    blind_indexes.c.digest == bindparam("digest"),
)
_GET_SEALED = select(customers).where(customers.c.id.in_(bindparam("ids", expanding=True)))
_UNINDEXED = ("merged", "erased")  # records whose indexes were removed on purpose
_PROBE = 900  # digests per lookup query, under every driver's parameter limit
_CUSTOMER_COLUMNS = (
    "id",
    "store",
    "status",
    "channel",
    "is_minor",
    "created_at",
    "updated_at",
    "regimes",
    "is_sharing_opted_out",
)
# Built once: every use case about a customer reads its row (hot path of the till).
_GET_ROWS = select(*(customers.c[name] for name in _CUSTOMER_COLUMNS)).where(
    customers.c.id.in_(bindparam("ids", expanding=True))
)


class CustomerRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_many(self, sealed: list[SealedCustomer]) -> None:
        bind = Binder(self._c)
        insert_rows(
            self._c,
            customers,
            (*_CUSTOMER_COLUMNS, "sealed", "last_activity_at"),
            [_customer_tuple(s, bind) for s in sealed],
        )
        self._add_indexes([(s.row.id, entry) for s in sealed for entry in s.indexes])

    def get(self, customer_id: str) -> CustomerRow | None:
        return self.get_many([customer_id]).get(customer_id)

    def get_many(self, ids: list[str]) -> dict[str, CustomerRow]:
        rows = self._c.execute(_GET_ROWS, {"ids": ids})
        return {r.id: CustomerRow(**r._mapping) for r in rows}

    def count(self) -> int:
        return int(self._c.execute(select(func.count()).select_from(customers)).scalar_one())

    def get_sealed(self, ids: list[str]) -> dict[str, tuple[CustomerRow, dict[str, bytes]]]:
        """Rows and their sealed fields in one query: what a masked view needs."""
        return {
            r.id: (CustomerRow(*(r._mapping[c] for c in _CUSTOMER_COLUMNS)), unpack(r.sealed))
            for r in self._c.execute(_GET_SEALED, {"ids": ids})
        }

    def sealed_fields(self, ids: list[str]) -> dict[str, dict[str, bytes]]:
        query = select(customers.c.id, customers.c.sealed).where(customers.c.id.in_(ids))
        return {row.id: unpack(row.sealed) for row in self._c.execute(query)}

    def put_fields(self, customer_id: str, sealed: Mapping[str, bytes], now: datetime) -> None:
        fields = self.sealed_fields([customer_id]).get(customer_id, {})
        self._store(customer_id, {**fields, **sealed}, now)

    def delete_fields(self, customer_id: str, keys: list[str], now: datetime) -> None:
        fields = self.sealed_fields([customer_id]).get(customer_id, {})
        self._store(customer_id, {k: v for k, v in fields.items() if k not in keys}, now)

    def _store(self, customer_id: str, fields: Mapping[str, bytes], now: datetime) -> None:
        self._c.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(sealed=pack(fields), updated_at=now)
        )

    def find(
        self,
        index_name: str,
        digest: bytes,
        *,
        limit: int,
        offset: int = 0,
        stores: frozenset[str] = frozenset(),
        also: Narrowing = (),
        newest_first: bool | None = None,
    ) -> list[str]:
        """Customer ids holding the value; `stores` (when given) limits them to those stores,
        `also` to those holding each further (index, digest) too (a tail and a surname).
        `newest_first`: a person's list, by registration (True newest, False oldest); None, by
        id (a filter's lookup, which needs no order and no join)."""
        params = {"index_name": index_name, "digest": digest, "limit": limit, "offset": offset}
        if not (stores or also or newest_first is not None):
            return list(self._c.execute(_FIND, params).scalars())
        query = _narrowed(_FIND, also)
        if stores or newest_first is not None:
            query = query.join(customers, customers.c.id == blind_indexes.c.customer_id)
        if stores:
            query = query.where(customers.c.store.in_(sorted(stores)))
        if newest_first is not None:
            at = customers.c.created_at
            query = query.order_by(None).order_by(
                at.desc() if newest_first else at.asc(), customers.c.id
            )
        return list(self._c.execute(query, params).scalars())

    def count_matches(
        self,
        index_name: str,
        digest: bytes,
        stores: frozenset[str] = frozenset(),
        also: Narrowing = (),
    ) -> int:
        params = {"index_name": index_name, "digest": digest}
        if not (stores or also):
            return int(self._c.execute(_COUNT, params).scalar_one())
        query = _narrowed(_COUNT.select_from(blind_indexes), also)
        if stores:
            query = query.join(customers, customers.c.id == blind_indexes.c.customer_id).where(
                customers.c.store.in_(sorted(stores))
            )
        return int(self._c.execute(query, params).scalar_one())

    def claimed_by(self, index_name: str, digests: Iterable[bytes]) -> dict[bytes, str]:
        """Which customer already holds each unique value (rows shared by a child excluded).

        Plain driver SQL: an import probes thousands of digests per batch, and SQLAlchemy's
        per-parameter processing would cost more than the lookups themselves."""
        mark = "?" if self._c.dialect.paramstyle == "qmark" else "%s"
        wanted = list(digests)
        found: dict[bytes, str] = {}
        for start in range(0, len(wanted), _PROBE):
            part = wanted[start : start + _PROBE]
            marks = ", ".join([mark] * len(part))
            sql = (
                f"SELECT digest, customer_id FROM blind_indexes WHERE index_name = {mark} "  # noqa: S608 -- only placeholders are interpolated
                f"AND is_unique AND digest IN ({marks})"
            )
            for digest, customer_id in self._c.exec_driver_sql(sql, (index_name, *part)):
                found[bytes(digest)] = customer_id
        return found

    def lacking_indexes(self, names: list[str], *, after: str, limit: int) -> list[str]:
        """Customers after `after` (id order) missing a row of one of these indexes; a merged
        record keeps none on purpose and is never listed."""
        missing = [
            ~select(blind_indexes.c.customer_id)
            .where(blind_indexes.c.customer_id == customers.c.id, blind_indexes.c.index_name == n)
            .exists()
            for n in names
        ]
        query = (
            select(customers.c.id)
            .where(customers.c.id > after, customers.c.status.notin_(_UNINDEXED), or_(*missing))
            .order_by(customers.c.id)
            .limit(limit)
        )
        return list(self._c.execute(query).scalars())

    def index_names_of(self, ids: list[str]) -> dict[str, set[str]]:
        query = select(blind_indexes.c.customer_id, blind_indexes.c.index_name).where(
            blind_indexes.c.customer_id.in_(ids)
        )
        held: dict[str, set[str]] = {cid: set() for cid in ids}
        for cid, name in self._c.execute(query):
            held[cid].add(name)
        return held

    def add_indexes(self, entries: list[tuple[str, IndexEntry]]) -> None:
        self._add_indexes(entries)

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
        insert_rows(
            self._c,
            blind_indexes,
            ("customer_id", "index_name", "digest", "is_unique", "key_version"),
            [(cid, e.index_name, e.digest, e.is_unique, e.key_version) for cid, e in entries],
        )


def _narrowed(query: Any, also: Narrowing) -> Any:
    """Each further index row joined on the customer: a primary-key probe per match."""
    for index_name, digest in also:
        other = blind_indexes.alias()
        query = query.join(
            other,
            (other.c.customer_id == blind_indexes.c.customer_id)
            & (other.c.index_name == index_name)
            & (other.c.digest == digest),
        )
    return query


def _customer_tuple(s: SealedCustomer, bind: Binder) -> tuple[object, ...]:
    r = s.row
    return (
        r.id,
        r.store,
        r.status,
        r.channel,
        r.is_minor,
        bind(customers.c.created_at, r.created_at),
        bind(customers.c.updated_at, r.updated_at),
        r.regimes,
        r.is_sharing_opted_out,
        s.record,
        bind(customers.c.last_activity_at, r.created_at),
    )


def _in_stores(query: Any, stores: Iterable[str]) -> Any:
    wanted = sorted(stores)
    return query.where(customers.c.store.in_(wanted)) if wanted else query


class CustomerScan:
    """Walks the customers of some stores in id order, a page at a time (exports)."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def count(self, stores: Iterable[str]) -> int:
        query = _in_stores(select(func.count()).select_from(customers), stores)
        return int(self._c.execute(query).scalar_one())

    def page(self, stores: Iterable[str], *, after: str, limit: int) -> list[str]:
        query = _in_stores(select(customers.c.id).where(customers.c.id > after), stores)
        return list(self._c.execute(query.order_by(customers.c.id).limit(limit)).scalars())
