"""Memberships, their level history, the member-number sequence, and a member's standing
(spend and visits over a window) read from the transactions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, case, delete, func, insert, select, update

from privault.db.tables import member_level_changes, member_sequences, memberships, transactions
from privault.domain.members import ChangeKind, LevelChange, Membership, MemberStatus
from privault.domain.transactions import TransactionKind

SEQUENCE = "members"
SPENDING = (TransactionKind.VISIT.value, TransactionKind.PURCHASE.value)


class MemberRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def next_sequence(self) -> int:
        """One business-wide counter; on PostgreSQL the row lock orders concurrent enrolments."""
        s = member_sequences.c
        query = (
            update(member_sequences)
            .where(s.name == SEQUENCE)
            .values(last=s.last + 1)
            .returning(s.last)
        )
        last = self._c.execute(query).scalar_one_or_none()
        if last is None:
            self._c.execute(insert(member_sequences).values(name=SEQUENCE, last=1))
            return 1
        return int(last)

    def add(self, m: Membership, at: datetime) -> None:
        values = {
            "id": m.id,
            "customer_id": m.customer_id,
            "store": m.store,
            "status": m.status.value,
            "level": m.level,
            "joined_on": m.joined_on,
            "enrolled_at": at,
            "enrolled_by": m.enrolled_by,
        }
        self._c.execute(insert(memberships).values(**values))

    def get(self, membership_id: str, *, lock: bool = False) -> Membership | None:
        return self._one(memberships.c.id == membership_id, lock=lock)

    def of_customer(self, customer_id: str, *, lock: bool = False) -> Membership | None:
        """The customer's open membership (active or suspended), else the newest closed one."""
        m = memberships.c
        query = (
            select(memberships)
            .where(m.customer_id == customer_id)
            .order_by((m.status == MemberStatus.CLOSED.value), m.enrolled_at.desc())
            .limit(1)
        )
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else _membership(row._mapping)

    def _one(self, where: Any, *, lock: bool = False) -> Membership | None:
        query = select(memberships).where(where)
        if lock:
            query = query.with_for_update()
        row = self._c.execute(query).first()
        return None if row is None else _membership(row._mapping)

    def listing(
        self, stores: frozenset[str], level: str | None, offset: int, limit: int
    ) -> list[Membership]:
        """Open memberships, newest first; `stores` empty: every store."""
        query = select(memberships).where(*_open_in(stores, level))
        query = query.order_by(memberships.c.joined_on.desc(), memberships.c.enrolled_at.desc())
        rows = self._c.execute(query.offset(offset).limit(limit))
        return [_membership(r._mapping) for r in rows]

    def counts(self, stores: frozenset[str]) -> dict[tuple[str, str], int]:
        """(store, level) -> open memberships."""
        m = memberships.c
        query = (
            select(m.store, m.level, func.count())
            .where(*_open_in(stores, None))
            .group_by(m.store, m.level)
        )
        return {(r[0], r[1]): int(r[2]) for r in self._c.execute(query)}

    def open_after(self, after: str, limit: int) -> list[Membership]:
        """A batch of open memberships by id, for the scheduled re-evaluation."""
        m = memberships.c
        query = (
            select(memberships)
            .where(m.id > after, m.status != MemberStatus.CLOSED.value, m.customer_id.is_not(None))
            .order_by(m.id)
            .limit(limit)
        )
        return [_membership(r._mapping) for r in self._c.execute(query)]

    def set_level(self, membership_id: str, level: str) -> None:
        query = update(memberships).where(memberships.c.id == membership_id)
        self._c.execute(query.values(level=level))

    def close(self, membership_id: str, at: datetime, by: str, reason: str) -> None:
        query = update(memberships).where(memberships.c.id == membership_id)
        values = {"closed_at": at, "closed_by": by, "close_reason": reason}
        self._c.execute(query.values(status=MemberStatus.CLOSED.value, **values))

    def add_change(self, change: LevelChange, customer_id: str | None) -> None:
        values = {
            "membership_id": change.membership_id,
            "customer_id": customer_id,
            "from_level": change.from_level,
            "to_level": change.to_level,
            "kind": change.kind.value,
            "reason": change.reason,
            "spend_cents": change.spend_cents,
            "visits": change.visits,
            "window_months": change.window_months,
            "at": change.at,
            "by": change.by,
        }
        self._c.execute(insert(member_level_changes).values(**values))

    def changes(self, membership_id: str) -> list[LevelChange]:
        c = member_level_changes.c
        query = select(member_level_changes).where(c.membership_id == membership_id)
        return [_change(r._mapping) for r in self._c.execute(query.order_by(c.id))]

    def standing(self, customer_id: str, since: datetime) -> tuple[int, int]:
        """(net spend in cents, visits) since `since`: visits and purchases count, refunds
        subtract, and an entry someone reversed counts for nothing."""
        t = transactions.c
        reversed_ids = select(t.reverses_id).where(
            t.customer_id == customer_id, t.reverses_id.is_not(None)
        )
        refund = TransactionKind.REFUND.value
        amount = func.coalesce(t.amount_cents, 0)
        query = select(
            func.coalesce(func.sum(case((t.kind == refund, -amount), else_=amount)), 0),
            func.count(case((t.kind.in_(SPENDING), t.id))),
        ).where(
            t.customer_id == customer_id,
            t.at >= since,
            t.kind.in_([*SPENDING, refund]),
            t.id.not_in(reversed_ids),
        )
        spend, visits = self._c.execute(query).one()
        return int(spend), int(visits)


def _open_in(stores: frozenset[str], level: str | None) -> list[Any]:
    m = memberships.c
    where: list[Any] = [m.status != MemberStatus.CLOSED.value, m.customer_id.is_not(None)]
    if stores:
        where.append(m.store.in_(sorted(stores)))
    if level is not None:
        where.append(m.level == level)
    return where


def erase_memberships(connection: Connection, ids: Sequence[str], at: datetime | None) -> None:
    """Erasure: each membership closes, loses its customer id and gains a random pseudonym the
    accounts can still be reconciled under (the number went with the sealed record); the level
    history goes."""
    m = memberships.c
    mine = m.customer_id.in_(list(ids))
    still_open = and_(mine, m.status != MemberStatus.CLOSED.value)
    ended = {"closed_at": at, "close_reason": "erased", "status": MemberStatus.CLOSED.value}
    connection.execute(update(memberships).where(still_open).values(**ended))
    found = connection.execute(select(m.id).where(mine)).scalars().all()
    for membership_id in found:
        statement = update(memberships).where(m.id == membership_id)
        connection.execute(statement.values(customer_id=None, pseudonym=str(uuid.uuid4())))
    changes = member_level_changes.c
    connection.execute(delete(member_level_changes).where(changes.customer_id.in_(list(ids))))


def _membership(r: Any) -> Membership:
    return Membership(**_named(r, Membership), status=MemberStatus(r["status"]))


def _change(r: Any) -> LevelChange:
    return LevelChange(**_named(r, LevelChange), kind=ChangeKind(r["kind"]))


def _named(r: Any, kind: type[Membership | LevelChange]) -> dict[str, Any]:
    """The row's columns that the dataclass names, but for its enums (set by the caller)."""
    return {f.name: r[f.name] for f in fields(kind) if f.name not in ("status", "kind")}
