"""`privault settings` and the shop's identity at `privault init`, through the installed command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import NOTICE, Cli, _add, sign_in
from tests.conftest import PG_URL, SHOP

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="runs the installed command on SQLite")


def _options(**settings: str) -> list[str]:
    return [f"--{k.replace('_', '-')}={v}" for k, v in settings.items()]


def test_settings_show_and_set_one_value_republishing_the_notice(cli: Cli) -> None:
    assert cli.json("settings", "show") == {**SHOP, "missing": []}
    changed = cli.json("settings", "set", "officer-contact", "zhao@sanfeng.example.cn")
    assert changed["changed"] == ["officer_contact"]
    assert changed["notice_version"] == f"{NOTICE}.1"
    assert changed["officer_contact"] == "zhao@sanfeng.example.cn"
    assert [n["version"] for n in cli.json("notices", "list")] == [NOTICE, f"{NOTICE}.1"]
    shown = cli.run("notices", "show", f"{NOTICE}.1").stdout
    assert "zhao@sanfeng.example.cn" in shown


def test_settings_set_takes_several_options_at_once(cli: Cli) -> None:
    changed = cli.json("settings", "set", "--phone", "0755-86013399", "--officer-name", "赵经理")
    assert changed["changed"] == ["phone", "officer_name"]
    text = cli.run("settings", "show").stdout
    assert "0755-86013399" in text
    assert "赵经理" in text


def test_a_bad_value_is_refused_naming_the_setting(cli: Cli) -> None:
    stderr = cli.refused("settings", "set", "email", "privacy@")
    assert "email: not a valid email address" in stderr
    assert cli.json("settings", "show")["email"] == SHOP["email"]
    stderr = cli.refused("settings", "set", "fax", "0755-86013388")
    assert "setting: unknown setting" in stderr


def test_init_takes_the_identity_as_options(tmp_path: Path) -> None:
    shop = Cli(tmp_path / "home")
    made = shop.json("init", "--industry", "retail", "--officer", "owner", *_options(**SHOP))
    assert made["notice_version"] == NOTICE
    officer = made["officer"]
    sign_in(shop, "owner", officer["password"], officer["totp_secret"])
    assert shop.json("settings", "show")["business_name"] == SHOP["business_name"]
    assert SHOP["address"] in shop.run("notices", "show", NOTICE).stdout


def test_init_without_the_identity_publishes_no_notice_until_settings_complete_it(
    tmp_path: Path,
) -> None:
    shop = Cli(tmp_path / "home")
    partial = _options(business_name=SHOP["business_name"])
    made = shop.json("init", "--industry", "salon", "--officer", "owner", *partial)
    assert made["notice_version"] is None
    text = shop.run("init", "--industry", "salon", "--officer", "owner", *partial).stdout
    assert "no privacy notice yet" in text
    officer = made["officer"]
    sign_in(shop, "owner", officer["password"], officer["totp_secret"])
    shop.json(
        "staff",
        "set-roles",
        "owner",
        "--role",
        "privacy_officer",
        "--role",
        "admin",
        "--role",
        "store_manager",
    )
    shop.json("staff", "train", "owner", "--course", "PIPL basics")
    shop.json("staff", "sign-agreement", "owner")
    stderr = shop.refused(
        "customers",
        "add",
        "name=张三",
        "mobile=13812345678",
        "--channel",
        "store",
        "--notice",
        NOTICE,
        "--consent",
        "service",
    )
    assert "privault settings set" in stderr
    rest = {k: v for k, v in SHOP.items() if k != "business_name"}
    done = shop.json("settings", "set", *_options(**rest))
    assert done["notice_version"] == NOTICE
    assert _add(shop, "name=张三", "mobile=13812345678")


def test_init_refuses_a_bad_phone_naming_it(tmp_path: Path) -> None:
    shop = Cli(tmp_path / "home")
    bad = _options(**{**SHOP, "phone": "12345"})
    stderr = shop.refused("init", "--industry", "salon", "--officer", "owner", *bad)
    assert "phone: expected a mainland mobile" in stderr


def test_the_customers_default_language_is_shown_and_set(cli: Cli) -> None:
    assert cli.json("settings", "customer-language") == {"customer_language": "zh"}
    assert cli.json("settings", "customer-language", "en") == {"customer_language": "en"}
    assert "language: choose one of zh, en" in cli.refused("settings", "customer-language", "fr")
    assert cli.json("settings", "customer-language") == {"customer_language": "en"}
