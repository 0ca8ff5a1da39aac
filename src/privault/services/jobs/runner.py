"""Running the jobs that are due, one worker per job at a time, each run recorded.

Every job acts as the system actor of the use-case context: its changes pass the same policy
and land in the same audit trail as a person's. A job that fails is recorded as failed, raises
an alert and leaves the other jobs, and the server, running.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from privault.db.jobs import JobRun
from privault.domain.alerts import job_failed
from privault.domain.errors import NotFoundError
from privault.domain.jobs import NEVER, JobState, Outcome, summary_line
from privault.domain.policy import Action, Actor
from privault.services.jobs.catalog import JOBS, Job, job_named
from privault.services.use_case import SYSTEM, use_case
from privault.services.vault import Vault

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobView:
    name: str
    every_minutes: int
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: str | None
    last_summary: str
    next_due_at: datetime | None  # None: due now
    is_running: bool


def run_due_jobs(vault: Vault, worker: str, *, only: str | None = None) -> list[JobRun]:
    """Each due job this worker wins the lease of; `only` runs one job now, due or not."""
    chosen = JOBS if only is None else (_known(only),)
    runs = []
    for job in chosen:
        started = _claim(vault, job, worker, force=only is not None)
        if started is not None:
            runs.append(_run(vault, job, worker, started))
    return runs


def list_jobs(vault: Vault, actor: Actor) -> list[JobView]:
    with use_case(vault, actor) as uc:
        uc.require(Action.JOBS_READ)
        states, now = uc.uow.jobs.states(), uc.now
        uc.record(Action.JOBS_READ)
        uc.commit()
    return [_view(job, states.get(job.name, NEVER), now) for job in JOBS]


def _view(job: Job, state: JobState, now: datetime) -> JobView:
    outcome = None if state.last_outcome is None else state.last_outcome.value
    return JobView(
        job.name,
        int(job.schedule.every / timedelta(minutes=1)),
        state.last_started_at,
        state.last_finished_at,
        outcome,
        state.last_summary,
        state.next_due(job.schedule),
        state.is_running(now),
    )


def _known(name: str) -> Job:
    job = job_named(name)
    if job is None:
        raise NotFoundError(
            "no scheduled job named {name}; the jobs are {jobs}",
            params={"name": name, "jobs": ", ".join(j.name for j in JOBS)},
        )
    return job


def _claim(vault: Vault, job: Job, worker: str, *, force: bool) -> datetime | None:
    with use_case(vault, SYSTEM) as uc:
        uc.require(Action.HOUSEKEEPING)
        due_before = uc.now if force else uc.now - job.schedule.every
        until = uc.now + job.schedule.lease
        if not uc.uow.jobs.claim(job.name, worker, uc.now, due_before, until):
            return None
        uc.commit()
        return uc.now


def _run(vault: Vault, job: Job, worker: str, started: datetime) -> JobRun:
    try:
        outcome, summary = Outcome.DONE, summary_line(job.work(vault, SYSTEM))
    except Exception as exc:  # one failing job must not stop the others, nor the server
        problem = exc.__class__.__name__  # never the message: it may carry a value
        logger.warning("scheduled job %s failed: %s", job.name, problem)
        outcome, summary = Outcome.FAILED, f"failed: {problem}"
    with use_case(vault, SYSTEM) as uc:
        run = JobRun(job.name, worker, started, uc.now, outcome.value, summary)
        uc.uow.jobs.finish(run)
        uc.record(Action.HOUSEKEEPING, reason=f"job {job.name} {outcome.value}: {summary}")
        if outcome is Outcome.FAILED:
            uc.alert(job_failed(job.name, summary, uc.now))
        uc.commit()
    return run
