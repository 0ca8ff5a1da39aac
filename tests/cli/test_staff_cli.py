"""Signing in, staff and alerts through the installed `privault` command (SQLite)."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest

from tests.cli.staff_enrolment import add_enrolled, enrol, outbox_code
from tests.cli.test_cli import NOTICE, Cli, sign_in
from tests.factories import STAFF_PASSWORD

SIGN_IN_FIRST = "sign in first: privault login NAME --password-stdin"


def _later_code(secret: str) -> str:
    """The next window's code: accepted once the current one was used (clock drift allowance)."""
    return pyotp.TOTP(secret).at(datetime.now(UTC) + timedelta(seconds=30))


def _login(cli: Cli, name: str, password: str, code: str | None = None) -> Any:
    totp = ("--totp", code) if code else ()
    return cli.json("login", name, "--password-stdin", *totp, stdin=password + "\n")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A salon installation nobody signed in to yet, and its first account's credentials."""
    home = tmp_path_factory.mktemp("staff-cli-template") / "home"
    officer = Cli(home).json("init", "--industry", "salon", "--officer", "owner")["officer"]
    return home, officer


@pytest.fixture
def fresh(installed: tuple[Path, dict[str, Any]], tmp_path: Path) -> tuple[Cli, dict[str, Any]]:
    home = tmp_path / "home"
    shutil.copytree(installed[0], home)
    return Cli(home), installed[1]


