"""Scheduled jobs: their state row, the lease a worker claims, and the log of runs."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from privault.db.tables import job_runs, job_state
from privault.domain.jobs import JobState, Outcome


class JobRun(NamedTuple):
    job: str
    worker: str
    started_at: datetime
    finished_at: datetime
    outcome: str
    summary: str


class JobRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def states(self) -> dict[str, JobState]:
        return {row.job: _state(row) for row in self._c.execute(select(job_state))}

    def claim(
        self, job: str, worker: str, now: datetime, due_before: datetime, until: datetime
    ) -> bool:
        """One conditional UPDATE: true for exactly one worker, on SQLite and PostgreSQL alike,
        while the job is due and nobody holds an unexpired lease on it."""
        self._ensure(job)
        claimed = self._c.execute(
            update(job_state)
            .where(
                job_state.c.job == job,
                or_(job_state.c.lease_until.is_(None), job_state.c.lease_until <= now),
                or_(
                    job_state.c.last_started_at.is_(None), job_state.c.last_started_at <= due_before
                ),
            )
            .values(lease_holder=worker, lease_until=until, last_started_at=now)
        )
        return claimed.rowcount == 1

    def finish(self, run: JobRun) -> None:
        self._c.execute(insert(job_runs).values(**run._asdict()))
        self._c.execute(
            update(job_state)
            .where(job_state.c.job == run.job, job_state.c.lease_holder == run.worker)
            .values(
                last_finished_at=run.finished_at,
                last_outcome=run.outcome,
                last_summary=run.summary,
                lease_holder=None,
                lease_until=None,
            )
        )

    def runs(self, job: str, limit: int = 20) -> list[JobRun]:
        query = (
            select(*(job_runs.c[name] for name in JobRun._fields))
            .where(job_runs.c.job == job)
            .order_by(job_runs.c.started_at.desc(), job_runs.c.id.desc())
            .limit(limit)
        )
        return [JobRun(*row) for row in self._c.execute(query)]

    def _ensure(self, job: str) -> None:
        """Another worker may add the row first; the claim that follows decides."""
        dialect = postgresql if self._c.dialect.name == "postgresql" else sqlite
        self._c.execute(
            dialect.insert(job_state)
            .values(job=job, last_summary="")
            .on_conflict_do_nothing(index_elements=["job"])
        )


def _state(row: object) -> JobState:
    values = row._mapping  # type: ignore[attr-defined]
    outcome = values["last_outcome"]
    return JobState(
        job=values["job"],
        last_started_at=values["last_started_at"],
        last_finished_at=values["last_finished_at"],
        last_outcome=None if outcome is None else Outcome(outcome),
        last_summary=values["last_summary"],
        lease_until=values["lease_until"],
    )
