"""Benchmark of the quarterly customer classes (issue 16): computing a quarter's A/B/C/D/churned
classes for 1M customers with 10M transactions, on SQLite and on PostgreSQL (target < 60 s).

Run `make bench-classes` or `python bench/classes_bench.py` (both databases; `--sqlite` or `--pg
URL` for one; `--customers` and `--transactions` to size it). The data set is written straight
into a fresh installation with bulk inserts (executemany on SQLite, COPY on PostgreSQL; the
database and `<database>_keystore` are dropped and created afresh): customers of store main
(sealed records are empty: computing classes never opens them; the list page then shows no
names), one consent event each (nine in ten consent to personalisation, the profiling purpose),
and transactions spread over the 12 months up to the end of 2026Q4 (60% purchases, 30% visits
without amount, 5% refunds, 5% top-ups), then ANALYZE (VACUUM ANALYZE on PostgreSQL, as
autovacuum would). The timed part is one `compute_classes` call for 2026Q4 with the clock in
January 2027: the figures added up in SQL, the rule applied, the classes written in bulk,
audited. Then the marketing counts and one page of the manager's list are timed. Figures go to
bench/out/classes-<database>.json; bench/README.md records them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from sqlalchemy import Connection, text

from audit_bench import fresh_pg
from privault.config import Settings
from privault.db.tables import transactions as transactions_table
from privault.domain.policy import Actor
from privault.services.classes.computing import compute_classes
from privault.services.classes.listing import count_classes, list_classes
from privault.services.installation.setup import init_installation
from privault.services.vault import open_vault
from vault_bench import OUT, SHOP_IDENTITY

MANAGER = Actor("bench.manager", frozenset({"marketing_manager"}))
MARKETING = Actor("bench.marketing", frozenset({"marketing"}))
QUARTER = "2026Q4"
YEAR_START = datetime(2025, 12, 31, 16, tzinfo=UTC)  # 2026-01-01 in Asia/Shanghai
QUARTER_END = datetime(2026, 12, 31, 16, tzinfo=UTC)
AFTER = datetime(2027, 1, 2, 2, tzinfo=UTC)
KINDS = ["purchase"] * 12 + ["visit"] * 6 + ["refund", "top_up"]
CHUNK = 200_000
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_classes"


def build(home: Path, pg: str | None, customers: int, transactions: int) -> Settings:
    keystore = fresh_pg(pg) if pg else ""
    settings = Settings(home=home, database_url=pg or "", keystore_url=keystore)
    init_installation(settings, "restaurant", officer="owner", identity=SHOP_IDENTITY)
    vault = open_vault(settings)
    try:
        with vault.database.data_engine.begin() as connection:
            load(connection, customers, transactions)
        with vault.database.data_engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT")
            # As autovacuum leaves a table: statistics, and on PostgreSQL the visibility map
            # an index-only scan needs.
            is_pg = connection.dialect.name == "postgresql"
            connection.exec_driver_sql("VACUUM ANALYZE" if is_pg else "ANALYZE")
    finally:
        vault.close()
    return settings


def load(connection: Connection, customers: int, transactions: int) -> None:
    rng = random.Random(16)
    version, sha = connection.execute(
        text("SELECT version, sha256 FROM notices ORDER BY published_at DESC LIMIT 1")
    ).one()
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(customers)]
    at = _stamp(connection, YEAR_START)
    write(connection, "customers", CUSTOMER_COLUMNS, (_customer(i, at) for i in ids))
    consents = (_consent(i, rng.random() < 0.9, version, sha, at) for i in ids)
    write(connection, "consent_events", CONSENT_COLUMNS, consents)
    indexes = list(transactions_table.indexes)
    for index in indexes:  # a bulk load: the indexes built once afterwards, by sorting
        index.drop(connection)
    rows = _transactions(connection, rng, ids, transactions)
    write(connection, "transactions", TRANSACTION_COLUMNS, rows)
    started = time.perf_counter()
    for index in indexes:
        index.create(connection)
    print(f"  transactions' indexes: {time.perf_counter() - started:.1f} s", flush=True)


CUSTOMER_COLUMNS = (
    "id", "store", "status", "channel", "is_minor", "sealed", "created_at", "updated_at",
    "regimes", "is_sharing_opted_out", "last_activity_at",
)  # fmt: skip
CONSENT_COLUMNS = (
    "customer_id", "purposes", "action", "notice_version", "notice_sha256", "channel",
    "collected_by", "given_by", "at",
)  # fmt: skip
TRANSACTION_COLUMNS = (
    "customer_id",
    "store",
    "kind",
    "amount_cents",
    "currency",
    "at",
    "recorded_by",
)


def _customer(customer_id: str, at: Any) -> tuple[Any, ...]:
    return (customer_id, "main", "active", "store", False, b"", at, at, "CN", False, at)


def _consent(customer_id: str, profiled: bool, version: str, sha: str, at: Any) -> tuple[Any, ...]:
    purposes = "service personalisation" if profiled else "service"
    return (customer_id, purposes, "grant", version, sha, "store", "bench", "self", at)


def _transactions(
    connection: Connection, rng: random.Random, ids: list[str], count: int
) -> Iterator[tuple[Any, ...]]:
    """Skewed like a shop's: a few customers come often (a power law over the id list)."""
    span = (QUARTER_END - YEAR_START).total_seconds()
    for _ in range(count):
        who = ids[min(int(len(ids) * rng.random() ** 2.5), len(ids) - 1)]
        kind = rng.choice(KINDS)
        amount = None if kind == "visit" else rng.randrange(1_000, 200_000)
        at = _stamp(connection, YEAR_START + timedelta(seconds=rng.random() * span))
        yield (who, "main", kind, amount, "CNY", at, "bench")


