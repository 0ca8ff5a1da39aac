"""Retention sweep queries (index ix_customers_last_activity_at) and the retention_runs rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, exists, insert, or_, select, update

from privault.db.tables import customers, legal_holds, retention_runs, tombstones
from privault.domain.retention import RetentionRun

Candidate = tuple[str, datetime]  # customer id, last activity

_HELD = exists().where(
    legal_holds.c.customer_id == customers.c.id, legal_holds.c.lifted_at.is_(None)
)
_ORDER = (customers.c.last_activity_at, customers.c.id)


class RetentionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def inactive(self, before: datetime, *, limit: int | None = None) -> list[Candidate]:
        """Customers free of any active hold last active before `before`, oldest first."""
        query = (
            select(*_ORDER)
            .where(customers.c.last_activity_at < before, ~_HELD)
            .order_by(*_ORDER)
            .limit(limit)
        )
        return [(r.id, r.last_activity_at) for r in self._c.execute(query)]

    def held(self, before: datetime) -> list[Candidate]:
        """Customers under an active hold last active before `before` (holds are few: the
        query starts from them)."""
        query = (
            select(*_ORDER)
            .distinct()
            .join_from(legal_holds, customers, legal_holds.c.customer_id == customers.c.id)
            .where(legal_holds.c.lifted_at.is_(None), customers.c.last_activity_at < before)
            .order_by(*_ORDER)
        )
        return [(r.id, r.last_activity_at) for r in self._c.execute(query)]

    def active_between(
        self,
        since: datetime,
        before: datetime,
        *,
        after: Candidate | None = None,
        limit: int,
    ) -> list[Candidate]:
        """A page of customers free of holds last active in [since, before), in (last
        activity, id) order after the cursor `after`."""
        at = customers.c.last_activity_at
        query = select(*_ORDER).where(at >= since, at < before, ~_HELD)
        if after is not None:
            query = query.where(or_(at > after[1], and_(at == after[1], customers.c.id > after[0])))
        query = query.order_by(*_ORDER).limit(limit)
        return [(r.id, r.last_activity_at) for r in self._c.execute(query)]

    def add_run(self, run: RetentionRun, progress: str | None = None) -> None:
        values = {**vars(run), "certificate": progress}
        self._c.execute(insert(retention_runs).values(**values))

    def record_progress(self, run_id: str, erased: int, fields: int, progress: str) -> None:
        """Counts so far; until the run finishes the certificate column holds its progress."""
        self._c.execute(
            update(retention_runs)
            .where(retention_runs.c.id == run_id)
            .values(customers_erased=erased, fields_removed=fields, certificate=progress)
        )

    def finish(self, run_id: str, at: datetime, certificate: str, sha256: str) -> None:
        self._c.execute(
            update(retention_runs)
            .where(retention_runs.c.id == run_id)
            .values(finished_at=at, certificate=certificate, certificate_sha256=sha256)
        )

    def get(self, run_id: str) -> tuple[RetentionRun, str | None] | None:
        """The run and its certificate (or, unfinished, its progress)."""
        row = self._c.execute(select(retention_runs).where(retention_runs.c.id == run_id)).first()
        return None if row is None else _run(row._mapping)

    def unfinished(self) -> tuple[RetentionRun, str | None] | None:
        """The real run a crash left unfinished, to be continued."""
        t = retention_runs.c
        query = (
            select(retention_runs)
            .where(t.finished_at.is_(None), t.is_dry_run.is_(False))
            .order_by(t.started_at.desc())
            .limit(1)
        )
        row = self._c.execute(query).first()
        return None if row is None else _run(row._mapping)

    def runs(self) -> list[RetentionRun]:
        t = retention_runs.c
        query = select(retention_runs).order_by(t.started_at, t.id)
        return [_run(r._mapping)[0] for r in self._c.execute(query)]

    def erased_by_run(self, run_id: str) -> list[str]:
        query = select(tombstones.c.customer_id).where(tombstones.c.retention_run_id == run_id)
        return sorted(self._c.execute(query).scalars())


def _run(row: Any) -> tuple[RetentionRun, str | None]:
    values = dict(row)
    certificate = values.pop("certificate")
    return RetentionRun(**values), certificate
