"""Benchmark of a campaign to 100,000 consented customers: queueing the recipients (consent at
send time, frequency cap, one delivery row each) and delivering them in batches to a local
HTTP SMS provider through the HTTP gateway adapter, each delivery audited.

Run `make bench-campaigns` or `python bench/campaigns_bench.py` (embedded SQLite by default;
`--pg URL` for PostgreSQL, the database and `<database>_keystore` dropped and created afresh).
It imports `--customers` synthetic guests with the SMS marketing consent through the import
service (untimed), plans and approves one SMS campaign to all of them, then times
`queue_recipients` (target: under 30 s) and the batched delivery (target: 1,000 messages/s or
more). The clock is set to 10:00 shop time so quiet hours do not move the send. Figures go to
bench/out/campaigns-<database>.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).parent.parent))  # tests.infra.sms_provider

from tests.infra.sms_provider import TOKEN, running_provider

from api_bench import IMPORTER
from audit_bench import fresh_pg
from privault.config import Settings
from privault.domain.policy import Actor
from privault.infra.sms_http import HttpSmsGateway
from privault.services.campaigns.delivery import (
    finish_if_done,
    hand_over,
    queue_recipients,
    record_answers,
)
from privault.services.campaigns.planning import CampaignDraft, approve_campaign, plan_campaign
from privault.services.campaigns.reports import campaign_report
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.installation.setup import init_installation
from privault.services.vault import Vault, open_vault
from vault_bench import GIVEN, OUT, SHOP_IDENTITY, SURNAMES

MANAGER = Actor("bench.marketing", frozenset({"marketing_manager"}))
START = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai
BEGAN = time.monotonic()


def clock() -> datetime:
    """Shop daytime, moving with the real seconds of the run."""
    return START + timedelta(seconds=time.monotonic() - BEGAN)


def generate(path: Path, rows: int, seed: int = 16) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "手机号"])
        for number in rng.sample(range(10**8), rows):
            name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
            writer.writerow([name, f"1{rng.choice('356789')}{rng.randint(0, 9)}{number:08d}"])


def installation(args: argparse.Namespace, home: Path) -> Settings:
    if args.pg:
        return Settings(home=home, database_url=args.pg, keystore_url=fresh_pg(args.pg))
    return Settings(home=home, database_url="", keystore_url="")


def campaign(vault: Vault) -> str:
    draft = CampaignDraft("bench", "sms", "{name}您好，冬季新品八折。回T退订")
    planned = plan_campaign(vault, MANAGER, draft)
    return approve_campaign(vault, MANAGER, planned.campaign.id).campaign.id


def deliver(vault: Vault, gateway: HttpSmsGateway, campaign_id: str, batch: int) -> int:
    sent = 0
    while (handover := hand_over(vault, MANAGER, campaign_id, batch)) is not None:
        receipts = gateway.send_batch(handover.batch)
        sent += record_answers(vault, MANAGER, handover.campaign, receipts, gateway)
    finish_if_done(vault, MANAGER, campaign_id)
    return sent


def run(vault: Vault, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    source = home / "guests.csv"
    generate(source, args.customers)
    report = import_customers(
        vault, IMPORTER, source, ImportOptions("2026.1", ("service", "marketing_sms"))
    )
    print(f"imported {report.imported} in {report.seconds:.1f}s", flush=True)
    campaign_id = campaign(vault)
    with running_provider() as (url, provider):
        gateway = HttpSmsGateway(url, TOKEN)
        started = time.perf_counter()
        queued = queue_recipients(vault, MANAGER, campaign_id, gateway)
        queue_seconds = time.perf_counter() - started
        print(f"queued {queued} in {queue_seconds:.1f}s", flush=True)
        started = time.perf_counter()
        sent = deliver(vault, gateway, campaign_id, args.batch)
        send_seconds = time.perf_counter() - started
        assert len(provider.delivered) == sent == queued, "a delivery went missing"  # noqa: S101
    counts = campaign_report(vault, MANAGER, campaign_id).report.counts
    rate = sent / send_seconds
    return {
        "customers": report.imported,
        "queued": queued,
        "queue_seconds": round(queue_seconds, 1),
        "queue_target_seconds": 30,
        "queue_met": queue_seconds < 30,
        "sent": sent,
        "batch": args.batch,
        "send_seconds": round(send_seconds, 1),
        "messages_per_second": round(rate),
        "rate_target": 1000,
        "rate_met": rate >= 1000,
        "report": counts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="", help="PostgreSQL URL; default: embedded SQLite")
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="privault-campaign-bench-"))
    settings = installation(args, home)
    init_installation(settings, "restaurant", officer="owner", identity=SHOP_IDENTITY, clock=clock)
    vault = open_vault(settings, clock=clock, long_running=True)
    try:
        figures = run(vault, home, args)
    finally:
        vault.close()
    figures["database"] = "postgresql" if args.pg else "sqlite"
    print(json.dumps(figures, indent=2), flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / f"campaigns-{figures['database']}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
