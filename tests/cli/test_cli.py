"""End to end through the installed `privault` command, on a SQLite installation per test."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyotp
import pytest

from privault.presets import load_preset
from tests.conftest import SHOP

PRIVAULT = Path(sys.executable).parent / "privault"
NOTICE = "2026.1"


class Cli:
    """Runs `privault` against one home, with no database URLs so that it is SQLite."""

    def __init__(self, home: Path) -> None:
        self.home = home

    def run(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVAULT_")}
        env |= {"PRIVAULT_HOME": str(self.home), "COLUMNS": "200"}
        return subprocess.run(
            [str(PRIVAULT), *args, *shop_options(args)],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    def json(self, *args: str, stdin: str = "") -> Any:
        result = self.run(*args, "--json", stdin=stdin)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return json.loads(result.stdout)

    def refused(self, *args: str, code: int = 1, stdin: str = "") -> str:
        """The stderr of a command that must fail cleanly: the exit code and no traceback."""
        result = self.run(*args, stdin=stdin)
        assert result.returncode == code, (result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result.stderr


def shop_options(args: tuple[str, ...]) -> list[str]:
    """`init` gets the shop's identity unless the test gives its own `--business-name`."""
    if args[:1] != ("init",) or any(a.startswith("--business-name") for a in args):
        return []
    return [f"--{k.replace('_', '-')}={v}" for k, v in SHOP.items()]


def approve_assessments(cli: Cli) -> None:
    """The officer's review at setup: each preset assessment answered and approved."""
    for draft in cli.json("assessments", "list"):
        answers = [f"--answer={i}=是" for i in range(1, len(draft["questions"]) + 1)]
        cli.json("assessments", "edit", draft["id"], *answers)
        cli.json("assessments", "approve", draft["id"])


def sign_in(cli: Cli, name: str, password: str, totp_secret: str | None) -> Any:
    code = ("--totp", pyotp.TOTP(totp_secret).now()) if totp_secret else ()
    return cli.json("login", name, "--password-stdin", *code, stdin=password + "\n")


def _add(cli: Cli, *pairs: str, consents: tuple[str, ...] = ("service", "membership")) -> str:
    options = [arg for purpose in consents for arg in ("--consent", purpose)]
    added = cli.json("customers", "add", *pairs, "--channel", "store", "--notice", NOTICE, *options)
    assert set(added) == {"id"}
    return str(added["id"])


def test_init_is_idempotent_refuses_another_industry_and_is_needed_first(
    tmp_path: Path,
) -> None:
    cli = Cli(tmp_path / "home")
    stderr = cli.refused("customers", "find", "--mobile-tail", "5678")
    assert "privault init" in stderr
    assert not (cli.home / "master.key").exists()

    first = cli.json("init", "--industry", "salon", "--officer", "owner")
    assert (first["industry"], first["notice_version"], first["is_new"]) == ("salon", NOTICE, True)
    assert Path(first["home"]) == cli.home.resolve()
    second = cli.json("init", "--industry", "salon", "--officer", "owner")
    assert (second["industry"], second["notice_version"], second["is_new"]) == (
        "salon",
        NOTICE,
        False,
    )
    stderr = cli.refused("init", "--industry", "retail", "--officer", "owner")
    assert "already set up for salon" in stderr


