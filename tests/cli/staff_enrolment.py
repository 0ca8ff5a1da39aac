"""Staff accounts through the CLI as their people get them: added with a mobile, the code read
from the SMS outbox of the installation (the person's phone), enrolled with `staff enrol`."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pyotp

from tests.cli.test_cli import Cli
from tests.factories import STAFF_PASSWORD, unique_mobile

_CODE = re.compile(r"\b([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})\b")


def outbox_code(cli: Cli, mobile: str) -> str:
    """The last enrolment code sent to `mobile`."""
    outbox = cli.home / "outbox" / "sms.jsonl"
    lines = outbox.read_text(encoding="utf-8").splitlines() if outbox.exists() else []
    texts = [m["text"] for m in map(json.loads, lines) if m["to"] == mobile]
    found = _CODE.search(texts[-1]) if texts else None
    assert found, f"no enrolment code was sent to {mobile}"
    return found.group(1)


def enrol(cli: Cli, name: str, mobile: str, password: str = STAFF_PASSWORD) -> dict[str, Any]:
    """The person enrols and confirms their authenticator with its current code. Their
    credentials, as `init` prints the first account's."""
    code = outbox_code(cli, mobile)
    step = cli.json("staff", "enrol", name, "--stdin", stdin=f"{code}\n{password}\n")
    secret = step["totp_secret"]
    if secret:
        now = pyotp.TOTP(secret).now()
        cli.json("staff", "enrol", name, "--totp", now, "--stdin", stdin=password + "\n")
    return {"name": step["name"], "password": password, "totp_secret": secret}


def add_enrolled(cli: Cli, name: str, *roles: str, **options: str) -> dict[str, Any]:
    """Added by the signed-in admin (a role that needs no countersignature), then enrolled."""
    mobile = unique_mobile()
    args = [a for role in roles for a in ("--role", role)]
    args += [a for key, value in options.items() for a in (f"--{key.replace('_', '-')}", value)]
    notice = cli.json("staff", "add", name, *args, "--mobile", mobile)
    assert notice["code_sent"], notice
    return enrol(cli, name, mobile)


def login(cli: Cli, account: dict[str, Any], *, later: int = 0) -> Any:
    """`later`: seconds ahead for the code, for an account that signed in within this window."""
    secret = account["totp_secret"]
    code = ("--totp", pyotp.TOTP(secret).at(time.time() + later)) if secret else ()
    return cli.json(
        "login", account["name"], "--password-stdin", *code, stdin=account["password"] + "\n"
    )


def add_second_officer(
    cli: Cli, name: str = "po.qian", roles: tuple[str, ...] = ("privacy_officer",)
) -> dict[str, Any]:
    """A privileged account in a one-officer shop: the signed-in admin adds it and an owner-role
    approver, the owner countersigns, the person enrols. The admin's session is then taken up
    again (a session outlives another sign-in), so no second factor code is spent on it."""
    owner = add_enrolled(cli, "shop.owner", "owner")
    mobile = unique_mobile()
    wanted = [a for role in roles for a in ("--role", role)]
    notice = cli.json("staff", "add", name, *wanted, "--mobile", mobile)
    assert notice["status"] == "awaiting", notice
    session = cli.home / "session"
    admin_session = session.read_bytes()
    login(cli, owner)
    assert cli.json("staff", "countersign", name)["code_sent"]
    officer = enrol(cli, name, mobile)
    session.write_bytes(admin_session)
    return officer
