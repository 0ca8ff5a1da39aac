"""Customer classes: each quarter's figures added up in one set-based query, the classes
written in bulk, the lists and counts read back for the customers whose consent still stands.

Who may be profiled is decided here in SQL, for a million customers at once: a customer who is
not restricted and whose latest consent event naming the profiling purpose is a grant under a
notice that does not wait for renewal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    case,
    delete,
    func,
    insert,
    select,
    type_coerce,
)
from sqlalchemy.dialects import postgresql, sqlite

from privault.db.bulk import insert_rows
from privault.db.tables import (
    class_runs,
    consent_events,
    customer_classes,
    customers,
    important_guests,
    transactions,
)
from privault.domain.classes import Basis, CustomerClass, Figures, Placement
from privault.domain.entry_review import NOT_FOR_MARKETING

VISITING = ("visit", "purchase")  # a visit or a purchase brings the customer in


@dataclass(frozen=True)
class Consenting:
    """The customers whose consent to `purpose` stands now; `waiting`: the notice versions
    whose grants of it wait for renewal."""

    purpose: str
    waiting: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClassRun:
    quarter: str
    computed_at: datetime
    computed_by: str
    rule: str
    ranked: int
    is_partial: bool


@dataclass(frozen=True)
class ClassRow:
    """One customer's class in a quarter, with last quarter's for the change."""

    customer_id: str
    store: str
    placement: Placement
    before: CustomerClass | None


@dataclass(frozen=True)
class ImportantGuest:
    customer_id: str
    reason: str
    marked_by: str
    marked_at: datetime


def _consenting(who: Consenting, among: Sequence[str] | None = None) -> Select[Any]:
    """Their ids, decided in SQL: not restricted, and the latest consent event naming the
    purpose is a grant under a notice that does not wait for renewal. One pass over the
    ledger (a window picks each customer's latest event), no lookup per customer. `among`:
    only these customers (a page), filtered inside, so the ledger is not read whole."""
    e = consent_events.c
    named = (" " + e.purposes + " ").contains(f" {who.purpose} ")
    newest = func.row_number().over(partition_by=e.customer_id, order_by=e.id.desc())
    events = select(e.customer_id, e.action, e.notice_version, newest.label("n")).where(named)
    if among is not None:
        events = events.where(e.customer_id.in_(list(among)))
    latest = events.subquery()
    # Restricted (stored, not processed) and pending entry review: no class (issue 17).
    restricted = select(customers.c.id).where(customers.c.status.in_(sorted(NOT_FOR_MARKETING)))
    query = select(latest.c.customer_id).where(
        latest.c.n == 1,
        latest.c.action == "grant",
        latest.c.customer_id.not_in(restricted),
    )
    versions = sorted(who.waiting)
    return query.where(latest.c.notice_version.not_in(versions)) if versions else query


def _original_kind() -> Any:
    original = transactions.alias("original")
    t = transactions.c
    return select(original.c.kind).where(original.c.id == t.reverses_id).scalar_subquery()


def _net_spend() -> ColumnElement[int]:
    """Purchases and paid visits add, refunds take away; a reversal undoes its original (so
    a reversed refund adds back); top-ups are stored value, not spend."""
    t = transactions.c
    amount = func.coalesce(t.amount_cents, 0)
    reversed_ = case(
        (_original_kind() == "refund", -amount),
        (_original_kind() == "top_up", 0),
        else_=amount,
    )
    return case(
        (t.kind.in_(VISITING), amount),
        (t.kind == "refund", -amount),
        (t.kind == "reversal", reversed_),
        else_=0,
    )


def _visit_count() -> ColumnElement[int]:
    t = transactions.c
    undone = case((_original_kind().in_(VISITING), -1), else_=0)
    return case((t.kind.in_(VISITING), 1), (t.kind == "reversal", undone), else_=0)


def _last_visit() -> ColumnElement[str]:
    """Read as text: see `_instant`."""
    t = transactions.c
    return type_coerce(func.max(case((t.kind.in_(VISITING), t.at), else_=None)), String)


def _sums(start: datetime, end: datetime) -> Select[Any]:
    """Per customer: net spend and visits in [start, end), the last visit ever before end."""
    t = transactions.c
    in_quarter = and_(t.at >= start, t.at < end)
    return (
        select(
            t.customer_id,
            func.sum(case((in_quarter, _net_spend()), else_=0)),
            func.sum(case((in_quarter, _visit_count()), else_=0)),
            _last_visit(),
        )
        .where(t.customer_id.is_not(None), t.at < end)
        .group_by(t.customer_id)
    )


class ClassRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def figures(self, start: datetime, end: datetime, who: Consenting) -> list[Figures]:
        """Every consenting customer's quarter: spend and visits between start and end, the
        last visit ever before end, the important flag. Three set-based reads (the sums in one
        scan of the transactions, who consents, who is marked) joined here by id: joined in
        SQL, the planner's guess for the ledger's text match (a handful of rows, not a
        million) chose nested loops that ran for minutes on PostgreSQL."""
        if self._c.dialect.name == "postgresql":
            # The planner's cost for a scan of every transaction switches JIT on, whose
            # compilation (over a second) buys nothing for one pass of simple sums.
            self._c.exec_driver_sql("SET LOCAL jit = off")
        sums = {row[0]: row[1:] for row in self._c.execute(_sums(start, end))}
        marked = set(self._c.execute(select(important_guests.c.customer_id)).scalars())
        nothing = (0, 0, None)
        found = []
        for cid in self._c.execute(_consenting(who)).scalars():
            spend, visits, last = sums.get(cid, nothing)
            found.append(Figures(cid, int(spend), int(visits), _instant(last), cid in marked))
        return found

    def replace(self, run: ClassRun, placements: Sequence[Placement]) -> None:
        """The quarter's classes as just computed; an earlier run of it is replaced whole."""
        rows = [
            (
                run.quarter,
                p.customer_id,
                p.customer_class.value,
                p.basis.value,
                p.spend_cents,
                p.visits,
                p.spend_rank,
                p.visit_rank,
            )
            for p in placements
        ]
        self._c.execute(delete(customer_classes).where(customer_classes.c.quarter == run.quarter))
        self._c.execute(delete(class_runs).where(class_runs.c.quarter == run.quarter))
        self._c.execute(insert(class_runs).values(**vars(run)))
        if self._c.dialect.name == "postgresql":
            _copy(self._c, rows)
        else:
            insert_rows(self._c, customer_classes, customer_classes.c.keys(), rows)

    def run(self, quarter: str) -> ClassRun | None:
        found = self._c.execute(select(class_runs).where(class_runs.c.quarter == quarter)).first()
        return None if found is None else ClassRun(**found._mapping)

    def runs(self) -> list[ClassRun]:
        query = select(class_runs).order_by(class_runs.c.quarter.desc())
        return [ClassRun(**r._mapping) for r in self._c.execute(query)]

    def page(
        self,
        quarter: str,
        before: str,
        who: Consenting,
        stores: frozenset[str],
        *,
        after: str = "",
        limit: int = 100,
    ) -> list[ClassRow]:
        """A quarter's classes in customer-id order from `after`, with the class of `before`,
        for the customers whose consent stands now, within `stores`. The consent is checked
        for each batch of candidates only: a page never reads the whole ledger."""
        rows: list[ClassRow] = []
        while len(rows) < limit:
            batch = self._candidates(quarter, before, stores, after, limit)
            if not batch:
                break
            ids = [r.customer_id for r in batch]
            kept = set(self._c.execute(_consenting(who, ids)).scalars())
            rows += [r for r in batch if r.customer_id in kept]
            after = ids[-1]
        return rows[:limit]

    def _candidates(
        self, quarter: str, before: str, stores: frozenset[str], after: str, limit: int
    ) -> list[ClassRow]:
        now, then = customer_classes.alias("now"), customer_classes.alias("then")
        query = (
            select(now, customers.c.store, then.c.customer_class.label("before"))
            .join(customers, customers.c.id == now.c.customer_id)
            .outerjoin(
                then, and_(then.c.customer_id == now.c.customer_id, then.c.quarter == before)
            )
            .where(now.c.quarter == quarter, now.c.customer_id > after)
            .order_by(now.c.customer_id)
            .limit(limit)
        )
        if stores:
            query = query.where(customers.c.store.in_(sorted(stores)))
        return [_class_row(r._mapping) for r in self._c.execute(query)]

    def counts(self, quarter: str, who: Consenting, stores: frozenset[str]) -> dict[str, int]:
        """Joined by id here, not in SQL: see `figures`."""
        c = customer_classes.c
        query = (
            select(c.customer_id, c.customer_class)
            .join(customers, customers.c.id == c.customer_id)
            .where(c.quarter == quarter)
        )
        if stores:
            query = query.where(customers.c.store.in_(sorted(stores)))
        consenting = set(self._c.execute(_consenting(who)).scalars())
        counted = Counter(k for cid, k in self._c.execute(query) if cid in consenting)
        return {str(k): n for k, n in counted.items()}

    def in_class(self, quarter: str, customer_class: CustomerClass, who: Consenting) -> list[str]:
        """A segment by class (for campaigns): only customers whose consent stands now, so one
        who refused personalisation gets no class-based marketing."""
        c = customer_classes.c
        query = (
            select(c.customer_id)
            .where(c.quarter == quarter, c.customer_class == customer_class.value)
            .where(c.customer_id.in_(_consenting(who)))
            .order_by(c.customer_id)
        )
        return list(self._c.execute(query).scalars())

    def of_customers(self, quarter: str, ids: Sequence[str]) -> dict[str, Placement]:
        c = customer_classes.c
        query = select(customer_classes).where(c.quarter == quarter, c.customer_id.in_(ids))
        return {r.customer_id: _placement(r._mapping) for r in self._c.execute(query)}

    def latest_for(self, customer_id: str) -> tuple[ClassRun, Placement] | None:
        """The customer's newest quarter's run and their class in it."""
        c = customer_classes.c
        query = (
            select(customer_classes, *(r for r in class_runs.c if r.name != "quarter"))
            .join(class_runs, class_runs.c.quarter == c.quarter)
            .where(c.customer_id == customer_id)
            .order_by(c.quarter.desc())
            .limit(1)
        )
        found = self._c.execute(query).first()
        if found is None:
            return None
        m = found._mapping
        run = ClassRun(**{f: m[f] for f in ClassRun.__dataclass_fields__})
        return run, _placement(m)

    def forget(self, customer_id: str) -> int:
        """The customer's class history, when they refuse personalisation."""
        query = delete(customer_classes).where(customer_classes.c.customer_id == customer_id)
        return int(self._c.execute(query).rowcount)

    def is_consenting(self, customer_id: str, who: Consenting) -> bool:
        return self._c.execute(_consenting(who, [customer_id])).first() is not None

    def mark_important(self, guest: ImportantGuest) -> None:
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        values = vars(guest)
        statement = dialect.insert(important_guests).values(**values)
        self._c.execute(
            statement.on_conflict_do_update(
                index_elements=[important_guests.c.customer_id],
                set_={k: v for k, v in values.items() if k != "customer_id"},
            )
        )

    def unmark_important(self, customer_id: str) -> bool:
        g = important_guests.c
        return bool(
            self._c.execute(delete(important_guests).where(g.customer_id == customer_id)).rowcount
        )


def _instant(at: str | datetime | None) -> datetime | None:
    """The aggregate's last visit as the driver gives it (SQLite: the stored text, read here
    in C rather than by a per-row type processor; PostgreSQL: an aware datetime)."""
    if at is None or isinstance(at, datetime):
        return at
    return datetime.fromisoformat(at).replace(tzinfo=UTC)


def _copy(connection: Connection, rows: list[tuple[Any, ...]]) -> None:
    """A million rows a quarter: PostgreSQL's COPY in the transaction's own connection takes
    them an order of magnitude faster than an executemany of INSERTs."""
    names = ", ".join(customer_classes.c.keys())
    raw = connection.connection.driver_connection
    with (
        raw.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(f"COPY customer_classes ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _placement(m: Any) -> Placement:
    return Placement(
        m["customer_id"],
        CustomerClass(m["customer_class"]),
        Basis(m["basis"]),
        int(m["spend_cents"]),
        int(m["visits"]),
        m["spend_rank"],
        m["visit_rank"],
    )


def _class_row(m: Any) -> ClassRow:
    before = CustomerClass(m["before"]) if m["before"] else None
    return ClassRow(m["customer_id"], m["store"], _placement(m), before)