def _stamp(connection: Connection, at: datetime) -> Any:
    """As the UtcDateTime column stores it: SQLite keeps naive UTC text."""
    if connection.dialect.name == "postgresql":
        return at
    return at.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


def write(
    connection: Connection, table: str, columns: tuple[str, ...], rows: Iterator[tuple[Any, ...]]
) -> None:
    started = time.perf_counter()
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[union-attr]
            for row in rows:
                copy.write_row(row)
    else:
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) == CHUNK:
                connection.exec_driver_sql(sql, batch)
                batch = []
        if batch:
            connection.exec_driver_sql(sql, batch)
    print(f"  {table}: {time.perf_counter() - started:.1f} s", flush=True)


def measure(settings: Settings, database: str, customers: int, transactions: int) -> dict[str, Any]:
    vault = open_vault(settings, clock=lambda: AFTER)
    try:
        started = time.perf_counter()
        report = compute_classes(vault, MANAGER, QUARTER)
        computed = time.perf_counter() - started
        started = time.perf_counter()
        counts = count_classes(vault, MARKETING)
        counted = time.perf_counter() - started
        started = time.perf_counter()
        page = list_classes(vault, MANAGER)
        listed = time.perf_counter() - started
    finally:
        vault.close()
    return {
        "database": database,
        "customers": customers,
        "transactions": transactions,
        "compute_s": round(computed, 2),
        "counts_s": round(counted, 2),
        "list_page_s": round(listed, 2),
        "page_rows": len(page.customers),
        "classes": report.counts,
        "counted": counts.counts,
    }


def run(database: str, pg: str | None, customers: int, transactions: int) -> dict[str, Any]:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        print(f"{database}: loading {customers} customers, {transactions} transactions", flush=True)
        started = time.perf_counter()
        settings = build(Path(scratch) / "home", pg, customers, transactions)
        loaded = time.perf_counter() - started
        results = measure(settings, database, customers, transactions)
    results["load_s"] = round(loaded, 1)
    print(json.dumps(results, indent=2), flush=True)
    (OUT / f"classes-{database}.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--transactions", type=int, default=10_000_000)
    parser.add_argument("--sqlite", action="store_true", help="SQLite only")
    parser.add_argument("--pg", help=f"PostgreSQL only, on this database (default {PG_DEFAULT})")
    args = parser.parse_args()
    if not args.pg:
        run("sqlite", None, args.customers, args.transactions)
    if not args.sqlite:
        run("postgresql", args.pg or PG_DEFAULT, args.customers, args.transactions)


if __name__ == "__main__":
    main()
