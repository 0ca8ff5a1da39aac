"""Benchmark of a disclosure to a partner: 100,000 customers checked one by one (record status,
opt-out, the separate consent) and recorded (the disclosure, its customers, one audit event
each) in one use case.

Run `python bench/partners_bench.py` (embedded SQLite by default; `--pg URL` for PostgreSQL, the
database and `<database>_keystore` dropped and created afresh). It imports `--customers`
synthetic guests through the import service (untimed), nine in ten with the separate consent to
`partner_sharing`, adds a controller partner and its agreement, then times `disclose_to_partner`
over all of them (target: 5,000 customers/s or more). No file is written: the figure is the
checks and the record. Figures go to bench/out/partners-<database>.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).parent.parent))

from tests.services.partners.conftest import with_partner_purposes

from api_bench import IMPORTER
from campaigns_bench import clock, generate, installation
from privault.domain.partners import AgreementTerms
from privault.domain.policy import Actor
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.installation.setup import init_installation
from privault.services.partners.disclosure import disclose_to_partner
from privault.services.partners.registry import PartnerForm, add_agreement, add_partner
from privault.services.vault import Vault, open_vault
from vault_bench import OUT, SHOP_IDENTITY

OFFICER = Actor("bench.officer", frozenset({"privacy_officer"}))
TARGET = 5000


def _import(vault: Vault, home: Path, rows: int, purposes: tuple[str, ...]) -> int:
    source = home / f"guests-{len(purposes)}.csv"
    generate(source, rows, seed=len(purposes))
    report = import_customers(vault, IMPORTER, source, ImportOptions("2026.1", purposes))
    return report.imported


def _agreement(vault: Vault) -> str:
    partner = add_partner(vault, OFFICER, PartnerForm("Bench Spa", "controller", "CN", "dpo"))
    terms = AgreementTerms(
        "partner_sharing",
        ("name", "mobile"),
        "offers",
        "clause 7",
        "clause 8",
        date(2026, 1, 1),
        date(2027, 12, 31),
    )
    return add_agreement(vault, OFFICER, partner.id, terms).id


def _all_ids(vault: Vault) -> list[str]:
    ids: list[str] = []
    with vault.unit_of_work(read_only=True) as uow:
        while page := uow.scan.page((), after=ids[-1] if ids else "", limit=5000):
            ids.extend(page)
    return ids


def run(vault: Vault, home: Path, args: argparse.Namespace) -> dict[str, Any]:
    with_partner_purposes(vault)  # no preset ships the purpose: the shop adds it
    started = time.perf_counter()
    consenting = args.customers * 9 // 10
    imported = _import(vault, home, consenting, ("service", "partner_sharing"))
    imported += _import(vault, home, args.customers - consenting, ("service",))
    print(f"imported {imported} in {time.perf_counter() - started:.1f}s", flush=True)
    agreement = _agreement(vault)
    ids = _all_ids(vault)
    started = time.perf_counter()
    result = disclose_to_partner(vault, OFFICER, agreement, "partner_sharing", "name,mobile", ids)
    seconds = time.perf_counter() - started
    rate = len(ids) / seconds
    return {
        "customers": len(ids),
        "sent": len(result.sent),
        "skipped": len(result.skipped),
        "seconds": round(seconds, 2),
        "customers_per_second": round(rate),
        "rate_target": TARGET,
        "rate_met": rate >= TARGET,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default="", help="PostgreSQL URL; default: embedded SQLite")
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="privault-partners-bench-"))
    settings = installation(args, home)
    init_installation(settings, "salon", officer="owner", identity=SHOP_IDENTITY, clock=clock)
    vault = open_vault(settings, clock=clock, long_running=True)
    try:
        figures = run(vault, home, args)
    finally:
        vault.close()
    figures["database"] = "postgresql" if args.pg else "sqlite"
    print(json.dumps(figures, indent=2), flush=True)
    OUT.mkdir(exist_ok=True)
    (OUT / f"partners-{figures['database']}.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
