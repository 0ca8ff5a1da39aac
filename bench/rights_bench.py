"""Benchmark of customers' rights at scale: fulfilling an access request, erasing one customer,
and the retention sweep, on an embedded installation of 1M salon customers.

Run `make bench-rights` or `python bench/rights_bench.py --rows 1000000` (builds the installation
through `privault import`, ~10 min) or `--reuse DIR` with a home a previous run (or
`bench/vault_bench.py`) left behind. The sweep runs on a copy, so a reused home stays whole.
`--pg URL` builds the installation on PostgreSQL instead (data in URL's database, keys in
`<database>_keystore`; both are dropped and created afresh).
Figures go to bench/out/rights-<database>.json; bench/README.md records them beside the targets.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sqlalchemy.engine import make_url

from audit_bench import fresh_pg
from privault.config import Settings
from privault.domain.policy import Actor
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import find_customers
from privault.services.requests.answers import fulfil_request
from privault.services.requests.handling import open_request
from privault.services.requests.verification import verify_request
from privault.services.retention.sweep import plan_retention, run_retention
from privault.services.vault import Vault, open_vault
from vault_bench import OUT, generate, import_run

OFFICER = Actor("bench.officer", frozenset({"privacy_officer"}))  # trained, every store
SAMPLES = 200


def percentiles(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {
        "p50_ms": statistics.median(ordered),
        "p99_ms": ordered[max(0, int(len(ordered) * 0.99) - 1)],
        "samples": len(ordered),
    }


def customer_ids(vault: Vault, mobiles: list[str], count: int) -> list[str]:
    """Found the way staff find them; not timed."""
    manager = Actor("bench.manager", frozenset({"store_manager"}))
    ids: list[str] = []
    for mobile in random.Random(5).sample(mobiles, count):
        ids.extend(c.id for c in find_customers(vault, manager, "mobile", mobile).customers)
    return ids[:count]


def access_requests(vault: Vault, ids: list[str], out: Path) -> dict[str, float]:
    """Opening and verifying are the front desk's steps; the timed part is the fulfilment:
    the package with every field, consent history, purposes and transactions, written out."""
    timings = []
    for cid in ids:
        opened = open_request(vault, OFFICER, cid, "access", "store")
        verify_request(vault, OFFICER, opened.id, "in_person", note="resident ID card seen")
        started = time.perf_counter()
        fulfil_request(vault, OFFICER, opened.id, out_dir=out / opened.id)
        timings.append((time.perf_counter() - started) * 1000)
    return percentiles(timings)


def erasures(vault: Vault, ids: list[str]) -> dict[str, float]:
    timings = []
    for cid in ids:
        started = time.perf_counter()
        erase_customer(vault, OFFICER, cid, reason="bench")
        timings.append((time.perf_counter() - started) * 1000)
    return percentiles(timings)


def sweep(settings: Settings) -> dict[str, float]:
    """Every customer is made inactive by moving the clock past the 3-year rule, then swept."""
    later = datetime.now(UTC) + timedelta(days=1200)
    vault = open_vault(settings, clock=lambda: later, long_running=True)
    try:
        started = time.perf_counter()
        plan = plan_retention(vault, OFFICER)
        planned = time.perf_counter() - started
        started = time.perf_counter()
        run = run_retention(vault, OFFICER, batch_size=5000)
        seconds = time.perf_counter() - started
    finally:
        vault.close()
    erased = run.customers_erased
    return {
        "planned": len(plan.erase),
        "plan_seconds": planned,
        "erased": erased,
        "seconds": seconds,
        "customers_per_s": erased / seconds,
    }


def measure(settings: Settings, rows: int, mobiles: list[str], scratch: Path) -> dict[str, object]:
    vault = open_vault(settings, long_running=True)
    try:
        ids = customer_ids(vault, mobiles, 2 * SAMPLES)
        results: dict[str, object] = {
            "customers": rows,
            "database": make_url(settings.database_url).get_backend_name(),
            "access_request": access_requests(vault, ids[:SAMPLES], scratch / "packages"),
            "erasure": erasures(vault, ids[SAMPLES:]),
        }
    finally:
        vault.close()
    results["retention_sweep"] = sweep(settings)
    return results


def build(rows: int, pg: str | None) -> tuple[Path, list[str], dict[str, str]]:
    csv_path = OUT / f"customers-{rows}.csv"
    mobiles = generate(csv_path, rows)
    home = OUT / f"rights-home-{rows}-{'pg' if pg else 'sqlite'}"
    shutil.rmtree(home, ignore_errors=True)
    env = {}
    if pg:
        env = {"PRIVAULT_DATABASE_URL": pg, "PRIVAULT_KEYSTORE_URL": fresh_pg(pg)}
    import_run(home, csv_path, env)
    return home, mobiles, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reuse", type=Path, help="an SQLite home with --rows customers")
    parser.add_argument("--mobiles", type=Path, help="JSON list of mobiles in the reused home")
    parser.add_argument("--pg", help="build on this PostgreSQL database instead of SQLite")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        if args.reuse:
            mobiles = json.loads(args.mobiles.read_text()) if args.mobiles else []
            home = Path(scratch) / "home"
            shutil.copytree(args.reuse, home)  # the sweep erases everyone: work on a copy
            settings = Settings(home=home, database_url="", keystore_url="")
        else:
            home, mobiles, env = build(args.rows, args.pg)
            settings = Settings(
                home=home,
                database_url=env.get("PRIVAULT_DATABASE_URL", ""),
                keystore_url=env.get("PRIVAULT_KEYSTORE_URL", ""),
            )
        results = measure(settings, args.rows, mobiles, Path(scratch))
    print(json.dumps(results, indent=2))
    name = f"rights-{results['database']}.json"
    (OUT / name).write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
