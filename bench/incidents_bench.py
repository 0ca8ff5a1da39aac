"""Benchmark: the customers an incident affected, found in a large audit trail, with the trail's
integrity checked in the same step (issue 19: 10M events in under 60 s).

A fresh installation gets `--events` linked events through the real repository (the generator of
bench/audit_bench.py: 37 staff members, a third of events without a customer), a checkpoint is
exported `--tail` events before the end (the last one a shop would file), and then
`find_affected_customers` runs for one staff member over a one-day window: once from that
checkpoint and once walking the whole trail. Run `python bench/incidents_bench.py --events
1000000`; add `--only postgresql` (and `PRIVAULT_BENCH_PG`) for PostgreSQL. Figures go to
bench/out/incidents_results.json; bench/README.md records them beside the target.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from audit_bench import (
    ACTOR,
    OUT,
    PG_DEFAULT,
    Target,
    generate_events,
    installation,
    load_average,
)
from privault.services.audit.trail import export_checkpoint
from privault.services.incidents.affected import (
    TrailFilter,
    find_affected_customers,
)
from privault.services.incidents.register import IncidentReport, report_incident
from privault.services.vault import open_vault


def affected(target: Target, checkpoint: dict[str, object] | None) -> dict[str, Any]:
    vault = open_vault(target.settings)
    now = datetime.now(UTC)
    report = IncidentReport("bench", "bench", "较大", now, "bench")
    incident = report_incident(vault, ACTOR, report)
    # The generator writes from 2026-01-01 on, about a second apart: a day of one member's work.
    since = datetime(2026, 1, 3, tzinfo=UTC)
    wanted = TrailFilter(since, since + timedelta(days=1), staff="staff7")
    before = load_average()
    started = time.perf_counter()
    found = find_affected_customers(vault, ACTOR, incident.id, wanted, checkpoint=checkpoint)
    seconds = time.perf_counter() - started
    vault.close()
    assert found.integrity.is_intact, found.integrity.first_problem  # noqa: S101
    return {
        "from_checkpoint": checkpoint is not None,
        "customers": found.customers,
        "events_checked": found.integrity.events_checked,
        "seconds": seconds,
        "load_before": before,
    }


def run(name: str, args: argparse.Namespace) -> dict[str, Any]:
    target = installation(name, OUT / f"incidents-{name}", args.pg)
    result: dict[str, Any] = {"events": args.events, "tail": args.tail}
    result["generate"] = generate_events(target, args.events - args.tail)
    vault = open_vault(target.settings)
    checkpoint = export_checkpoint(vault, ACTOR)
    vault.close()
    if args.tail:
        result["generate_tail"] = generate_events(target, args.tail)
    result["affected"] = [affected(target, checkpoint), affected(target, None)]
    print(name, json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--tail", type=int, default=100_000, help="events after the checkpoint")
    parser.add_argument("--pg", default=os.environ.get("PRIVAULT_BENCH_PG", PG_DEFAULT))
    parser.add_argument("--only", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    result = run(args.only, args)
    out = OUT / f"incidents_results_{args.only}.json"
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