def test_a_customer_is_registered_found_shown_updated_revealed_and_audited(cli: Cli) -> None:
    clear = ["欧阳娜娜", "13812345678", "nana.ouyang@example.com", "VIP-7788"]
    customer_id = _add(
        cli,
        "name=欧阳娜娜",
        "mobile=138 1234 5678",
        "email=nana.ouyang@example.com",
        "member_no=vip-7788",
    )

    found = cli.json("customers", "find", "--mobile-tail", "5678")
    assert found == [
        {
            "id": customer_id,
            "fields": {
                "email": found[0]["fields"]["email"],
                "member_no": "****7788",
                "mobile": "138****5678",
                "name": "欧阳**",
            },
        }
    ]
    assert cli.json("customers", "find", "--mobile-tail", "5678", "--surname", "欧阳**") == found
    assert cli.json("customers", "find", "--surname", "欧阳") == found
    assert cli.json("customers", "find", "--mobile-tail", "5678", "--surname", "张") == []
    assert "surname" in cli.refused("customers", "find", "--surname", "欧阳娜娜")
    shown = cli.json("customers", "show", customer_id)
    assert (shown["id"], shown["status"], shown["is_minor"]) == (customer_id, "active", False)
    assert shown["fields"] == found[0]["fields"]
    assert shown["purposes"] == ["membership", "service"]
    for value in clear:
        assert value not in json.dumps(found, ensure_ascii=False)
        assert value not in json.dumps(shown, ensure_ascii=False)

    updated = cli.json("customers", "update", customer_id, "address=深圳市南山区科技园路1号")
    assert "address" in updated["fields"]
    assert "科技园路1号" not in json.dumps(updated, ensure_ascii=False)

    revealed = cli.json(
        "customers", "reveal", customer_id, "mobile", "--purpose", "service",
        "--note", "call about the booking",
    )  # fmt: skip
    assert revealed == {"field": "mobile", "value": "13812345678"}
    stderr = cli.refused("customers", "reveal", customer_id, "mobile", "--purpose", "call back")
    assert "unknown purpose 'call back'; known purposes: service" in stderr
    stderr = cli.refused("customers", "reveal", customer_id, "mobile", "--purpose", "marketing_sms")
    assert "has not consented to marketing_sms" in stderr
    assert "--purpose" in cli.refused("customers", "reveal", customer_id, "mobile", code=2)
    stderr = cli.refused("customers", "reveal", customer_id, "mobile", "--purpose", " ")
    assert "purpose" in stderr
    assert "13812345678" not in stderr

    stderr = cli.refused("customers", "update", customer_id, "13800001111")
    assert "KEY=VALUE" in stderr
    assert "13800001111" not in stderr

    events = cli.json("audit", "list", "--customer", customer_id)
    seen = {(e["action"], e["outcome"], tuple(e["fields"]), e["purpose"]) for e in events}
    assert {
        ("customer.register", "allowed", ("email", "member_no", "mobile", "name"), None),
        ("customer.update", "allowed", ("address",), None),
        ("customer.reveal", "allowed", ("mobile",), "service"),
        ("customer.reveal", "denied", ("mobile",), "marketing_sms"),
    } <= seen
    assert {"customer.search", "customer.view"} <= {e["action"] for e in events}
    assert ("customer.reveal", "denied") in {(e["action"], e["outcome"]) for e in events}
    trail = json.dumps(events, ensure_ascii=False)
    for value in [*clear, "科技园路1号"]:
        assert value not in trail


def test_consents_are_granted_listed_and_withdrawn_with_the_fields_they_justified(
    cli: Cli,
) -> None:
    customer_id = _add(
        cli, "name=李雷", "mobile=13912345678", "email=li.lei@example.com", "member_no=M-1"
    )
    granted = cli.json("consents", "grant", customer_id, "marketing_sms", "--notice", NOTICE)
    assert granted == {"id": customer_id, "granted": ["marketing_sms"]}

    history = cli.json("consents", "list", customer_id)
    assert sorted((r["purpose"], r["action"], r["notice_version"]) for r in history) == [
        ("marketing_sms", "grant", NOTICE),
        ("membership", "grant", NOTICE),
        ("service", "grant", NOTICE),
    ]

    withdrawn = cli.json("consents", "withdraw", customer_id, "membership")
    assert withdrawn == {
        "id": customer_id,
        "withdrawn": ["membership"],
        "deleted_fields": ["email", "member_no"],
    }
    shown = cli.json("customers", "show", customer_id)
    assert sorted(shown["fields"]) == ["mobile", "name"]
    assert shown["purposes"] == ["marketing_sms", "service"]
    history = cli.json("consents", "list", customer_id)
    assert ("membership", "withdraw") in {(r["purpose"], r["action"]) for r in history}


