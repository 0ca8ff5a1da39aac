"""Benchmark of a restaurant's service day: issuing the customer information cards (PDF included)
for a 40-room dinner, then the serving staff's today list and a store's day view under load.

Run `make bench-service-day` or `python bench/service_day_bench.py` (PostgreSQL at 127.0.0.1 as
user postgres; `--pg URL` to choose; the database and `<database>_keystore` are dropped and created
afresh; `--sqlite` issues the cards on an embedded installation and skips the load part). It
imports `--customers` synthetic restaurant guests through the import service (favourite dishes,
drinks and seating; for one in eight a dietary restriction with the sensitive_care consent in a
per-row consent column), adds a server (service_staff of store main) per section of five rooms,
books one dinner per room today and issues the 40 cards one after another (timed). Then it books
`--day-bookings` hour slots across the rooms tomorrow, serves `privault serve --workers 2` and
drives it with wrk (`--clients` connections): GET /today with each server's session cookie, and
GET /api/v1/bookings?store=main&date=<tomorrow> with a front-desk API token (the day view's data,
the JSON the console's day page renders). Figures go to bench/out/service-day-<database>.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).parent.parent))  # tests.factories: staff enrolment

import psutil
import pyotp
from sqlalchemy.engine import make_url
from tests.factories import enrolled_staff

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
from privault.domain.policy import Actor
from privault.services.assessments.register import (
    approve_assessment,
    edit_assessment,
    list_assessments,
)
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.installation.demo import DISHES, DRINKS, SEATING
from privault.services.installation.setup import init_installation
from privault.services.service_day.bookings import BookingRequest, book, day_view
from privault.services.service_day.cards import issue_card
from privault.services.service_day.sections import set_section
from privault.services.service_day.today import shop_today, today_list
from privault.services.staff.sessions import sign_in
from privault.services.staff.tokens import countersign_token, create_token
from privault.services.vault import Vault, open_vault
from privault.web.auth import SESSION_COOKIE
from rights_bench import customer_ids, percentiles
from vault_bench import GIVEN, OUT, PRIVAULT, SHOP_IDENTITY, SURNAMES

DESK = Actor("bench.desk", frozenset({"front_desk"}), frozenset({"main"}))
HEADER = ["姓名", "手机号", "favourite_dishes", "favourite_drinks", "seating"]
RESTRICTIONS = ["不吃花生", "海鲜过敏", "乳糖不耐受", "不吃辣", "素食"]
ROOMS_PER_SECTION = 5
CARE_SHARE = 8  # one guest in eight states a dietary restriction with the separate consent


def generate(path: Path, rows: int, seed: int = 11) -> list[str]:
    """Restaurant guests; returns the mobiles of the first of them, a quarter with the care
    consent, to book."""
    rng = random.Random(seed)
    numbers = rng.sample(range(10**8), rows)
    booked = []
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER, "dietary_restrictions", "consent:sensitive_care"])
        for i, number in enumerate(numbers):
            mobile = f"1{rng.choice('356789')}{rng.randint(0, 9)}{number:08d}"
            care = i % CARE_SHARE == 0 or (i < 400 and i % 4 == 0)
            if i < 400:
                booked.append(mobile)
            writer.writerow(
                [
                    rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
                    mobile,
                    "、".join(rng.sample(DISHES, 2)),
                    rng.choice(DRINKS),
                    rng.choice(SEATING),
                    rng.choice(RESTRICTIONS) if care else "",
                    "yes" if care else "",
                ]
            )
    return booked


def approve_assessments(vault: Vault) -> None:
    """The officer's review at setup: the preset's impact assessments answered and approved."""
    for draft in list_assessments(vault, OFFICER):
        answers = {i: "reviewed" for i in range(1, len(draft.questions) + 1)}
        edit_assessment(vault, OFFICER, draft.id, answers=answers)
        approve_assessment(vault, OFFICER, draft.id)


def installation(args: argparse.Namespace, home: Path) -> tuple[Settings, dict[str, str]]:
    if args.sqlite:
        return Settings(home=home, database_url="", keystore_url=""), {"PRIVAULT_HOME": str(home)}
    keystore = fresh_pg(args.pg)
    env = {"PRIVAULT_HOME": str(home), "PRIVAULT_DATABASE_URL": args.pg}
    settings = Settings(home=home, database_url=args.pg, keystore_url=keystore)
    return settings, env | {"PRIVAULT_KEYSTORE_URL": keystore}


def seed(vault: Vault, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Guests, one server per section, the servers' sessions; returns what the runs need."""
    source = home / "guests.csv"
    mobiles = generate(source, args.customers)
    options = ImportOptions("2026.1", ("service", "personalisation"))
    report = import_customers(vault, IMPORTER, source, options)
    print(f"imported {report.imported} guests in {report.seconds:.1f}s", flush=True)
    rooms = [f"包间{i:02d}" for i in range(1, args.rooms + 1)]
    servers: dict[str, str] = {}  # room -> server
    sessions = []
    for number, start in enumerate(range(0, len(rooms), ROOMS_PER_SECTION), 1):
        enrolled = enrolled_staff(vault, ADMIN, f"server.{number:02d}", ["service_staff"], ["main"])
        section = rooms[start : start + ROOMS_PER_SECTION]
        set_section(vault, IMPORTER, "main", f"区{number:02d}", section, [enrolled.name])
        servers |= dict.fromkeys(section, enrolled.name)
        code = pyotp.TOTP(enrolled.totp_secret).now() if enrolled.totp_secret else None
        sessions.append(sign_in(vault, enrolled.name, enrolled.password, code).token)
    return {
        "imported": report.imported,
        "import_seconds": round(report.seconds, 1),
        "guests": customer_ids(vault, mobiles, len(mobiles)),
        "servers": servers,
        "sessions": sessions,
    }


