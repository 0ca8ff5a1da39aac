"""`privault requests ...` end to end: open with the installation's regimes, verify by a code
from the SMS outbox, acknowledge, extend, fulfil; and the refusals a person can act on."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from privault.domain.deadlines import due_dates
from privault.domain.requests import Regime, RequestType
from tests.cli.test_cli import NOTICE, Cli, sign_in


@pytest.fixture(scope="module")
def three_regimes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A salon whose customers fall under CN, EU and CA by default."""
    home = tmp_path_factory.mktemp("requests-cli") / "home"
    cli = Cli(home)
    made = cli.json("init", "--industry", "salon", "--officer", "owner", "--regimes", "CN,EU,CA")
    assert made["regimes"] == ["CN", "EU", "CA"]
    officer = made["officer"]
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    cli.json("staff", "set-roles", "owner", "--role", "privacy_officer", "--role", "admin",
             "--role", "store_manager")  # fmt: skip
    cli.json("staff", "train", "owner", "--course", "PIPL basics")
    cli.json("staff", "sign-agreement", "owner")
    return home


@pytest.fixture
def shop(three_regimes: Path, tmp_path: Path) -> Cli:
    home = tmp_path / "home"
    shutil.copytree(three_regimes, home)
    return Cli(home)


def _customer(cli: Cli) -> str:
    added = cli.json("customers", "add", "name=欧阳娜娜", "mobile=13812345678",
                     "--channel", "store", "--notice", NOTICE, "--consent", "service")  # fmt: skip
    return str(added["id"])


def _today() -> date:
    return datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()


def test_a_request_goes_from_open_to_completed_through_the_cli(shop: Cli, tmp_path: Path) -> None:
    customer_id = _customer(shop)
    expected = due_dates(_today(), [Regime.CN, Regime.EU, Regime.CA], RequestType.ACCESS)

    opened = shop.json("requests", "open", "--customer", customer_id, "--type", "access",
                       "--channel", "store")  # fmt: skip

    assert opened["regimes"] == ["CN", "EU", "CA"]
    assert opened["due_on"] == expected.due_on.isoformat()
    assert opened["acknowledge_by"] == (expected.acknowledge_by or date.min).isoformat()
    request_id = opened["id"]
    text = shop.run("requests", "show", request_id).stdout
    assert f"request {request_id}" in text

    sent = shop.json("requests", "send-code", request_id, "--via", "sms")
    assert sent["to"] == "138****5678"
    [line] = (shop.home / "outbox" / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    message = json.loads(line)
    assert message["to"] == "13812345678"
    code = message["text"].split("验证码是 ")[1][:6]
    verified = shop.json("requests", "verify", request_id, "--method", "code", "--code", code)
    assert (verified["status"], verified["verification"]) == ("identity_verified", "code")

    acknowledged = shop.json("requests", "acknowledge", request_id)
    assert acknowledged["acknowledged_on"] == _today().isoformat()
    extended = shop.json("requests", "extend", request_id, "--regime", "EU", "--reason", "archive")
    assert {d["regime"]: d["is_extended"] for d in extended["deadlines"]} == {
        "CN": False,
        "EU": True,
        "CA": False,
    }
    listed = shop.json("requests", "list", "--customer", customer_id)
    assert [(r["id"], r["status"], r["colour"]) for r in listed] == [
        (request_id, "identity_verified", "green")
    ]
    paged = shop.json("requests", "list", "--customer", customer_id, "--page", "1")
    assert ([r["id"] for r in paged["items"]], paged["has_next"]) == ([request_id], False)
    assert shop.json("requests", "list", "--customer", customer_id, "--page", "2")["items"] == []

    done = shop.json("requests", "fulfil", request_id, "--out", str(tmp_path / "answer"))

    assert done["request"]["status"] == "completed"
    assert all(Path(f).exists() for f in done["files"])
    # Handed over opened, and gone from the installation, where it was kept sealed.
    assert sorted(Path(f).name for f in done["files"]) == ["data.csv", "data.json", "summary.txt"]
    document = json.loads((tmp_path / "answer" / "data.json").read_text(encoding="utf-8"))
    assert document["customer_id"] == customer_id
    assert list((shop.home / "requests" / request_id).iterdir()) == []
    assert "is completed already" in shop.refused("requests", "refuse", request_id,
                                                  "--reason", "no_data_held")  # fmt: skip


def test_refusals_and_bad_input_end_in_one_clear_line(shop: Cli) -> None:
    customer_id = _customer(shop)
    assert "no customer with id ghost" in shop.refused(
        "requests", "open", "--customer", "ghost", "--type", "access", "--channel", "store"
    )
    assert "received_on: write the date as YYYY-MM-DD" in shop.refused(
        "requests", "open", "--customer", customer_id, "--type", "access", "--channel", "letter",
        "--received-on", "yesterday",
    )  # fmt: skip
    request_id = shop.json("requests", "open", "--customer", customer_id, "--type", "查阅",
                           "--channel", "门店")["id"]  # fmt: skip
    assert "Missing option '--reason'" in shop.refused("requests", "refuse", request_id, code=2)
    assert "reason: unknown reason" in shop.refused(
        "requests", "refuse", request_id, "--reason", "too busy"
    )
    assert "note: say which ID document was seen" in shop.refused(
        "requests", "verify", request_id, "--method", "in_person"
    )
    assert "verify the requester's identity first" in shop.refused("requests", "fulfil", request_id)
    assert "Chinese law allows no extension" in shop.refused(
        "requests", "extend", request_id, "--regime", "CN", "--reason", "busy"
    )
    refused = shop.json("requests", "refuse", request_id, "--reason", "identity_not_verified")
    assert len(refused["complaint_routes"]) == 3


def test_a_customers_regimes_are_set_from_the_cli(shop: Cli) -> None:
    customer_id = _customer(shop)
    done = shop.json("customers", "set-regimes", customer_id, "EU")
    assert (done["regimes"], done["previous"]) == (["EU"], ["CN", "EU", "CA"])
    assert "regimes: unknown regimes" in shop.refused("customers", "set-regimes", customer_id, "UK")
    opened = shop.json("requests", "open", "--customer", customer_id, "--type", "explanation",
                       "--channel", "email")  # fmt: skip
    assert (opened["regimes"], opened["acknowledge_by"]) == (["EU"], None)
