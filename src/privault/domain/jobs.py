"""Jobs that run themselves: when each is due, and how a run's outcome reads.

A legal clock nobody looks at protects nobody (DESIGN §3.7): retention sweeps, deadline alerts,
backup pruning and purges run on a schedule inside the server or `privault worker`. A job is due
once its interval has passed since its last start; a lease longer than any run keeps two workers
from running it at once, and a worker that died mid-run frees the job when its lease ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class Outcome(StrEnum):
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class Schedule:
    every: timedelta
    lease: timedelta = timedelta(minutes=30)  # longer than any run; a dead worker's job frees


@dataclass(frozen=True)
class JobState:
    job: str
    last_started_at: datetime | None
    last_finished_at: datetime | None
    last_outcome: Outcome | None
    last_summary: str
    lease_until: datetime | None

    def next_due(self, schedule: Schedule) -> datetime | None:
        """None: due now (never run)."""
        return None if self.last_started_at is None else self.last_started_at + schedule.every

    def is_due(self, schedule: Schedule, now: datetime) -> bool:
        due = self.next_due(schedule)
        return due is None or due <= now

    def is_running(self, now: datetime) -> bool:
        return self.lease_until is not None and self.lease_until > now


NEVER = JobState("", None, None, None, "", None)


def summary_line(counts: dict[str, int]) -> str:
    """A run's summary holds counts only: it is shown to admins and auditors, who see no
    personal data."""
    return ", ".join(f"{name}={count}" for name, count in counts.items()) or "nothing to do"
