"""Benchmark of the customer vault: import throughput and peak memory beside a plaintext
baseline, and lookup latency by mobile and by mobile tail.

Run `make bench` (100k and 1M rows, ~15 min) or `python bench/vault_bench.py --rows 100000`.
Figures go to bench/out/results.json; bench/README.md records them beside the targets.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pyotp

from privault.config import Settings
from privault.domain.policy import Actor
from privault.services.customers.records import find_customers
from privault.services.vault import open_vault

OUT = Path(__file__).parent / "out"
PRIVAULT = str(Path(sys.executable).parent / "privault")
HEADER = ["姓名", "手机号", "email", "birth_date", "gender", "member_no", "hair_type", "address"]
PURPOSES = ["service", "membership", "personalisation", "marketing_email"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉萍红娥玲芬燕彬鹏辉"
CITIES = [
    "广东省深圳市南山区",
    "上海市浦东新区",
    "北京市朝阳区",
    "浙江省杭州市西湖区",
    "四川省成都市武侯区",
    "江苏省南京市鼓楼区",
]

# The shop's identity: with it `init` publishes the privacy notice imports consent under.
SHOP_IDENTITY = {
    "business_name": "粤味轩",
    "address": "广东省广州市天河区体育西路88号",
    "phone": "020-38880000",
    "email": "privacy@yuewei.example.cn",
    "officer_name": "陈经理",
    "officer_contact": "13900002222",
}


def generate(path: Path, rows: int, seed: int = 7) -> list[str]:
    """Synthetic but realistic rows; returns a sample of mobiles for the lookup benchmark."""
    rng = random.Random(seed)
    mobiles = rng.sample(range(10**8), rows)  # distinct subscriber numbers
    sample = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i, number in enumerate(mobiles):
            mobile = f"1{rng.choice('356789')}{rng.randint(0, 9)}{number:08d}"
            if i % max(1, rows // 2000) == 0:
                sample.append(mobile)
            writer.writerow(
                [
                    rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                    mobile,
                    f"user{i}@example.com",
                    f"{rng.randint(1950, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(["女", "男"]),
                    f"M{i:09d}",
                    rng.choice(["dry", "oily", "normal"]),
                    f"{rng.choice(CITIES)}{rng.randint(1, 999)}号{rng.randint(1, 30)}栋",
                ]
            )
    return sample


class TreeMemory:
    """Samples the resident memory of a process and its children (import workers) together."""

    def __init__(self, pid: int) -> None:
        self.peak = 0
        self._root = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            try:
                procs = [self._root, *self._root.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.NoSuchProcess:
                return

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> dict[str, object]:
    done = subprocess.run(
        [PRIVAULT, *args, "--json"],
        env=env,
        input=stdin,
        check=True,
        capture_output=True,
        text=True,
    )
    parsed: dict[str, object] = json.loads(done.stdout)
    return parsed


def sign_in_as_manager(env: dict[str, str]) -> None:
    """As a shop would: the first account signs in, takes the store manager role (imports),
    and records its training and confidentiality agreement."""
    identity = [f"--{key.replace('_', '-')}={value}" for key, value in SHOP_IDENTITY.items()]
    officer = _cli(env, "init", "--industry", "salon", "--officer", "owner", *identity)["officer"]
    assert isinstance(officer, dict)  # noqa: S101
    code = pyotp.TOTP(officer["totp_secret"]).now()
    _cli(env, "login", "owner", "--password-stdin", "--totp", code, stdin=officer["password"])
    roles = ["--role", "privacy_officer", "--role", "admin", "--role", "store_manager"]
    _cli(env, "staff", "set-roles", "owner", *roles)
    _cli(env, "staff", "train", "owner", "--course", "PIPL")
    _cli(env, "staff", "sign-agreement", "owner")
    approve_assessments(env)


def approve_assessments(env: dict[str, str]) -> None:
    """The officer's review at setup: the preset's impact assessments answered and approved."""
    listed = [PRIVAULT, "assessments", "list", "--json"]
    done = subprocess.run(listed, env=env, check=True, capture_output=True, text=True)
    for draft in json.loads(done.stdout):
        answers = [f"--answer={i}=reviewed" for i in range(1, len(draft["questions"]) + 1)]
        _cli(env, "assessments", "edit", draft["id"], *answers)
        _cli(env, "assessments", "approve", draft["id"])


def import_run(home: Path, csv_path: Path, env_extra: dict[str, str]) -> dict[str, float]:
    env = {**os.environ, "PRIVAULT_HOME": str(home), **env_extra}
    sign_in_as_manager(env)
    command = [
        PRIVAULT,
        "import",
        str(csv_path),
        "--notice",
        "2026.1",
        "--json",
        *[arg for p in PURPOSES for arg in ("--consent", p)],
    ]
    started = time.perf_counter()
    peak, runs = 0, 0
    while True:  # a run stops after its time limit (600 s); the same command resumes it
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        memory = TreeMemory(process.pid)
        out, _ = process.communicate()
        peak, runs = max(peak, memory.stop()), runs + 1
        report = json.loads(out)  # a resumed run counts the rows committed before it too
        if report.get("is_complete", True):
            break
    imported, rejected = report["imported"], report["rejected"]
    seconds = time.perf_counter() - started
    return {
        "rows": imported,
        "rejected": rejected,
        "seconds": seconds,
        "rows_per_s": imported / seconds,
        "peak_mb": peak / 2**20,
        "runs": runs,
    }


def baseline_run(home: Path, csv_path: Path) -> dict[str, float]:
    """The same rows through the same database engine and settings: no encryption, indexes,
    consent or audit; one plaintext row per customer."""
    home.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(home / "baseline.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    columns = ", ".join(f"c{i}" for i in range(len(HEADER)))
    db.execute(f"CREATE TABLE customers (id INTEGER PRIMARY KEY, {columns})")
    marks = ", ".join("?" * len(HEADER))
    started = time.perf_counter()
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        count = 0
        while batch := [row for _, row in zip(range(5000), reader, strict=False)]:
            db.execute("BEGIN")
            db.executemany(f"INSERT INTO customers VALUES (NULL, {marks})", batch)
            db.execute("COMMIT")
            count += len(batch)
    seconds = time.perf_counter() - started
    db.close()
    return {"rows": count, "seconds": seconds, "rows_per_s": count / seconds}


# What the console's result list shows (web/pages/customers.py LIST_COLUMNS); None: every field.
SHOWN = {"list": ("name", "mobile", "member_no"), "all": None}


def warm_page_cache(home: Path) -> None:
    """Reads the database files once, as a server's operating system keeps them in memory. This
    machine's kernel pages out file pages untouched for a few seconds (DAMON reclaim), so
    without this random lookups at 1M customers read B-tree pages from disk."""
    for path in sorted(home.glob("*.db")):
        with path.open("rb") as handle:
            while handle.read(1 << 24):
                pass


def lookups(home: Path, mobiles: list[str], rounds: int = 2000) -> dict[str, dict[str, float]]:
    # Lookups are what a server answers: a long-running vault (checkpoints off the request path).
    vault = open_vault(Settings(home=home, database_url="", keystore_url=""), long_running=True)
    actor = Actor("bench", frozenset({"store_manager"}))  # trained, every store
    rng = random.Random(3)
    results = {}
    for by in ("mobile", "mobile_tail"):
        for shown, show in SHOWN.items():
            timings = []
            for _ in range(rounds):
                mobile = rng.choice(mobiles)
                value = mobile if by == "mobile" else mobile[-4:]
                started = time.perf_counter()
                found = find_customers(vault, actor, by, value, show=show)
                timings.append((time.perf_counter() - started) * 1000)
                assert found.customers, f"{by} lookup found nothing"  # noqa: S101
            timings.sort()
            results[f"{by}, {shown} fields"] = {
                "p50_ms": statistics.median(timings),
                "p99_ms": timings[int(len(timings) * 0.99) - 1],
                "rounds": rounds,
            }
    vault.close()
    return results


def lookups_only(home: Path, csv_path: Path, *, warm: bool) -> None:
    """Lookups on an installation imported before (`--reuse`), mobiles sampled from its CSV."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        mobiles = [row[1] for i, row in enumerate(reader) if i % 500 == 0]
    if warm:
        warm_page_cache(home)
    result = {"home": str(home), "warm": warm, "lookups": lookups(home, mobiles)}
    print(json.dumps(result, indent=2))
    (OUT / "lookups.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--lookups-at",
        type=int,
        default=1_000_000,
        help="measure lookups after the import of this many rows",
    )
    parser.add_argument("--reuse", type=Path, help="only lookups, on this imported installation")
    parser.add_argument("--csv", type=Path, help="with --reuse: the CSV it was imported from")
    parser.add_argument("--warm", action="store_true", help="read the database files first")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    if args.reuse:
        lookups_only(args.reuse, args.csv or OUT / f"customers-{args.rows[0]}.csv", warm=args.warm)
        return
    results: dict[str, object] = {
        "machine": f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB"
    }
    for rows in args.rows:
        csv_path = OUT / f"customers-{rows}.csv"
        mobiles = generate(csv_path, rows)
        home = OUT / f"home-{rows}"
        shutil.rmtree(home, ignore_errors=True)
        vault_run = import_run(home, csv_path, {})
        base = baseline_run(OUT / f"baseline-{rows}", csv_path)
        entry: dict[str, object] = {
            "import": vault_run,
            "baseline": base,
            "ratio": base["rows_per_s"] / vault_run["rows_per_s"],
        }
        if rows == args.lookups_at:
            if args.warm:
                warm_page_cache(home)
            entry["lookups"] = lookups(home, mobiles)
        results[str(rows)] = entry
        print(json.dumps({str(rows): entry}, indent=2, ensure_ascii=False))
        shutil.rmtree(OUT / f"baseline-{rows}", ignore_errors=True)
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
