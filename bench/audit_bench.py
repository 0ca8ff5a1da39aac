"""Benchmark of the tamper-evident audit trail, on SQLite and on PostgreSQL.

(a) append throughput with concurrent writers, each appending one event per transaction (what a
    use case does) in a process of its own; (b) lookups by mobile per second alone, and while the
    writers append; (c) `verify` speed on a trail of a million events.

Run `make bench-audit`, or `python bench/audit_bench.py --events 200000 --seconds 5` for a quick
look. Figures go to bench/out/audit_results.json; bench/README.md records them beside the targets.
The machine's load average is recorded with each figure: on a shared machine it explains a lot.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import shutil
import statistics
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.synchronize import Event
from pathlib import Path
from queue import Queue
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from privault.config import Settings
from privault.domain.audit import AuditEvent, Outcome
from privault.domain.policy import Action, Actor
from privault.services.audit.trail import verify_audit_trail
from privault.services.customers.records import find_customers
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.installation.setup import init_installation
from privault.services.use_case import use_case
from privault.services.vault import open_vault

OUT = Path(__file__).parent / "out"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/privault_bench"
# A trained store manager who is also the privacy officer (imports, lookups, verify).
ACTOR = Actor("bench", frozenset({"store_manager", "privacy_officer"}))
PARTS = ["append", "lookups", "verify"]
ACTIONS = ["customer.search", "customer.view", "customer.reveal", "customer.register"]


@dataclass(frozen=True)
class Target:
    name: str  # sqlite or postgresql
    settings: Settings


def installation(name: str, home: Path, pg_url: str) -> Target:
    """A fresh salon installation: SQLite files under `home`, or new PostgreSQL databases."""
    shutil.rmtree(home, ignore_errors=True)
    if name == "sqlite":
        settings = Settings(home=home, database_url="", keystore_url="")
    else:
        keystore = fresh_pg(pg_url)
        settings = Settings(home=home, database_url=pg_url, keystore_url=keystore)
    init_installation(settings, "salon", officer="owner")
    return Target(name, settings)


def fresh_pg(url: str) -> str:
    parsed = make_url(url)
    keystore = parsed.set(database=f"{parsed.database}_keystore")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for name in (parsed.database, keystore.database):
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return keystore.render_as_string(hide_password=False)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


# (a) and (b): writers in processes of their own ------------------------------------------


@dataclass(frozen=True)
class Load:
    """How each writer appends: `rate` events/s (0: flat out), holding its transaction open
    `hold` seconds after the append, as a use case doing more work would."""

    rate: float = 0
    hold: float = 0

    def __str__(self) -> str:
        pace = f"{self.rate:g} events/s each" if self.rate else "flat out"
        return pace + (f", transactions held {self.hold * 1000:g} ms" if self.hold else "")


def _writer(
    settings: Settings, seconds: float, load: Load, ready: Queue[int], go: Event, out: Queue[int]
) -> None:
    vault = open_vault(settings)
    actor = Actor(f"bench:writer-{os.getpid()}", frozenset({"operator"}))
    ready.put(1)
    go.wait()
    appended, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        if load.rate and appended > elapsed * load.rate:  # paced: a shop's steady stream
            time.sleep(min(appended / load.rate - elapsed, 0.05))
            continue
        with use_case(vault, actor) as uc:
            uc.record(Action.SEARCH, customer_id=str(uuid.uuid4()), fields=["m"])
            # The chain head (PostgreSQL) or the database (SQLite) stays locked meanwhile.
            time.sleep(load.hold)
            uc.commit()
        appended += 1
    vault.close()
    out.put(appended)


class Writers:
    """`count` processes appending for `seconds`."""

    def __init__(self, settings: Settings, count: int, seconds: float, load: Load) -> None:
        context = multiprocessing.get_context("spawn")
        self._ready: Queue[int] = context.Queue()  # type: ignore[assignment]
        self._out: Queue[int] = context.Queue()  # type: ignore[assignment]
        self._go = context.Event()
        self._processes = [
            context.Process(
                target=_writer,
                args=(settings, seconds, load, self._ready, self._go, self._out),
            )
            for _ in range(count)
        ]
        for process in self._processes:
            process.start()
        for _ in self._processes:
            self._ready.get()

    def start(self) -> None:
        self._go.set()

    def appended(self) -> int:
        total = sum(self._out.get() for _ in self._processes)
        for process in self._processes:
            process.join()
        return total


def append_throughput(target: Target, writers: int, seconds: float) -> dict[str, float]:
    group = Writers(target.settings, writers, seconds, Load())
    before = load_average()
    group.start()
    appended = group.appended()
    return {"writers": writers, "events_per_s": appended / seconds, "load_before": before}


def add_customers(target: Target, count: int, folder: Path) -> list[str]:
    """Imports customers with a name and a mobile; returns their mobiles."""
    rng = random.Random(11)
    mobiles = [f"1{rng.choice('356789')}{n:09d}" for n in rng.sample(range(10**9), count)]
    path = folder / f"customers-{target.name}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "手机号"])
        writer.writerows([["王芳", m] for m in mobiles])
    vault = open_vault(target.settings)
    options = ImportOptions(notice_version="2026.1", purposes=("service",))
    report = import_customers(vault, ACTOR, path, options)
    vault.close()
    assert report.imported == count, report  # noqa: S101
    return mobiles


def lookups_per_second(target: Target, mobiles: list[str], seconds: float) -> float:
    vault = open_vault(target.settings)
    rng = random.Random(5)
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        found = find_customers(vault, ACTOR, "mobile", rng.choice(mobiles))
        assert found.customers  # noqa: S101
        done += 1
    elapsed = time.perf_counter() - started
    vault.close()
    return done / elapsed


def lookups_under_writers(
    target: Target, mobiles: list[str], writers: int, seconds: float, load: Load, rounds: int
) -> dict[str, Any]:
    """Alternates windows without and with the writers, so a change in the machine's other
    load hits both sides alike; the medians are compared."""
    alone, during, appended, loads = [], [], [], []
    for _ in range(rounds):
        loads.append(load_average())
        alone.append(lookups_per_second(target, mobiles, seconds))
        group = Writers(target.settings, writers, seconds + 1, load)
        group.start()
        time.sleep(0.5)  # let every writer get going
        during.append(lookups_per_second(target, mobiles, seconds))
        appended.append(group.appended() / (seconds + 1))
    return {
        "writers": writers,
        "writers_load": str(load),
        "alone_per_s": statistics.median(alone),
        "during_per_s": statistics.median(during),
        "drop_percent": 100 * (1 - statistics.median(during) / statistics.median(alone)),
        "writers_events_per_s": statistics.median(appended),
        "runs_alone": alone,
        "runs_during": during,
        "load_before_rounds": loads,
    }


# (c): a trail of a million events, then verify it ------------------------------------------


def generate_events(target: Target, count: int, batch: int = 20_000) -> dict[str, float]:
    """Linked events through the real repository, in big transactions."""
    vault = open_vault(target.settings)
    rng = random.Random(2)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    started = time.perf_counter()
    for low in range(0, count, batch):
        events = []
        for i in range(low, min(low + batch, count)):
            at += timedelta(microseconds=rng.randrange(1, 2_000_000))
            events.append(
                AuditEvent(
                    at=at,
                    actor=f"staff{i % 37}",
                    role="front_desk",
                    store="main",
                    action=ACTIONS[i % len(ACTIONS)],
                    outcome=Outcome.DENIED if i % 50 == 0 else Outcome.ALLOWED,
                    request_id=str(uuid.UUID(int=rng.getrandbits(128))),
                    customer_id=str(uuid.UUID(int=rng.getrandbits(128))) if i % 3 else None,
                    fields=("mobile", "name") if i % 2 else (),
                    purpose="service" if i % 4 == 0 else None,
                    reason="found by mobile" if i % 7 == 0 else None,
                )
            )
        with vault.unit_of_work() as uow:
            uow.audit.append(events)
            uow.commit()
    seconds = time.perf_counter() - started
    vault.close()
    return {"events": count, "seconds": seconds, "events_per_s": count / seconds}


def verify_speed(target: Target, workers: int) -> dict[str, Any]:
    vault = open_vault(target.settings)
    before = load_average()
    report = verify_audit_trail(vault, ACTOR, workers=workers)
    vault.close()
    assert report.is_intact, report.problems  # noqa: S101
    return {
        "workers": workers,
        "events": report.events_checked,
        "seconds": report.seconds,
        "events_per_s": report.events_checked / report.seconds,
        "load_before": before,
    }


def run(name: str, args: argparse.Namespace) -> dict[str, Any]:
    home = OUT / f"audit-{name}"
    target = installation(name, home, args.pg)
    result: dict[str, Any] = {}
    if "append" in args.parts:
        result["append"] = [append_throughput(target, n, args.seconds) for n in (1, args.writers)]
    if "lookups" in args.parts:
        mobiles = add_customers(target, args.customers, OUT)
        result["lookups"] = [
            lookups_under_writers(target, mobiles, args.writers, args.seconds, load, args.rounds)
            for load in (Load(args.paced_rate), Load(args.paced_rate, 0.02), Load())
        ]
    if "verify" in args.parts:
        result["generate"] = generate_events(target, args.events)
        result["verify"] = [verify_speed(target, w) for w in (1, 2, 1, 2, 1, 2)]
    print(name, json.dumps(result), flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--paced-rate", type=float, default=25, help="events/s per paced writer")
    parser.add_argument("--rounds", type=int, default=3, help="alone/during windows compared")
    parser.add_argument("--pg", default=os.environ.get("PRIVAULT_BENCH_PG", PG_DEFAULT))
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--parts", nargs="+", choices=["append", "lookups", "verify"], default=PARTS
    )
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    results: dict[str, Any] = {"cpus": os.cpu_count(), "started": datetime.now(UTC).isoformat()}
    for name in ("sqlite", "postgresql"):
        if args.only in (None, name) and (name == "sqlite" or args.pg):
            results[name] = run(name, args)
    name = (
        "audit_results.json"
        if args.parts == PARTS
        else f"audit_results-{'-'.join(args.parts)}.json"
    )
    (OUT / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
