"""Holds, retention (dry run, run, certificate), the paper log and transactions through the
real `privault` command."""

from __future__ import annotations

import hashlib
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, update

from privault.db.tables import customers
from tests.cli.test_cli import Cli, _add


def _backdate(home: Path, customer_ids: list[str], days: int) -> None:
    """Test set-up: the CLI runs on the real clock, so old customers are made by hand."""
    engine = create_engine(f"sqlite:///{home / 'privault.db'}")
    with engine.begin() as connection:
        connection.execute(
            update(customers)
            .where(customers.c.id.in_(customer_ids))
            .values(last_activity_at=datetime.now(UTC) - timedelta(days=days))
        )
    engine.dispose()


def test_holds_retention_paper_and_transactions_walk_through_the_cli(cli: Cli) -> None:
    active = _add(cli, "name=欧阳娜娜", "mobile=13812345678")
    idle = _add(cli, "name=李四", "mobile=13900000001")
    held = _add(cli, "name=王五", "mobile=13900000002")

    bought = cli.json(
        "transactions", "add", "--customer", active, "--kind", "purchase",
        "--amount", "128.00", "--item", "烫发",
    )  # fmt: skip
    assert (bought["kind"], bought["amount"], bought["currency"]) == ("purchase", "128.00", "CNY")
    listed = cli.json("transactions", "list", "--customer", active)
    assert [t["id"] for t in listed["visits"]] == [bought["id"]]
    assert "amount: at most two decimals" in cli.refused(
        "transactions", "add", "--customer", active, "--kind", "purchase", "--amount", "1.001"
    )

    _backdate(cli.home, [idle, held], days=1200)
    hold = cli.json("holds", "add", "--customer", held, "--reason", "法院调查 2026-17")
    assert [h["id"] for h in cli.json("holds", "list")] == [hold["id"]]

    plan = cli.json("retention", "run", "--dry-run")
    assert (plan["erase"], plan["held"]) == ([idle], [held])
    assert plan["counts"]["inactivity"] == 1
    assert "inactive customers to anonymise: 1" in cli.run("retention", "run", "--dry-run").stdout

    done = cli.json("retention", "run", "--batch-size", "10")
    assert done["run"]["customers_erased"] == 1
    certificate_file = Path(done["certificate_file"])
    assert certificate_file.parent == cli.home.resolve() / "retention"
    assert stat.S_IMODE(certificate_file.stat().st_mode) == 0o600
    digest = hashlib.sha256(certificate_file.read_bytes()).hexdigest()
    assert digest == done["run"]["certificate_sha256"]
    certificate = cli.json("retention", "certificate", done["run"]["id"])
    assert certificate["erased_ids_sha256"] == hashlib.sha256(idle.encode()).hexdigest()
    runs = cli.json("retention", "runs")
    assert [(r["is_dry_run"], r["customers_erased"]) for r in runs] == [
        (True, 1),
        (True, 1),
        (False, 1),
    ]
    assert "was erased" in cli.refused("customers", "show", idle)
    assert cli.json("customers", "show", held)["id"] == held

    lifted = cli.json("holds", "lift", hold["id"], "--reason", "case closed")
    assert lifted["lift_reason"] == "case closed"
    assert cli.json("holds", "list") == []
    assert len(cli.json("holds", "list", "--all", "--customer", held)) == 1
    assert "lifted already" in cli.refused("holds", "lift", hold["id"], "--reason", "again")

    assert "between 365 and 36500" in cli.refused("retention", "set", "--inactive-days", "300")
    assert cli.json("retention", "set", "--inactive-days", "400") == {"inactive_days": 400}

    recorded = cli.json(
        "paper-destruction", "add", "--on", "2026-01-05", "--what", "2023年会员登记表 第3盒",
        "--quantity", "1 box", "--method", "shredding", "--destroyed-by", "王店长",
        "--witness", "李会计",
    )  # fmt: skip
    assert recorded["method"] == "shredding"
    assert "witness must be someone other" in cli.refused(
        "paper-destruction", "add", "--on", "2026-01-05", "--what", "forms", "--quantity", "1",
        "--method", "shredding", "--destroyed-by", "王店长", "--witness", "王店长",
    )  # fmt: skip
    assert [p["id"] for p in cli.json("paper-destruction", "list")] == [recorded["id"]]
    assert "2023年会员登记表" in cli.run("paper-destruction", "list").stdout
