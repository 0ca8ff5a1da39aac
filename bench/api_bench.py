"""Load benchmark of the REST API: lookups by mobile through `privault serve --workers 2` on
PostgreSQL, 32 concurrent clients for 30 s, beside a baseline of the same endpoint shape
without token check, policy, encryption or audit (bench/api_baseline.py, a plaintext table).

Run `python bench/api_bench.py` (PostgreSQL at 127.0.0.1 as user postgres; `--pg URL` to
choose; the database and `<database>_keystore` are dropped and created afresh). It imports
`--customers` synthetic salon customers, creates a front-desk API token, serves each app in
turn and drives it from `--load-processes` client processes. Figures go to
bench/out/api-postgresql.json: throughput, p50, p99, errors and the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import httpx2 as httpx
from sqlalchemy import create_engine, insert

from api_baseline import metadata, plain_customers
from audit_bench import fresh_pg
from privault.config import Settings
from privault.domain.policy import Actor
from privault.services.imports import ImportOptions, import_customers
from privault.services.installation import init_installation
from privault.services.tokens import create_token
from privault.services.vault import open_vault
from vault_bench import OUT, PRIVAULT, PURPOSES, generate

BENCH = Path(__file__).parent
ADMIN = Actor("bench.admin", frozenset({"admin"}))
IMPORTER = Actor("bench.manager", frozenset({"store_manager"}))
FIND = "/api/v1/customers/find"


def build(url: str, home: Path, customers: int) -> tuple[dict[str, str], str, list[str]]:
    """The installation with its customers, a token, and the same people in plain text."""
    keystore = fresh_pg(url)
    settings = Settings(home=home, database_url=url, keystore_url=keystore)
    init_installation(settings, "salon", officer="owner")
    source = home / "customers.csv"
    mobiles = generate(source, customers)
    vault = open_vault(settings)
    try:
        report = import_customers(vault, IMPORTER, source, ImportOptions("2026.1", tuple(PURPOSES)))
        print(f"imported {report.imported} customers in {report.seconds:.0f}s", flush=True)
        token = create_token(vault, ADMIN, "bench", "front_desk").token
    finally:
        vault.close()
    _plain_copy(url, source)
    env = {"PRIVAULT_HOME": str(home), "PRIVAULT_DATABASE_URL": url}
    return env | {"PRIVAULT_KEYSTORE_URL": keystore}, token, mobiles


def _plain_copy(url: str, source: Path) -> None:
    engine = create_engine(url)
    metadata.create_all(engine)
    with source.open(encoding="utf-8") as handle, engine.begin() as connection:
        rows = list(csv.reader(handle))[1:]
        connection.execute(
            insert(plain_customers),
            [
                {"mobile": r[1], "id": f"plain-{i}", "store": "main", "name": r[0], "email": r[2]}
                for i, r in enumerate(rows)
            ],
        )
    engine.dispose()


@contextmanager
def serving(command: list[str], env: dict[str, str], ready: str) -> Iterator[None]:
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            command, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, cwd=BENCH
        )
        try:
            _wait_until_up(ready)
            yield
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


def _client_process(job: dict[str, Any]) -> dict[str, Any]:
    return asyncio.run(_drive(**job))


async def _drive(
    base: str,
    token: str,
    mobiles: list[str],
    clients: int,
    warmup: float,
    seconds: float,
    seed: int,
) -> dict[str, Any]:
    rng = random.Random(seed)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=30) as http:
        start = time.perf_counter()
        measure_from, until = start + warmup, start + warmup + seconds

        async def one_client() -> None:
            while (now := time.perf_counter()) < until:
                params = {"by": "mobile", "value": rng.choice(mobiles)}
                try:
                    response = await http.get(FIND, params=params)
                    failure = None if response.status_code == 200 else str(response.status_code)
                except httpx.HTTPError as error:
                    failure = type(error).__name__
                if now < measure_from:
                    continue
                if failure is None:
                    latencies.append((time.perf_counter() - now) * 1000)
                else:
                    errors[failure] = errors.get(failure, 0) + 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return {"latencies": latencies, "errors": errors}


def load(base: str, token: str, mobiles: list[str], args: argparse.Namespace) -> dict[str, Any]:
    per = args.clients // args.load_processes
    jobs = [
        {
            "base": base,
            "token": token,
            "mobiles": mobiles,
            "clients": per,
            "warmup": args.warmup,
            "seconds": args.seconds,
            "seed": n,
        }
        for n in range(args.load_processes)
    ]
    with multiprocessing.get_context("spawn").Pool(args.load_processes) as pool:
        parts = pool.map(_client_process, jobs)
    latencies = sorted(x for p in parts for x in p["latencies"])
    errors: dict[str, int] = {}
    for part in parts:
        for kind, count in part["errors"].items():
            errors[kind] = errors.get(kind, 0) + count
    return {
        "requests": len(latencies),
        "throughput_per_s": round(len(latencies) / args.seconds, 1),
        "p50_ms": round(latencies[len(latencies) // 2], 2) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 2) if latencies else None,
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/api_bench")
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--load-processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="privault-api-bench-"))
    env, token, mobiles = build(args.pg, home, args.customers)
    base = f"http://127.0.0.1:{args.port}"
    serve = [PRIVAULT, "serve", "--port", str(args.port), "--workers", str(args.workers)]
    with serving(serve, env, f"{base}/api/v1/health"):
        api = load(base, token, mobiles, args)
    print("api", api, flush=True)
    baseline_cmd = [
        sys.executable, "-m", "uvicorn", "api_baseline:app", "--port", str(args.port),
        "--workers", str(args.workers),
    ]  # fmt: skip
    with serving(baseline_cmd, {"BASELINE_DATABASE_URL": args.pg}, f"{base}{FIND}?value=0"):
        baseline = load(base, token, mobiles, args)
    print("baseline", baseline, flush=True)
    results = {
        "customers": args.customers,
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "api": api,
        "baseline": baseline,
        "throughput_ratio": round(baseline["throughput_per_s"] / api["throughput_per_s"], 2)
        if api["throughput_per_s"]
        else None,
        "p99_ratio": round(api["p99_ms"] / baseline["p99_ms"], 2)
        if api["p99_ms"] and baseline["p99_ms"]
        else None,
        "load_average": round(os.getloadavg()[0], 2),
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "api-postgresql.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
