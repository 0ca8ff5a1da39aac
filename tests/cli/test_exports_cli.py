"""`privault exports ...` end to end: request, self-approval refused, another officer approves,
the requester downloads once."""

from __future__ import annotations

import csv
import stat
import time
from pathlib import Path

import pyotp

from tests.cli.staff_enrolment import add_second_officer
from tests.cli.test_cli import Cli, approve_assessments


def _login(cli: Cli, account: dict[str, str], *, later: int = 0) -> None:
    """`later`: a code of the next window, for an account that signed in within this one."""
    code = pyotp.TOTP(account["totp_secret"]).at(time.time() + later)
    cli.json(
        "login", account["name"], "--password-stdin", "--totp", code, stdin=account["password"]
    )


def test_an_export_goes_from_request_to_one_watermarked_download(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home")
    owner = cli.json("init", "--industry", "salon", "--officer", "owner")["officer"]
    _login(cli, owner)
    cli.json("staff", "set-roles", "owner", "--role", "privacy_officer", "--role", "admin",
             "--role", "store_manager")  # fmt: skip
    second = add_second_officer(cli)
    for name in ("owner", "po.qian"):
        cli.json("staff", "train", name, "--course", "PIPL")
        cli.json("staff", "sign-agreement", name)
    approve_assessments(cli)  # the demo data uses purposes that need one (PIPL Art. 55)
    cli.json("demo", "--customers", "15", "--seed", "3")

    made = cli.json(
        "exports", "request", "--field", "name", "--field", "mobile", "--purpose", "service",
        "--note", "回访名单",
    )  # fmt: skip
    assert (made["status"], made["row_count"]) == ("pending", 15)
    assert "nobody approves their own export" in cli.refused("exports", "approve", made["id"])
    assert "waits for a second person" in cli.refused("exports", "download", made["id"])

    _login(cli, second)
    approved = cli.json("exports", "approve", made["id"], "--note", "purpose checked")
    assert (approved["status"], approved["decided_by"]) == ("approved", "po.qian")
    assert "may not export.download" in cli.refused("exports", "download", made["id"])

    _login(cli, owner, later=30)
    out = tmp_path / "list.csv"
    done = cli.json("exports", "download", made["id"], "--out", str(out))
    assert done["export"]["status"] == "downloaded"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:2] == ["export_id", "customer_id"]
    assert len(rows) == 16
    assert {r[0] for r in rows[1:]} == {made["id"]}
    assert all(r[3].isdigit() and len(r[3]) == 11 for r in rows[1:])  # clear mobiles
    assert "downloaded already" in cli.refused(
        "exports", "download", made["id"], "--out", str(tmp_path / "again.csv")
    )
    listed = cli.json("exports", "list")
    assert [(e["id"], e["status"]) for e in listed] == [(made["id"], "downloaded")]
    paged = cli.json("exports", "list", "--status", "downloaded", "--page", "1")
    assert ([e["id"] for e in paged["items"]], paged["has_next"]) == ([made["id"]], False)
    assert cli.json("exports", "list", "--status", "pending", "--page", "1")["items"] == []
    assert "status" in cli.refused("exports", "list", "--status", "lost")
    alerts = cli.json("alerts", "list")
    assert ("export_request", "owner") in {(a["kind"], a["staff_name"]) for a in alerts}