def test_init_prints_the_first_accounts_credentials_once_and_keeps_no_clear_copy(
    tmp_path: Path,
) -> None:
    cli = Cli(tmp_path / "home")
    first = cli.json("init", "--industry", "salon", "--officer", "owner")
    officer = first["officer"]
    assert officer["name"] == "owner"
    assert len(officer["password"]) >= 16
    assert officer["totp_uri"].startswith("otpauth://totp/privault:owner?secret=")
    assert officer["totp_secret"] in officer["totp_uri"]

    again = cli.run("init", "--industry", "salon", "--officer", "owner", "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["officer"] is None
    assert officer["password"] not in again.stdout + again.stderr
    assert officer["totp_secret"] not in again.stdout + again.stderr
    text = cli.run("init", "--industry", "salon", "--officer", "owner")
    assert text.returncode == 0, text.stderr
    assert officer["password"] not in text.stdout
    assert "password" not in text.stdout

    for path in cli.home.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            assert officer["password"].encode() not in content, path
            assert officer["totp_secret"].encode() not in content, path


@pytest.mark.parametrize(
    "command",
    [
        ("whoami",),
        ("staff", "list"),
        ("staff", "add", "li.na", "--role", "front_desk"),
        ("alerts", "list"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_commands_without_a_session_are_refused_with_how_to_sign_in(
    fresh: tuple[Cli, dict[str, Any]], command: tuple[str, ...]
) -> None:
    cli, _ = fresh
    stderr = cli.refused(*command)
    assert SIGN_IN_FIRST in stderr


def test_a_session_file_is_private_and_logout_removes_it(
    fresh: tuple[Cli, dict[str, Any]],
) -> None:
    cli, officer = fresh
    signed = sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    assert signed["name"] == "owner"
    session = cli.home / "session"
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    saved = json.loads(session.read_text(encoding="utf-8"))
    assert (saved["name"], saved["expires_at"]) == ("owner", signed["expires_at"])
    assert officer["password"] not in session.read_text(encoding="utf-8")
    assert cli.json("whoami")["name"] == "owner"

    assert cli.json("logout") == {"signed_out": "owner"}
    assert not session.exists()
    assert SIGN_IN_FIRST in cli.refused("whoami")
    assert cli.json("logout") == {"signed_out": None}


def test_a_stale_session_file_is_refused(fresh: tuple[Cli, dict[str, Any]]) -> None:
    cli, _ = fresh
    (cli.home / "session").write_text('{"token": "made-up", "name": "owner"}', encoding="utf-8")
    stderr = cli.refused("staff", "list")
    assert f"no session; {SIGN_IN_FIRST}" in stderr


def test_refused_logins_name_why_and_leave_no_session(fresh: tuple[Cli, dict[str, Any]]) -> None:
    cli, officer = fresh
    wrong = cli.refused("login", "owner", "--password-stdin", stdin="not the password\n")
    assert "the account name or password is wrong" in wrong
    missing = cli.refused("login", "owner", "--password-stdin", stdin=officer["password"] + "\n")
    assert "owner signs in with a TOTP code: add --totp CODE" in missing
    unknown = cli.refused("login", "nobody", "--password-stdin", stdin="some password\n")
    assert "the account name or password is wrong" in unknown
    assert not (cli.home / "session").exists()
    for stderr in (wrong, missing, unknown):
        assert officer["password"] not in stderr
        assert "not the password" not in stderr


def test_a_password_is_changed_with_the_current_one_on_stdin(
    fresh: tuple[Cli, dict[str, Any]],
) -> None:
    cli, officer = fresh
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    stderr = cli.refused("password", stdin="not the password\ngreen tea at noon\n")
    assert "the current password is wrong" in stderr
    stderr = cli.refused("password", stdin=officer["password"] + "\ntiny-pass\n")
    assert "password: use at least 10 characters" in stderr
    assert "tiny-pass" not in stderr
    stderr = cli.refused("password", stdin=officer["password"] + "\n")
    assert "give the new password on standard input" in stderr
    changed = cli.json("password", stdin=officer["password"] + "\ngreen tea at noon\n")
    assert changed == {"changed": True}
    cli.json("logout")
    assert "password is wrong" in cli.refused(
        "login", "owner", "--password-stdin", stdin=officer["password"] + "\n"
    )
    assert _login(cli, "owner", "green tea at noon", _later_code(officer["totp_secret"]))


def test_a_new_front_desk_sees_masked_data_until_trained_and_under_agreement(
    fresh: tuple[Cli, dict[str, Any]],
) -> None:
    cli, officer = fresh
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    desk = add_enrolled(cli, "Li.Na", "front_desk", display_name="李娜")
    assert (desk["name"], desk["totp_secret"]) == ("li.na", None)
    cli.json("logout")

    assert _login(cli, "li.na", desk["password"])["name"] == "li.na"
    me = cli.json("whoami")
    assert (me["name"], me["roles"], me["cleared"]) == ("li.na", ["front_desk"], False)
    assert me["clearance_gap"].startswith("no privacy training on record")
    assert "masked data only: no privacy training" in cli.run("whoami").stdout
    added = cli.json(
        "customers", "add", "name=欧阳娜娜", "mobile=13812345678",
        "--channel", "store", "--notice", NOTICE, "--consent", "service",
    )  # fmt: skip
    customer = added["id"]
    assert cli.json("customers", "show", customer)["fields"]["mobile"] == "138****5678"
    reveal = ("customers", "reveal", customer, "mobile", "--purpose", "service")
    stderr = cli.refused(*reveal)
    assert "li.na may see masked data only: no privacy training" in stderr
    assert "13812345678" not in stderr
    assert "may not alert.read" in cli.refused("alerts", "list")
    assert "may not staff.manage" in cli.refused("staff", "train", "li.na", "--course", "x")
    cli.json("logout")
    for _ in range(3):
        cli.refused("login", "li.na", "--password-stdin", stdin="not the password\n")

    _login(cli, "owner", officer["password"], _later_code(officer["totp_secret"]))
    trained = cli.json("staff", "train", "li.na", "--course", "PIPL basics")
    assert (trained["name"], trained["course"]) == ("li.na", "PIPL basics")
    assert cli.json("staff", "sign-agreement", "li.na")["name"] == "li.na"
    listed = {m["name"]: m for m in cli.json("staff", "list")}
    assert (listed["li.na"]["cleared"], listed["li.na"]["has_totp"]) == (True, False)
    assert listed["li.na"]["training_expires_on"] == trained["expires_on"]
    assert listed["owner"]["has_totp"]

    [alert] = [a for a in cli.json("alerts", "list") if a["kind"] == "failed_sign_ins"]
    assert (alert["staff_name"], alert["detail"]) == (
        "li.na",
        "3 failed sign-ins in a row (not locked yet)",
    )
    assert "note" in cli.refused("alerts", "ack", str(alert["id"]), "--note", "  ")
    acked = cli.json("alerts", "ack", str(alert["id"]), "--note", "li.na mistyped; checked")
    assert (acked["acked_by"], acked["note"]) == ("owner", "li.na mistyped; checked")
    assert alert["id"] not in [a["id"] for a in cli.json("alerts", "list")]
    assert alert["id"] in [a["id"] for a in cli.json("alerts", "list", "--all")]
    assert "acknowledged already by owner" in cli.refused(
        "alerts", "ack", str(alert["id"]), "--note", "again"
    )
    cli.json("logout")

    _login(cli, "li.na", desk["password"])
    assert cli.json("whoami")["clearance_gap"] is None
    assert cli.json(*reveal) == {"field": "mobile", "value": "13812345678"}


@pytest.mark.legal("PIPL Art. 51")
def test_staff_add_prints_no_secret_and_only_the_person_enrols_with_their_code(
    fresh: tuple[Cli, dict[str, Any]],
) -> None:
    cli, officer = fresh
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    assert "give the person's own mobile or email" in cli.refused(
        "staff", "add", "li.na", "--role", "front_desk"
    )
    added = cli.run("staff", "add", "li.na", "--role", "front_desk", "--mobile", "13812345678")
    assert added.returncode == 0, added.stderr
    assert "enrolment code sent by sms to 138****5678" in added.stdout
    code = outbox_code(cli, "13812345678")
    assert code not in added.stdout + added.stderr
    assert "password" not in added.stdout
    # The creator, without the code, gets nowhere; the wrong tries are counted.
    wrong = cli.refused(
        "staff", "enrol", "li.na", "--stdin", stdin=f"aaaa-bbbb-cccc\n{STAFF_PASSWORD}\n"
    )
    assert "the enrolment code is wrong, used or expired" in wrong
    assert "password is wrong" in cli.refused(
        "login", "li.na", "--password-stdin", stdin=STAFF_PASSWORD + "\n"
    )
    desk = enrol(cli, "li.na", "13812345678")
    assert "the enrolment code is wrong, used or expired" in cli.refused(
        "staff", "enrol", "li.na", "--stdin", stdin=f"{code}\nanother long phrase\n"
    )
    assert _login(cli, "li.na", desk["password"])["name"] == "li.na"


def test_a_privileged_account_is_countersigned_by_another_officer_not_its_creator(
    fresh: tuple[Cli, dict[str, Any]],
) -> None:
    cli, officer = fresh
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    owner = add_enrolled(cli, "shop.owner", "owner")
    added = cli.json(
        "staff", "add", "po.qian", "--role", "privacy_officer", "--mobile", "13812345678"
    )
    assert (added["status"], added["code_sent"]) == ("awaiting", False)
    assert not [m for m in _sent(cli) if m["to"] == "13812345678"]
    refused = cli.refused("staff", "countersign", "po.qian")
    assert "owner created or last reset the account po.qian" in refused
    _login(cli, "shop.owner", owner["password"], pyotp.TOTP(owner["totp_secret"]).now())
    signed = cli.json("staff", "countersign", "po.qian")
    assert (signed["status"], signed["code_sent"], signed["sent_to"]) == (
        "enrolling",
        True,
        "138****5678",
    )
    second = enrol(cli, "po.qian", "13812345678")
    assert second["totp_secret"]
    listed = {m["name"]: m for m in cli.json("staff", "list")}
    assert (listed["po.qian"]["status"], listed["po.qian"]["has_totp"]) == ("active", True)


def test_a_reset_prints_no_password_and_sends_a_new_code(
    fresh: tuple[Cli, dict[str, Any]],
) -> None:
    cli, officer = fresh
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    desk = add_enrolled(cli, "li.na", "front_desk")
    reset = cli.json("staff", "reset-password", "li.na")
    assert (reset["name"], reset["status"], reset["code_sent"]) == ("li.na", "enrolling", True)
    assert "password" not in reset
    mobile = _sent(cli)[-1]["to"]
    assert reset["sent_to"] == f"{mobile[:3]}****{mobile[-4:]}"
    assert "password is wrong" in cli.refused(
        "login", "li.na", "--password-stdin", stdin=desk["password"] + "\n"
    )
    renewed = enrol(cli, "li.na", mobile, "a renewed long phrase")
    assert _login(cli, "li.na", renewed["password"])["name"] == "li.na"


def _sent(cli: Cli) -> list[dict[str, str]]:
    outbox = cli.home / "outbox" / "sms.jsonl"
    if not outbox.exists():
        return []
    return [json.loads(line) for line in outbox.read_text(encoding="utf-8").splitlines()]


@pytest.mark.legal("GB/T 35273-2020 §7.1")
def test_init_names_a_second_approver_who_enrols_on_their_own_phone(tmp_path: Path) -> None:
    """A shop with one privacy officer names the owner at setup: the code goes to the owner's
    phone, never to the terminal of whoever runs init; the owner then approves exports."""
    cli = Cli(tmp_path / "home")
    refused = cli.refused(
        "init", "--industry", "salon", "--officer", "li.po", "--second-approver", "boss.chen"
    )
    assert "second_approver_contact" in refused
    assert not (tmp_path / "home").exists() or not (tmp_path / "home" / "master.key").exists()

    made = cli.json(
        "init", "--industry", "salon", "--officer", "li.po",
        "--second-approver", "boss.chen", "--second-approver-contact", "13900007777",
    )  # fmt: skip
    named = made["second_approver"]
    assert (named["name"], named["code_sent"]) == ("boss.chen", True)
    assert "13900007777" not in json.dumps(made)  # masked where it went
    boss = enrol(cli, "boss.chen", "13900007777")
    assert boss["totp_secret"]  # an approver signs in with a second factor
    sign_in(cli, "boss.chen", boss["password"], boss["totp_secret"])
    listed = {s["name"]: s for s in cli.json("staff", "list")}
    assert listed["boss.chen"]["roles"] == ["owner"]