def test_import_reports_its_counts_and_writes_the_rejects_beside_the_file(
    cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "客户.csv"
    source.write_text(
        "姓名,手机号\n韩梅梅,13612345001\n坏号码,1361234\n韩小雪,13612345003\n", encoding="utf-8"
    )
    report = cli.json("import", str(source), "--notice", NOTICE, "--consent", "service")
    assert {"imported", "rejected", "reject_file", "seconds"} <= set(report)
    assert (report["imported"], report["rejected"]) == (2, 1)
    rejects = Path(report["reject_file"]).read_text(encoding="utf-8-sig").splitlines()
    assert rejects[0] == "row,column,reason"
    assert rejects[1].startswith("3,手机号,")
    assert "1361234" not in "\n".join(rejects)
    [found] = cli.json("customers", "find", "--mobile", "13612345003")
    assert found["fields"]["name"] == "韩*雪"


def _notice_toml(version: str, *, drop: str | None = None) -> str:
    notice = load_preset("salon")["notice"]
    lines = ["[notice]", f'version = "{version}"']
    for lang in ("zh", "en"):
        lines.append(f"[notice.{lang}]")
        lines += [
            f"{key} = {json.dumps(text, ensure_ascii=False)}"
            for key, text in notice[lang].items()
            if f"{lang}.{key}" != drop
        ]
    return "\n".join(lines) + "\n"


def test_notices_are_listed_and_only_a_complete_notice_is_published(
    cli: Cli, tmp_path: Path
) -> None:
    assert [n["version"] for n in cli.json("notices", "list")] == [NOTICE]

    incomplete = tmp_path / "incomplete.toml"
    incomplete.write_text(_notice_toml("2026.2", drop="en.retention"), encoding="utf-8")
    stderr = cli.refused("notices", "publish", str(incomplete))
    assert "en.retention" in stderr
    assert [n["version"] for n in cli.json("notices", "list")] == [NOTICE]

    complete = tmp_path / "complete.toml"
    complete.write_text(_notice_toml("2026.2"), encoding="utf-8")
    published = cli.json("notices", "publish", str(complete))
    assert published["version"] == "2026.2"
    listed = cli.json("notices", "list")
    assert [n["version"] for n in listed] == [NOTICE, "2026.2"]
    assert listed[1]["sha256"] == published["sha256"]


def test_demo_adds_customers_and_with_if_empty_only_once(cli: Cli) -> None:
    assert cli.json("demo", "--customers", "20", "--seed", "1") == {"added": 20}
    assert cli.json("demo", "--customers", "20", "--seed", "1", "--if-empty") == {"added": 0}


def signed_in_admin(tmp_path_factory: pytest.TempPathFactory, label: str) -> Path:
    """A salon installation whose first account (privacy officer and admin) is signed in: made
    once per module, copied per test with `copy_of`."""
    home = tmp_path_factory.mktemp(label) / "home"
    cli = Cli(home)
    officer = cli.json("init", "--industry", "salon", "--officer", "owner")["officer"]
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    return home


def copy_of(template: Path, tmp_path: Path) -> Cli:
    home = tmp_path / "home"
    shutil.copytree(template, home)
    return Cli(home)


def test_an_unexpected_error_names_its_class_only_never_a_traceback(cli: Cli) -> None:
    """A driver's message quotes the statement and its parameters, which may hold personal
    values: the terminal gets the error's class and how to see the rest."""
    with sqlite3.connect(cli.home / "privault.db") as broken:
        broken.execute("DROP TABLE exports")
    stderr = cli.refused("exports", "list", code=70)
    assert "unexpected OperationalError" in stderr
    assert "PRIVAULT_DEBUG=1" in stderr
    assert "no such table" not in stderr
    assert "SELECT" not in stderr
