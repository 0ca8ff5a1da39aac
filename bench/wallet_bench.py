"""Load benchmark of stored-value payments: POST /api/v1/customers/{id}/wallet/spend through
`privault serve --workers 2` on PostgreSQL, 8 concurrent clients for 30 s (target p99 < 20 ms).

Run `make bench-wallet` or `python bench/wallet_bench.py` (PostgreSQL at 127.0.0.1 as user
postgres; `--pg URL` to choose; the database and `<database>_keystore` are dropped and created
afresh). It imports `--customers` synthetic salon customers, tops up `--paying` of them with
10,000.00 each (so no spend of 0.01 is refused), creates a countersigned front-desk API token and
drives the server with wrk, each request a spend of 0.01 for a random paying customer. Then it
checks what the load left: the spend entries written equal the 201 answers, the daily
reconciliation finds every kept balance equal to its entries' sum. A one-caller in-process run of
the same service gives the part that is the service and the database alone. Figures go to
bench/out/wallet-postgresql.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import psutil
from sqlalchemy import func, select

from api_bench import (
    ADMIN,
    IMPORTER,
    OFFICER,
    load_options,
    run_wrk,
    serving,
    summary,
)
from audit_bench import fresh_pg
from privault.config import Settings
from privault.db.tables import ledger_entries
from privault.domain.policy import Actor
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.installation.setup import init_installation
from privault.services.ledgers.reconciliation import reconcile_ledgers
from privault.services.staff.tokens import countersign_token, create_token
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault, open_vault
from privault.services.wallet.movements import spend, top_up
from rights_bench import customer_ids, percentiles
from service_day_bench import approve_assessments
from vault_bench import OUT, PRIVAULT, PURPOSES, SHOP_IDENTITY, generate

DESK = Actor("bench.desk", frozenset({"front_desk"}), frozenset({"main"}))
TARGET_P99_MS = 20


def seed(vault: Vault, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    approve_assessments(vault)  # personalisation is used only once its assessment is approved
    source = home / "customers.csv"
    mobiles = generate(source, args.customers)
    report = import_customers(vault, IMPORTER, source, ImportOptions("2026.1", tuple(PURPOSES)))
    print(f"imported {report.imported} customers in {report.seconds:.0f}s", flush=True)
    paying = customer_ids(vault, mobiles, args.paying)
    for customer in paying:
        top_up(vault, DESK, customer, "10000.00")
    token = create_token(vault, ADMIN, "bench.pos", "front_desk").token
    countersign_token(vault, OFFICER, "bench.pos")  # the front desk sees personal data
    return {"imported": report.imported, "paying": paying, "token": token}


def in_process(vault: Vault, paying: list[str], rounds: int = 300) -> dict[str, float]:
    """The spend through the service alone, one caller: what the server adds on top is HTTP,
    the token check and the contention of 8 clients on 2 cores."""
    timings = []
    for i in range(rounds):
        started = time.perf_counter()
        spend(vault, DESK, paying[i % len(paying)], "0.01", "bench")
        timings.append((time.perf_counter() - started) * 1000)
    return percentiles(timings)


def spends(vault: Vault) -> int:
    with vault.database.data_engine.connect() as connection:
        query = select(func.count()).where(ledger_entries.c.kind == "spend")
        return int(connection.execute(query).scalar_one())


def under_load(env: dict[str, str], seeded: dict[str, Any], args: argparse.Namespace) -> Any:
    base = f"http://127.0.0.1:{args.port}"
    serve = [PRIVAULT, "serve", "--port", str(args.port), "--workers", str(args.workers)]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(seeded["paying"]))
    load_env = {**os.environ, "CUSTOMERS_FILE": handle.name, "API_TOKEN": seeded["token"]}
    try:
        with serving(serve, env, f"{base}/api/v1/health"):
            if args.warmup:
                run_wrk(base, load_env, args, seconds=args.warmup, script="wallet_load.lua")
            result = run_wrk(base, load_env, args, seconds=args.seconds, script="wallet_load.lua")
    finally:
        os.unlink(handle.name)
    return summary(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/wallet_bench")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--paying", type=int, default=500)
    load_options(parser, clients=8, port=8767)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="privault-wallet-bench-"))
    keystore = fresh_pg(args.pg)
    settings = Settings(home=home, database_url=args.pg, keystore_url=keystore)
    env = {"PRIVAULT_HOME": str(home), "PRIVAULT_DATABASE_URL": args.pg}
    env |= {"PRIVAULT_KEYSTORE_URL": keystore}
    init_installation(settings, "salon", officer="owner", identity=SHOP_IDENTITY)
    vault = open_vault(settings, long_running=True)
    try:
        seeded = seed(vault, home, args)
        services = in_process(vault, seeded["paying"])
        print("in process", services, flush=True)
        before = spends(vault)
    finally:
        vault.close()
    load = under_load(env, seeded, args) | {"target_p99_ms": TARGET_P99_MS}
    load["met"] = load["p99_ms"] < TARGET_P99_MS and not load["errors"]
    print("spend", load, flush=True)
    vault = open_vault(settings)
    try:
        written = spends(vault) - before
        reconciled = reconcile_ledgers(vault, SYSTEM)
    finally:
        vault.close()
    results: dict[str, Any] = {
        "database": "postgresql",
        "machine": f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB",
        "customers": seeded["imported"],
        "paying_customers": len(seeded["paying"]),
        "clients": args.clients,
        "workers": args.workers,
        "in_process_ms": services,
        "spend": load,
        # Every answered spend left exactly one entry, and no balance drifted from its entries.
        "spend_entries_written": written,
        "reconciliation": reconciled,
        "load_average": round(os.getloadavg()[0], 2),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "wallet-postgresql.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
