"""`privault retention ...`: sweeps (dry run first), the inactive period, runs, certificates."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.services.retention.records import (
    certificate_path,
    get_certificate,
    list_runs,
    set_inactive_days,
)
from privault.services.retention.sweep import RetentionPlan, plan_retention, run_retention

app = typer.Typer(help="Retention: inactive customers anonymised, lapsed consents cleared.")


def _show_plan(plan: RetentionPlan) -> None:
    counts = plan.counts
    console.print(f"dry run {plan.run_id}: nothing was changed")
    console.print(f"  inactive customers to anonymise: {counts['inactivity']}")
    for purpose, n in counts["purpose"].items():
        console.print(f"  consent for {purpose} lapsed: {n} customers")
    console.print(f"  fields to remove: {counts['fields_removed']}")
    console.print(f"  kept under a legal hold: {counts['held']}")


@app.command("run")
def run(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report only; change nothing.")
    ] = False,
    batch_size: Annotated[int, typer.Option(help="Customers per transaction.")] = 1000,
    as_json: Json = False,
) -> None:
    """Sweep now; with --dry-run, say what would go and why."""
    with context.vault() as vault:
        if dry_run:
            plan = plan_retention(vault, context.actor())
            if as_json:
                emit_json(plan)
            else:
                _show_plan(plan)
            return
        done = run_retention(vault, context.actor(), batch_size=batch_size)
        path = certificate_path(vault, done.id)
    if as_json:
        emit_json({"run": done, "certificate_file": str(path)})
        return
    console.print(
        f"run {done.id}: {done.customers_erased} customers anonymised, "
        f"{done.fields_removed} fields removed; certificate {path}"
    )


@app.command("set")
def set_(
    inactive_days: Annotated[int, typer.Option(help="Days without activity; at least 365.")],
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        days = set_inactive_days(vault, context.actor(), inactive_days)
    if as_json:
        emit_json({"inactive_days": days})
    else:
        console.print(f"customers inactive for {days} days are anonymised by the next run")


@app.command("runs")
def runs(as_json: Json = False) -> None:
    with context.vault() as vault:
        found = list_runs(vault, context.actor())
    if as_json:
        emit_json(found)
        return
    table(
        "retention runs",
        ["id", "started", "finished", "by", "dry run", "erased", "fields", "certificate"],
        [
            (
                r.id,
                r.started_at,
                r.finished_at,
                r.run_by,
                r.is_dry_run,
                r.customers_erased,
                r.fields_removed,
                r.certificate_sha256,
            )
            for r in found
        ],
    )


@app.command("certificate")
def certificate(
    run_id: Annotated[str, typer.Argument(help="The run id from `retention runs`.")],
    as_json: Json = False,
) -> None:
    """The destruction certificate of a finished run."""
    with context.vault() as vault:
        found = get_certificate(vault, context.actor(), run_id)
    if as_json:
        emit_json(found)
    else:
        console.print_json(json.dumps(found, ensure_ascii=False))
