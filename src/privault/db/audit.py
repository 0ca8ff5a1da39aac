"""The audit trail table: events are appended in the transaction of the action they record.

Each event is a link of a keyed hash chain. PostgreSQL keeps CHAINS_PG chains so that concurrent
transactions append without waiting: a writer takes any head row nobody holds (SKIP LOCKED) and
keeps it until it commits. SQLite serialises writers anyway and keeps one chain.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, select
from sqlalchemy.exc import IntegrityError

from privault.db.bulk import Binder, insert_rows
from privault.db.tables import audit_events, audit_heads
from privault.domain.audit import GENESIS, AuditEvent, ChainLink, Outcome, chain_payload
from privault.domain.errors import AuditTrailBrokenError

CHAINS_PG = 16
# A page of the trail with each event's id (its key); named here as the class has a `list`.
KeyedEvents = list[tuple[int, AuditEvent]]

_COLUMNS = (
    "at",
    "actor",
    "role",
    "store",
    "action",
    "outcome",
    "customer_id",
    "fields",
    "purpose",
    "request_id",
    "reason",
    "channel",
    "client_address",
    "token_name",
    "chain",
    "seq",
    "hash",
)


_HEAD = "SELECT chain, seq, hash FROM audit_heads ORDER BY chain LIMIT 1"
_FREE_HEAD_PG = (
    "SELECT chain, seq, hash FROM audit_heads ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED"
)
_SET_HEAD_QMARK = "UPDATE audit_heads SET seq = ?, hash = ? WHERE chain = ?"
_SET_HEAD_PG = "UPDATE audit_heads SET seq = %s, hash = %s WHERE chain = %s"
_WAIT_HEAD_PG = "SELECT chain, seq, hash FROM audit_heads WHERE chain = %s FOR UPDATE"


_ONE_TRIP_ROWS = 200  # events per statement: 17 parameters each, far under PostgreSQL's limit


@cache
def _append_and_move_pg(rows: int) -> str:
    """A data-modifying WITH runs to completion whether or not the UPDATE reads it."""
    marks = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
    values = ", ".join([marks] * rows)
    return (
        f"WITH appended AS (INSERT INTO audit_events ({', '.join(_COLUMNS)}) VALUES {values}) "  # noqa: S608 -- only placeholders are interpolated
        "UPDATE audit_heads SET seq = %s, hash = %s WHERE chain = %s"
    )


def chain_count(connection: Connection) -> int:
    return CHAINS_PG if connection.dialect.name == "postgresql" else 1


def start_chains(connection: Connection) -> None:
    """Every chain starts at the genesis link (the migration does the same on a new database)."""
    connection.execute(
        audit_heads.insert(),
        [
            {"chain": c, "seq": 0, "hash": GENESIS, "base_seq": 0, "base_hash": GENESIS}
            for c in range(chain_count(connection))
        ],
    )


class AuditRepository:
    def __init__(self, connection: Connection, link: ChainLink | None) -> None:
        self._c = connection
        self._link = link
        self._head: tuple[int, int, bytes] | None = None  # held until the transaction ends

    def transaction_ended(self) -> None:
        self._head = None

    def append(self, events: list[AuditEvent]) -> None:
        if not events:
            return
        if self._link is None:
            raise RuntimeError(
                "audit events need the chain key and a writing unit of work: open the "
                "database via the vault, without read_only"
            )
        chain, seq, link = self._head or self._take_head()
        bind = Binder(self._c)
        rows = []
        for event in events:
            seq += 1
            link = self._link(link, chain_payload(event, chain, seq))
            rows.append((*_tuple(event, bind), chain, seq, link))
        try:
            if self._c.dialect.name == "postgresql" and len(rows) <= _ONE_TRIP_ROWS:
                # The events and the head's move in one statement: one round trip, not two.
                params = [value for row in rows for value in row]
                self._c.exec_driver_sql(_append_and_move_pg(len(rows)), (*params, seq, link, chain))
            else:
                insert_rows(self._c, audit_events, _COLUMNS, rows)
                # Every audited action passes here: plain driver SQL, no statement building.
                update = _SET_HEAD_QMARK if self._c.dialect.paramstyle == "qmark" else _SET_HEAD_PG
                self._c.exec_driver_sql(update, (seq, link, chain))
        except IntegrityError as exc:
            # Only a row written behind the chain's back can hold a seq after the head.
            raise AuditTrailBrokenError(
                f"chain {chain} already holds an event after its head (seq {rows[0][-2]}): "
                "it was added outside privault; run: privault audit verify"
            ) from exc
        self._head = (chain, seq, link)

    def _take_head(self) -> tuple[int, int, bytes]:
        if self._c.dialect.name != "postgresql":
            row: Any = self._c.exec_driver_sql(_HEAD).first()
        else:
            row = self._c.exec_driver_sql(_FREE_HEAD_PG).first()
            if row is None:  # more writers than chains: wait for one
                chain = random.randrange(CHAINS_PG)  # noqa: S311 -- spreading load, not secrecy
                row = self._c.exec_driver_sql(_WAIT_HEAD_PG, (chain,)).first()
        if row is None:
            raise AuditTrailBrokenError(
                "the audit chain heads are missing; run: privault audit verify"
            )
        return int(row[0]), int(row[1]), bytes(row[2])

    def list(self, *, customer_id: str | None, limit: int) -> list[AuditEvent]:
        query = select(audit_events).order_by(audit_events.c.id.desc()).limit(limit)
        if customer_id:
            query = query.where(audit_events.c.customer_id == customer_id)
        return [_from_row(r._mapping) for r in self._c.execute(query)]

    def page(
        self, wanted: AuditQuery, *, after: int | None, before: int | None, limit: int
    ) -> KeyedEvents:
        """Filtered in the database and paged by id (ids grow with time), in the list's order
        (newest or oldest first): `after` an id, the rows that follow it; `before` an id, the
        rows just ahead of it."""
        e = audit_events.c
        backward = before is not None
        ascending = wanted.oldest_first != backward
        query = select(audit_events).order_by(e.id.asc() if ascending else e.id.desc())
        if after is not None:
            query = query.where(e.id > after if wanted.oldest_first else e.id < after)
        if before is not None:
            query = query.where(e.id < before if wanted.oldest_first else e.id > before)
        rows = [
            (r.id, _from_row(r._mapping))
            for r in self._c.execute(_filtered(query, wanted).limit(limit))
        ]
        return rows[::-1] if backward else rows


def _filtered(query: Select[Any], wanted: AuditQuery) -> Select[Any]:
    e = audit_events.c
    for column, value in (
        (e.actor, wanted.actor),
        (e.action, wanted.action),
        (e.outcome, wanted.outcome),
    ):
        if value is not None:
            query = query.where(column == value)
    if wanted.customer_ids is not None:
        query = query.where(e.customer_id.in_(sorted(wanted.customer_ids)))
    if wanted.since is not None:
        query = query.where(e.at >= wanted.since)
    if wanted.before is not None:
        query = query.where(e.at < wanted.before)
    return query


@dataclass(frozen=True)
class AuditQuery:
    """What a page of the trail is filtered by; None means any. `customer_ids`: one of these."""

    actor: str | None = None
    action: str | None = None
    outcome: str | None = None
    customer_ids: frozenset[str] | None = None
    since: datetime | None = None
    before: datetime | None = None
    oldest_first: bool = False


def _from_row(row: object) -> AuditEvent:
    r = dict(row)  # type: ignore[call-overload]
    return AuditEvent(
        at=r["at"],
        actor=r["actor"],
        role=r["role"],
        store=r["store"],
        action=r["action"],
        outcome=Outcome(r["outcome"]),
        request_id=r["request_id"],
        customer_id=r["customer_id"],
        fields=tuple(f for f in r["fields"].split(",") if f),
        purpose=r["purpose"],
        reason=r["reason"],
        channel=r["channel"],
        client_address=r["client_address"],
        token_name=r["token_name"],
    )


def _tuple(e: AuditEvent, bind: Binder) -> tuple[object, ...]:
    return (
        bind(audit_events.c.at, e.at),
        e.actor,
        e.role,
        e.store,
        e.action,
        e.outcome.value,
        e.customer_id,
        ",".join(e.fields),
        e.purpose,
        e.request_id,
        e.reason,
        e.channel,
        e.client_address,
        e.token_name,
    )
