"""The points and stored-value ledgers: entries only ever added, each moving its account's kept
balance in the same statement that refuses to take it below 0."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from privault.db.tables import customers, ledger_balances, ledger_entries
from privault.domain.ledger import (
    Account,
    EntryKind,
    Ledger,
    LedgerEntry,
    NewEntry,
    check_sign,
    closing_entry,
)

e, b = ledger_entries.c, ledger_balances.c


class LedgerRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def post(self, entry: NewEntry) -> LedgerEntry | None:
        """The entry written and its balance moved, or None (nothing written) when the balance
        would go below 0. On PostgreSQL the row lock orders concurrent movements of one
        account, so two spends cannot both pass a check made before either."""
        check_sign(entry)
        values = {k: v.value if k in ("ledger", "kind") else v for k, v in vars(entry).items()}
        if entry.amount < 0 and self._c.dialect.name == "postgresql":
            return self._take(entry, values)
        if self._move(entry.ledger, entry.customer_id, entry.amount, entry.at) is None:
            return None
        query = insert(ledger_entries).values(**values).returning(*ledger_entries.c)
        return _entry(self._c.execute(query).one()._mapping)

    def _take(self, entry: NewEntry, values: dict[str, Any]) -> LedgerEntry | None:
        """A spend or redemption on PostgreSQL in one statement (one round trip): the balance
        moved unless it would go below 0, and the entry written only when it moved."""
        moving = _taking(entry.ledger, entry.customer_id, entry.amount, entry.at)
        moving |= {f"new_{k}": v for k, v in values.items()}
        found = self._c.execute(_take_statement(tuple(values)), moving).first()
        return None if found is None else _entry(found._mapping)

    def _move(self, ledger: Ledger, customer_id: str, amount: int, at: datetime) -> int | None:
        if amount < 0:
            taking = _taking(ledger, customer_id, amount, at)
            return self._c.execute(_TAKEN, taking).scalar_one_or_none()
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(ledger_balances).values(
            ledger=ledger.value, customer_id=customer_id, balance=amount, updated_at=at
        )
        upsert = statement.on_conflict_do_update(
            index_elements=[b.ledger, b.customer_id],
            set_={"balance": b.balance + amount, "updated_at": at},
        ).returning(b.balance)
        return int(self._c.execute(upsert).scalar_one())

    def balance(self, ledger: Ledger, customer_id: str) -> int:
        query = select(b.balance).where(b.ledger == ledger.value, b.customer_id == customer_id)
        return int(self._c.execute(query).scalar_one_or_none() or 0)

    def get(self, entry_id: int) -> LedgerEntry | None:
        row = self._c.execute(select(ledger_entries).where(e.id == entry_id)).first()
        return None if row is None else _entry(row._mapping)

    def reversed_by(self, entry_id: int) -> int | None:
        query = select(e.id).where(e.reverses_id == entry_id)
        found = self._c.execute(query).scalar_one_or_none()
        return None if found is None else int(found)

    def paired_with(self, entry_id: int) -> list[LedgerEntry]:
        """A top-up's bonus, if it had one."""
        rows = self._c.execute(select(ledger_entries).where(e.pair_id == entry_id))
        return [_entry(r._mapping) for r in rows]

    def earned_on(self, transaction_id: int) -> LedgerEntry | None:
        query = select(ledger_entries).where(
            e.transaction_id == transaction_id, e.kind == EntryKind.EARN.value
        )
        row = self._c.execute(query).first()
        return None if row is None else _entry(row._mapping)

    def entries(self, ledger: Ledger, customer_id: str) -> list[LedgerEntry]:
        return self.newest_first(ledger, customer_id, 0, None)[::-1]

    def newest_first(
        self, ledger: Ledger, customer_id: str, offset: int, limit: int | None
    ) -> list[LedgerEntry]:
        query = (
            select(ledger_entries)
            .where(e.customer_id == customer_id, e.ledger == ledger.value)
            .order_by(e.at.desc(), e.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_entry(r._mapping) for r in self._c.execute(query)]

    def count(self, ledger: Ledger, customer_id: str) -> int:
        query = select(func.count()).where(e.customer_id == customer_id, e.ledger == ledger.value)
        return int(self._c.execute(query).scalar_one())

    def with_lapsed_points(self, now: datetime) -> list[str]:
        """Customers holding points and with points earned whose time is up: candidates for
        the expiry job, which works out each one's due from their entries."""
        held = select(b.customer_id).where(b.ledger == Ledger.POINTS.value, b.balance > 0)
        query = (
            select(e.customer_id)
            .distinct()
            .where(e.ledger == Ledger.POINTS.value, e.expires_at <= now, e.customer_id.in_(held))
            .order_by(e.customer_id)
        )
        return [str(cid) for cid in self._c.execute(query).scalars()]

    def kept(self) -> dict[Account, int]:
        holder = func.coalesce(b.customer_id, b.pseudonym)
        rows = self._c.execute(select(b.ledger, holder, b.balance))
        return {(str(r[0]), str(r[1])): int(r[2]) for r in rows}

    def summed(self) -> dict[Account, int]:
        holder = func.coalesce(e.customer_id, e.pseudonym)
        query = select(e.ledger, holder, func.sum(e.amount)).group_by(e.ledger, holder)
        return {(str(r[0]), str(r[1])): int(r[2]) for r in self._c.execute(query)}

    def close(self, ids: Sequence[str], at: datetime, by: str) -> list[LedgerEntry]:
        """Every non-zero account of the customers emptied by an entry in the record: money
        refunded, points expired (an account closing or a customer erased)."""
        query = (
            select(b.ledger, b.customer_id, b.balance, customers.c.store)
            .join(customers, customers.c.id == b.customer_id)
            .where(b.customer_id.in_(list(ids)), b.balance > 0)
            .order_by(b.customer_id, b.ledger)
        )
        found = self._c.execute(query).all()
        closing = [closing_entry(Ledger(r[0]), r[1], r[3], int(r[2]), at, by) for r in found]
        return [posted for entry in closing if (posted := self.post(entry)) is not None]

    def pseudonymise(self, pseudonyms: Mapping[str, str]) -> None:
        """The customers' entries and balances kept under the pseudonyms their transactions get."""
        params = [{"cid": cid, "alias": alias} for cid, alias in pseudonyms.items()]
        if not params:
            return
        for table in (ledger_entries, ledger_balances):
            statement = (
                update(table)
                .where(table.c.customer_id == bindparam("cid"))
                .values(customer_id=None, pseudonym=bindparam("alias"))
            )
            self._c.execute(statement, params)

    def holders(self, ids: Sequence[str]) -> set[str]:
        query = select(b.customer_id).where(b.customer_id.in_(list(ids)))
        return {str(cid) for cid in self._c.execute(query).scalars()}


def _entry(r: Any) -> LedgerEntry:
    m = dict(r)
    m.pop("pseudonym")
    return LedgerEntry(**{**m, "ledger": Ledger(m["ledger"]), "kind": EntryKind(m["kind"])})


# The balance taken down by a spend unless it would go below 0, built once: the till's hot
# path, where building and keying the statement anew cost a tenth of a served spend
# (bench/README, "Serving changes"). No parameter is named for a column: SQLAlchemy would add
# it to the UPDATE's SET.
_AMOUNT = bindparam("take_amount", type_=b.balance.type)
_TAKEN = (
    update(ledger_balances)
    .where(
        b.ledger == bindparam("take_ledger", type_=b.ledger.type),
        b.customer_id == bindparam("take_customer", type_=b.customer_id.type),
        b.balance + _AMOUNT >= 0,
    )
    .values(balance=b.balance + _AMOUNT, updated_at=bindparam("take_at", type_=b.updated_at.type))
    .returning(b.balance)
)


def _taking(ledger: Ledger, customer_id: str, amount: int, at: datetime) -> dict[str, Any]:
    taking = {"take_ledger": ledger.value, "take_customer": customer_id}
    return taking | {"take_amount": amount, "take_at": at}


@cache
def _take_statement(columns: tuple[str, ...]) -> Any:
    """On PostgreSQL the balance taken and the entry written in one statement, built once per
    set of entry columns."""
    moved = _TAKEN.cte("moved")
    row = select(*(bindparam(f"new_{k}", type_=ledger_entries.c[k].type) for k in columns))
    return (
        insert(ledger_entries)
        .from_select(list(columns), row.select_from(moved))
        .add_cte(moved)
        .returning(*ledger_entries.c)
    )
