"""The retention sweep on a schedule: the dry-run report goes to the privacy officer first, and
the real run follows at the next turn, at least a notice period later.

Between the two the officer reads the report (an alert with the counts) and places a legal hold
on anyone who must stay; a hold keeps a customer out of the run that follows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from privault.domain.alerts import retention_planned
from privault.domain.policy import Action, Actor
from privault.domain.retention import RetentionRun
from privault.services.retention.sweep import plan_retention, run_retention
from privault.services.use_case import use_case
from privault.services.vault import Vault

NOTICE = timedelta(hours=12)


def scheduled_retention(vault: Vault, actor: Actor) -> dict[str, int]:
    """Runs what the last report announced (when it is old enough), then reports the next."""
    counts: dict[str, int] = {}
    if _announced_run_is_due(vault, actor):
        done = run_retention(vault, actor)
        counts |= {"erased": done.customers_erased, "fields_removed": done.fields_removed}
    plan = plan_retention(vault, actor)
    removed = int(plan.counts["fields_removed"])
    with use_case(vault, actor) as uc:
        uc.alert(retention_planned(plan.run_id, len(plan.erase), removed, len(plan.held)))
        uc.commit()
    return counts | {"planned_erase": len(plan.erase), "planned_fields": removed}


def _announced_run_is_due(vault: Vault, actor: Actor) -> bool:
    with use_case(vault, actor) as uc:
        uc.require(Action.RETENTION_RUN)
        runs = [run for run in uc.uow.retention.runs() if run.run_by == actor.name]
        now = uc.now
    report = _latest(runs, dry=True)
    if report is None or now - report.started_at < NOTICE:
        return False
    done = _latest(runs, dry=False)
    return done is None or done.started_at < report.started_at


def _latest(runs: list[RetentionRun], *, dry: bool) -> RetentionRun | None:
    return max((r for r in runs if r.is_dry_run == dry), key=_started, default=None)


def _started(run: RetentionRun) -> datetime:
    return run.started_at
