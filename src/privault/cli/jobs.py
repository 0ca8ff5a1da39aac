"""`privault jobs ...` and `privault worker`: the jobs that run themselves."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.infra.job_loop import JobLoop, worker_name
from privault.services.jobs.runner import list_jobs, run_due_jobs

app = typer.Typer(help="Scheduled jobs: retention sweeps, deadline alerts, reminders, purges.")


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Each job's last and next run (privacy officer, auditor, admin)."""
    with context.vault() as vault:
        jobs = list_jobs(vault, context.actor())
    if as_json:
        emit_json(jobs)
        return
    table(
        "scheduled jobs",
        ["job", "every (minutes)", "last run", "outcome", "summary", "next run"],
        [
            (
                j.name,
                j.every_minutes,
                j.last_started_at,
                j.last_outcome,
                j.last_summary,
                j.next_due_at or "now",
            )
            for j in jobs
        ],
    )


@app.command("run")
def run(
    name: Annotated[
        str | None, typer.Argument(help="Run this job now, due or not; without it, every due job.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Run due jobs once, as the system (for cron, or to see a job's effect now)."""
    with context.vault(signed_in=False) as vault:
        runs = run_due_jobs(vault, worker_name(), only=name)
    if as_json:
        emit_json([r._asdict() for r in runs])
        return
    for r in runs:
        console.print(f"{r.job}: {r.outcome} ({r.summary})")
    if not runs:
        console.print("no job was due")


def worker() -> None:
    """Run the scheduled jobs until stopped, beside `privault serve --no-jobs` or instead of it."""
    # Scheduled runs name no channel, as in `privault serve`: nobody asked for them.
    with context.vault(signed_in=False, channel=None) as vault:
        console.print(f"running scheduled jobs as {worker_name()}; Ctrl-C stops")
        _stop_on_signals()
        try:
            JobLoop(lambda: run_due_jobs(vault, worker_name())).run_forever()
        except KeyboardInterrupt:
            console.print("stopped")


def _stop_on_signals() -> None:
    """Ctrl-C, and a service manager's stop (SIGTERM), end the loop the same way: the job
    running rolls back (one use case, one transaction). Ctrl-C's handler is set again because
    a worker started in the background (`privault worker &`) inherits SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
