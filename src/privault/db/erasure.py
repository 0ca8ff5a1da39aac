"""Removing erased customers from the data database: rows out, tombstones and pseudonyms in."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Column, Connection, Table, bindparam, select, update

from privault.db.bulk import Binder, insert_rows
from privault.db.campaigns import CampaignRepository
from privault.db.cards import recall_cards
from privault.db.duplicates import DuplicateRepository
from privault.db.ledgers import LedgerRepository
from privault.db.members import erase_memberships
from privault.db.photos import PhotoRepository
from privault.db.tables import (
    blind_indexes,
    bookings,
    consent_events,
    contact_confirmations,
    customer_classes,
    customers,
    important_guests,
    one_time_codes,
    points_owed,
    tombstones,
    transactions,
)

_CHUNK = 900  # ids per statement, under every driver's parameter limit


def delete_in(
    connection: Connection, table: Table, column: Column[str], ids: Sequence[str]
) -> None:
    """DELETE ... WHERE column IN (ids) as plain driver SQL: a sweep deletes thousands of
    customers a second, and compiling an expanding IN per statement would cost more than the
    delete itself. PostgreSQL takes the ids as one array parameter."""
    if connection.dialect.name == "postgresql":
        sql = f"DELETE FROM {table.name} WHERE {column.name} = ANY(%s)"  # noqa: S608 -- names from Table
        connection.exec_driver_sql(sql, (list(ids),))
        return
    for start in range(0, len(ids), _CHUNK):
        part = list(ids[start : start + _CHUNK])
        marks = ", ".join(["?"] * len(part))
        sql = f"DELETE FROM {table.name} WHERE {column.name} IN ({marks})"  # noqa: S608 -- names from Table
        connection.exec_driver_sql(sql, tuple(part))


class Tombstone(NamedTuple):
    customer_id: str
    erased_at: datetime
    erased_by: str
    reason: str
    request_id: str | None = None
    retention_run_id: str | None = None


class ErasureRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def erase(self, stones: Sequence[Tombstone]) -> None:
        """Ciphertext, blind indexes, consent events and codes go; transactions stay, under a
        random pseudonym per customer; a tombstone records the fact. A card of theirs still out
        is recalled (the card register is the service day's, below which erasure sits)."""
        ids = [s.customer_id for s in stones]
        at = stones[0].erased_at if stones else None
        self.remove(ids, at=at)
        for start in range(0, len(ids), _CHUNK):
            recall_cards(self._c, ids[start : start + _CHUNK], stones[0].erased_at)
        self.bury(stones)

    def remove(self, ids: Sequence[str], *, at: datetime | None = None) -> None:
        """Every row naming the customers, without a tombstone: for customers who have one
        already (erased again after a restore). `at`: when live photo publications are marked
        withdrawn for taking down, and open memberships closed."""
        for start in range(0, len(ids), _CHUNK):
            part = list(ids[start : start + _CHUNK])
            PhotoRepository(self._c).erase(part, at)
            erase_memberships(self._c, part, at)
            CampaignRepository(self._c).forget(part)
            DuplicateRepository(self._c).forget(part)
            for table in (
                blind_indexes,
                consent_events,
                one_time_codes,
                customer_classes,
                important_guests,
                contact_confirmations,
                points_owed,
            ):
                delete_in(self._c, table, table.c.customer_id, part)
            self._pseudonymise(part)
            # A booking's salutation is the desk's name for the guest: it goes with them.
            self._c.execute(
                update(bookings).where(bookings.c.customer_id.in_(part)).values(salutation=None)
            )
            delete_in(self._c, customers, customers.c.id, part)

    def bury(self, stones: Sequence[Tombstone]) -> None:
        bind = Binder(self._c)
        rows = [
            (
                s.customer_id,
                bind(tombstones.c.erased_at, s.erased_at),
                s.erased_by,
                s.reason,
                s.request_id,
                s.retention_run_id,
            )
            for s in stones
        ]
        insert_rows(self._c, tombstones, tombstones.c.keys(), rows)

    def _pseudonymise(self, ids: list[str]) -> None:
        """One pseudonym per customer, shared by their transactions and ledger accounts, so the
        accounts still add up per (unknown) person."""
        kept = set(
            self._c.execute(
                select(transactions.c.customer_id)
                .distinct()
                .where(transactions.c.customer_id.in_(ids))
            ).scalars()
        )
        ledgers = LedgerRepository(self._c)
        pseudonyms = {cid: str(uuid.uuid4()) for cid in sorted(kept | ledgers.holders(ids))}
        statement = (
            update(transactions)
            .where(transactions.c.customer_id == bindparam("cid"))
            .values(customer_id=None, pseudonym=bindparam("pseudonym"))
        )
        params = [{"cid": cid, "pseudonym": alias} for cid, alias in pseudonyms.items()]
        if params:
            self._c.execute(statement, params)
        ledgers.pseudonymise(pseudonyms)

    def tombstone(self, customer_id: str) -> Tombstone | None:
        row = self._c.execute(
            select(tombstones).where(tombstones.c.customer_id == customer_id)
        ).first()
        return None if row is None else Tombstone(**row._mapping)

    def tombstones(self, ids: Sequence[str]) -> dict[str, Tombstone]:
        query = select(tombstones).where(tombstones.c.customer_id.in_(list(ids)))
        return {r.customer_id: Tombstone(**r._mapping) for r in self._c.execute(query)}