def issue_cards(vault: Vault, seeded: dict[str, Any], today: date) -> dict[str, Any]:
    """One dinner per room today, booked untimed; the 40 cards with their PDF, timed."""
    bookings = []
    for room, guest in zip(seeded["servers"], seeded["guests"], strict=False):
        request = BookingRequest(
            date=today.isoformat(), meal="dinner", room=room, party_size=6, customer_id=guest
        )
        bookings.append((book(vault, DESK, request).id, seeded["servers"][room]))
    timings, pdf_bytes, dietary = [], 0, 0
    started = time.perf_counter()
    for booking, server in bookings:
        one = time.perf_counter()
        card = issue_card(vault, DESK, booking, server)
        timings.append((time.perf_counter() - one) * 1000)
        assert card.pdf.startswith(b"%PDF"), "the card came back without its PDF"  # noqa: S101
        pdf_bytes += len(card.pdf)
        dietary += any(item.key == "dietary_restrictions" for item in card.view.items)
    total = time.perf_counter() - started
    timings.sort()
    return {
        "cards": len(bookings),
        "seconds": round(total, 3),
        "per_card_p50_ms": round(timings[len(timings) // 2], 1),
        "per_card_max_ms": round(timings[-1], 1),
        "pdf_kb_average": round(pdf_bytes / len(bookings) / 1024, 1),
        "with_dietary_restrictions": dietary,
        "target_seconds": 5,
        "met": total < 5,
    }


def book_busy_day(vault: Vault, seeded: dict[str, Any], day: date, count: int) -> int:
    """`count` one-hour bookings from 10:00, room by room, on one day of store main."""
    rooms, guests = list(seeded["servers"]), seeded["guests"]
    for i in range(count):
        hour = 10 + i // len(rooms)
        request = BookingRequest(
            date=day.isoformat(),
            starts=f"{hour:02d}:00",
            ends=f"{hour + 1:02d}:00",
            room=rooms[i % len(rooms)],
            party_size=4,
            customer_id=guests[i % len(guests)],
        )
        book(vault, DESK, request)
    return count


def in_process(vault: Vault, seeded: dict[str, Any], busy: date, rounds: int = 50) -> Any:
    """The two reads through the services alone, one caller: what the server adds on top is
    HTTP, the session or token check, rendering, and the contention of 8 clients on 2 cores."""
    first = next(iter(seeded["servers"].values()))
    server = Actor(first, frozenset({"service_staff"}), frozenset({"main"}))
    calls: dict[str, Callable[[], object]] = {
        "today_list": lambda: today_list(vault, server),
        "day_view": lambda: day_view(vault, DESK, "main", busy.isoformat()),
    }
    figures: dict[str, Any] = {}
    for name, call in calls.items():
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        figures[name] = percentiles(timings)
    # What each answer holds: the server's section's bookings, and the busy day's.
    figures["today_list"]["bookings"] = len(today_list(vault, server).entries)
    view = day_view(vault, DESK, "main", busy.isoformat())
    figures["day_view"]["bookings"] = sum(len(group) for group in view.groups.values())
    return figures


def front_desk_token(vault: Vault) -> str:
    token = create_token(vault, ADMIN, "bench.desk", "front_desk").token
    countersign_token(vault, OFFICER, "bench.desk")  # the front desk sees personal data
    return token


def drive(base: str, lines: list[str], args: argparse.Namespace) -> dict[str, Any]:
    """wrk with one request line per session or token, after a check that each is answered
    200 (a session refused would be a quick redirect to /login, not an error to wrk)."""
    for line in lines:
        path, name, value = line.split("\t")
        request = urllib.request.Request(base + path, headers={name: value})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 -- our server
            if answer.status != 200 or answer.url != base + path:
                raise RuntimeError(f"{path} answered {answer.status} at {answer.url}")
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(lines))
    env = {**os.environ, "REQUESTS_FILE": handle.name}
    try:
        if args.warmup:
            run_wrk(base, env, args, seconds=args.warmup, script="service_day_load.lua")
        result = run_wrk(base, env, args, seconds=args.seconds, script="service_day_load.lua")
    finally:
        os.unlink(handle.name)
    return summary(result)


def under_load(
    env: dict[str, str], seeded: dict[str, Any], busy: date, args: argparse.Namespace
) -> dict[str, Any]:
    base = f"http://127.0.0.1:{args.port}"
    serve = [PRIVAULT, "serve", "--port", str(args.port), "--workers", str(args.workers)]
    today = [f"/today\tCookie\t{SESSION_COOKIE}={token}" for token in seeded["sessions"]]
    day = f"/api/v1/bookings?store=main&date={busy.isoformat()}"
    desk = [f"{day}\tAuthorization\tBearer {seeded['token']}"]
    with serving(serve, env, f"{base}/api/v1/health"):
        today_list = drive(base, today, args) | {"target_p99_ms": 50}
        print("today", today_list, flush=True)
        day_view = drive(base, desk, args) | {"target_p99_ms": 100}
        print("day view", day_view, flush=True)
    for figures in (today_list, day_view):
        figures["met"] = figures["p99_ms"] < figures["target_p99_ms"] and not figures["errors"]
    return {"today_list": today_list, "day_view": day_view}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/day_bench")
    parser.add_argument("--sqlite", action="store_true", help="cards only, embedded SQLite")
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--rooms", type=int, default=40)
    parser.add_argument("--day-bookings", type=int, default=300)
    load_options(parser, clients=8, port=8766)
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="privault-day-bench-"))
    settings, env = installation(args, home)
    init_installation(settings, "restaurant", officer="owner", identity=SHOP_IDENTITY)
    vault = open_vault(settings, long_running=True)
    try:
        approve_assessments(vault)
        seeded = seed(vault, home, args)
        today = shop_today(vault, DESK)[0]
        cards = issue_cards(vault, seeded, today)
        print("cards", cards, flush=True)
        busy = today + timedelta(days=1)
        booked = book_busy_day(vault, seeded, busy, args.day_bookings)
        seeded["token"] = "" if args.sqlite else front_desk_token(vault)
        services = in_process(vault, seeded, busy)
        print("in process", services, flush=True)
    finally:
        vault.close()
    results: dict[str, Any] = {
        "database": make_url(settings.database_url).get_backend_name(),
        "machine": f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB",
        "customers": seeded["imported"],
        "import_seconds": seeded["import_seconds"],
        "rooms": args.rooms,
        "cards": cards,
        "day_bookings": booked,
        "in_process_ms": services,
    }
    if not args.sqlite:
        results |= {"clients": args.clients, "workers": args.workers}
        results |= under_load(env, seeded, busy, args)
    results["load_average"] = round(os.getloadavg()[0], 2)
    OUT.mkdir(exist_ok=True)
    name = f"service-day-{results['database']}.json"
    (OUT / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
