"""Load benchmark of the REST API: lookups by mobile through `privault serve --workers 2` on
PostgreSQL, 32 concurrent clients for 30 s, beside a baseline of the same endpoint shape
without token check, policy, encryption or audit (bench/api_baseline.py, a plaintext table).

Run `python bench/api_bench.py` (PostgreSQL at 127.0.0.1 as user postgres; `--pg URL` to
choose; the database and `<database>_keystore` are dropped and created afresh). It imports
`--customers` synthetic salon customers, creates a front-desk API token, serves each app in
turn and drives it with wrk (`--load-threads` threads, `--clients` connections). Figures go to
bench/out/api-postgresql.json: throughput, p50, p99, errors and the ratios to the baseline.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from sqlalchemy import create_engine, insert

from api_baseline import metadata, plain_customers
from audit_bench import fresh_pg
from privault.config import Settings
from privault.domain.policy import Actor
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.installation.setup import init_installation
from privault.services.staff.tokens import countersign_token, create_token
from privault.services.vault import open_vault
from vault_bench import OUT, PRIVAULT, PURPOSES, SHOP_IDENTITY, generate

BENCH = Path(__file__).parent
ADMIN = Actor("bench.admin", frozenset({"admin"}))
IMPORTER = Actor("bench.manager", frozenset({"store_manager"}))
OFFICER = Actor("bench.officer", frozenset({"privacy_officer"}))  # countersigns the token
FIND = "/api/v1/customers/find"
# The privacy notice (version 2026.1) is published once the shop names itself; consents cite it.
WRK = shutil.which("wrk") or "wrk"  # Debian's wrk: `make bench-api` installs it


def build(url: str, home: Path, customers: int) -> tuple[dict[str, str], str, list[str]]:
    """The installation with its customers, a token, and the same people in plain text."""
    keystore = fresh_pg(url)
    settings = Settings(home=home, database_url=url, keystore_url=keystore)
    init_installation(settings, "salon", officer="owner", identity=SHOP_IDENTITY)
    source = home / "customers.csv"
    mobiles = generate(source, customers)
    vault = open_vault(settings)
    try:
        report = import_customers(vault, IMPORTER, source, ImportOptions("2026.1", tuple(PURPOSES)))
        print(f"imported {report.imported} customers in {report.seconds:.0f}s", flush=True)
        token = create_token(vault, ADMIN, "bench", "front_desk").token
        countersign_token(vault, OFFICER, "bench")  # front desk sees personal data
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
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 -- our own local server
                return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up")


def load(base: str, token: str, mobiles: list[str], args: argparse.Namespace) -> dict[str, Any]:
    """wrk (C, event-driven) drives the clients: a Python load generator spent as much CPU per
    request as the servers it measured, on the same 2 vCPUs."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(mobiles))
    env = {**os.environ, "API_TOKEN": token, "MOBILES_FILE": handle.name}
    try:
        if args.warmup:
            run_wrk(base, env, args, seconds=args.warmup)
        result = run_wrk(base, env, args, seconds=args.seconds)
    finally:
        os.unlink(handle.name)
    return summary(result)


def summary(result: dict[str, Any]) -> dict[str, Any]:
    """wrk's WRK_RESULT line as the figures: throughput, p50, p99 and errors by kind."""
    errors = {k: result[k] for k in ("connect", "read", "write", "status", "timeout") if result[k]}
    return {
        "requests": result["requests"],
        "throughput_per_s": round(result["requests"] / result["seconds"], 1),
        "p50_ms": result["p50_ms"],
        "p99_ms": result["p99_ms"],
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }


def run_wrk(
    base: str,
    env: dict[str, str],
    args: argparse.Namespace,
    *,
    seconds: float,
    script: str = "api_load.lua",
) -> Any:
    command = [
        WRK, f"-t{args.load_threads}", f"-c{args.clients}", f"-d{seconds:g}s", "--timeout", "30s",
        "-s", str(BENCH / script), base,
    ]  # fmt: skip
    env = {**env, "WRK_COMMON": str(BENCH / "wrk_common.lua")}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK_RESULT "))
    return json.loads(line.removeprefix("WRK_RESULT "))


def load_options(parser: argparse.ArgumentParser, *, clients: int, port: int) -> None:
    """How the server is served and driven, for every wrk benchmark."""
    parser.add_argument("--clients", type=int, default=clients)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--load-threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=port)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/api_bench")
    parser.add_argument("--customers", type=int, default=20_000)
    load_options(parser, clients=32, port=8765)
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
