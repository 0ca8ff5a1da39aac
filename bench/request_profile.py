"""Where one request's time goes, in process: the service day's two reads (GET /today with a
server's session, GET /api/v1/bookings of a 300-booking day with a front-desk token) and the
stored-value spend (POST /api/v1/customers/{id}/wallet/spend), each through the whole ASGI app
(Starlette's test client: middleware, session or token check, the service, rendering), one
caller, no wrk and no second process. So the figures hold on a machine other sessions share.

Run `python bench/request_profile.py --pg URL [--part day|wallet] [--profile] [--reuse]`
(PostgreSQL; the database and `<database>_keystore` are dropped and created afresh, seeded as
`service_day_bench.py` and `wallet_bench.py` seed theirs, with fewer customers by default;
`--reuse`: the last run's installation of that part, kept in bench/out). For each request it
prints p50/p99 over `--rounds` calls, the process's CPU per request (p50: what the machine's
other load disturbs least), the SQL statements one request runs and the pool checkouts (a
SQLAlchemy listener on both engines; BEGIN and COMMIT are not statements to it), and with
`--profile` the functions with the most cumulative time (cProfile, the app run on one thread).
Figures go to bench/out/request-profile-<part>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).parent.parent))  # tests.factories: staff enrolment

import anyio.to_thread
from sqlalchemy import event
from sqlalchemy.engine import make_url
from starlette.testclient import TestClient

import service_day_bench as day
import wallet_bench as wallet
from audit_bench import fresh_pg
from privault.config import Settings
from privault.services.installation.setup import init_installation
from privault.services.service_day.today import shop_today
from privault.services.vault import Vault, open_vault
from privault.web.app import create_app
from privault.web.auth import SESSION_COOKIE
from rights_bench import percentiles
from vault_bench import OUT, SHOP_IDENTITY

Call = Callable[[], Any]


class Statements:
    """Counts the SQL statements sent on the vault's two engines while `on`."""

    def __init__(self, vault: Vault) -> None:
        self.on = False
        self.seen: Counter[str] = Counter()
        for engine in (vault.database.data_engine, vault.database.keystore_engine):
            event.listen(engine, "before_cursor_execute", self._count)
            event.listen(engine, "checkout", self._unit)

    def _count(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.on:
            self.seen[" ".join(statement.split())[:90]] += 1

    def of(self, call: Call) -> Counter[str]:
        self.seen, self.on = Counter(), True
        UNITS[0] = 0
        try:
            call()
        finally:
            self.on = False
        return Counter(self.seen)

    def _unit(self, *_args: Any) -> None:
        if self.on:
            UNITS[0] += 1


UNITS = [0]  # connections checked out from the pools (one per unit of work and database)


def measure(name: str, call: Call, stmts: Statements, args: argparse.Namespace) -> Any:
    for _ in range(5):
        call()  # warm: caches, the first template compile, pool connections
    seen = stmts.of(call)
    timings, cpu = [], []
    for _ in range(args.rounds):
        started, used = time.perf_counter(), time.process_time()
        call()
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    cpu.sort()
    figures = percentiles(timings) | {
        "cpu_p50_ms": round(cpu[len(cpu) // 2], 2),  # this process's CPU, less the machine's load
        "sql_statements": sum(seen.values()),
        "pool_checkouts": UNITS[0],
    }
    print(f"\n== {name}: {figures}")
    for statement, count in seen.most_common():
        print(f"  {count:4d}  {statement}")
    if args.profile:
        profiler = cProfile.Profile()
        with inline_threads():
            profiler.enable()
            for _ in range(args.rounds):
                call()
            profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats(args.sort).print_stats(args.top)
        print(text.getvalue())
    return figures


@contextmanager
def inline_threads() -> Iterator[None]:
    """While profiling, the app's sync work runs on the caller's thread (cProfile sees one
    thread): Starlette's threadpool calls run inline, and the test client's portal is
    replaced by a plain event loop on this thread (see `checked`)."""

    async def inline(func: Callable[..., Any], *args: Any, **_kw: Any) -> Any:
        return func(*args)

    real = anyio.to_thread.run_sync
    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    PROFILING.append(True)
    try:
        yield
    finally:
        anyio.to_thread.run_sync = real
        PROFILING.clear()


PROFILING: list[bool] = []


async def asgi(app: Any, method: str, target: str, headers: dict[str, str], body: bytes) -> int:
    """One request straight into the ASGI app on this thread; returns the status."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query.encode(), "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000), "state": {},
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return int(next(m["status"] for m in sent if m["type"] == "http.response.start"))


def checked(client: TestClient, method: str, path: str, **kwargs: Any) -> Call:
    headers = {"host": "testserver", **kwargs.get("headers", {})}
    headers |= {"cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())}
    body = json.dumps(kwargs["json"]).encode() if "json" in kwargs else b""
    if body:
        headers |= {"content-type": "application/json", "content-length": str(len(body))}

    def call() -> Any:
        if PROFILING:
            status = asyncio.run(asgi(client.app, method, path, headers, body))
        else:
            status = client.request(method, path, follow_redirects=False, **kwargs).status_code
        if status not in (200, 201):
            raise RuntimeError(f"{method} {path} answered {status}")

    return call


def day_seed(vault: Vault, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    day.approve_assessments(vault)
    seeded = day.seed(vault, home, args)
    today = shop_today(vault, day.DESK)[0]
    day.issue_cards(vault, seeded, today)
    busy = today + timedelta(days=1)
    day.book_busy_day(vault, seeded, busy, args.day_bookings)
    token = day.front_desk_token(vault)
    return {"session": seeded["sessions"][0], "token": token, "busy": busy.isoformat()}


def day_calls(vault: Vault, seeded: dict[str, Any], args: argparse.Namespace) -> dict[str, Call]:
    client = TestClient(create_app(vault=vault))
    client.cookies.set(SESSION_COOKIE, seeded["session"])
    desk = {"Authorization": f"Bearer {seeded['token']}"}
    return {
        "GET /today (5 bookings)": checked(client, "GET", "/today"),
        f"GET /api/v1/bookings ({args.day_bookings} bookings)": checked(
            client, "GET", f"/api/v1/bookings?store=main&date={seeded['busy']}", headers=desk
        ),
    }


def wallet_seed(vault: Vault, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    seeded = wallet.seed(vault, home, args)
    return {"paying": seeded["paying"], "token": seeded["token"]}


def wallet_calls(vault: Vault, seeded: dict[str, Any], _args: Any) -> dict[str, Call]:
    client = TestClient(create_app(vault=vault))
    pos = {"Authorization": f"Bearer {seeded['token']}"}
    paying, turn = seeded["paying"], iter(range(10**9))
    spends = [
        checked(client, "POST", f"/api/v1/customers/{c}/wallet/spend", headers=pos,
                json={"amount": "0.01"})
        for c in paying
    ]  # fmt: skip

    def spend() -> Any:
        return spends[next(turn) % len(spends)]()

    return {"POST .../wallet/spend": spend}


PARTS = {"day": (day_seed, day_calls, "restaurant"), "wallet": (wallet_seed, wallet_calls, "salon")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/profile")
    parser.add_argument("--part", choices=["day", "wallet"], default="day")
    parser.add_argument("--customers", type=int, default=2_000)
    parser.add_argument("--paying", type=int, default=200)
    parser.add_argument("--rooms", type=int, default=40)
    parser.add_argument("--day-bookings", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--sort", default="cumulative", help="cProfile's order: tottime, ...")
    parser.add_argument("--reuse", action="store_true", help="the last run's installation")
    args = parser.parse_args()

    seed, calls_of, industry = PARTS[args.part]
    state = OUT / f"request-profile-{args.part}-state.json"
    kept = json.loads(state.read_text()) if args.reuse and state.exists() else None
    home = Path(kept["home"]) if kept else Path(tempfile.mkdtemp(prefix="privault-profile-"))
    keystore = make_url(args.pg).set(database=f"{make_url(args.pg).database}_keystore")
    if not kept:
        fresh_pg(args.pg)
    settings = Settings(
        home=home, database_url=args.pg, keystore_url=keystore.render_as_string(False)
    )
    if not kept:
        init_installation(settings, industry, officer="owner", identity=SHOP_IDENTITY)
    vault = open_vault(settings, long_running=True)
    try:
        if not kept:
            kept = {"home": str(home)} | seed(vault, home, args)
            OUT.mkdir(exist_ok=True)
            state.write_text(json.dumps(kept))
        calls = calls_of(vault, kept, args)
        stmts = Statements(vault)
        results = {name: measure(name, call, stmts, args) for name, call in calls.items()}
    finally:
        vault.close()
    OUT.mkdir(exist_ok=True)
    (OUT / f"request-profile-{args.part}.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
