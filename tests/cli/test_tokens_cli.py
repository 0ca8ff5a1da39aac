"""`privault tokens ...` end to end: an admin creates a token (printed once), lists and
revokes it; the token then no longer signs the integration in."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.config import Settings
from privault.domain.errors import AuthenticationError
from privault.services.staff.tokens import authenticate_token
from privault.services.vault import open_vault
from tests.cli.staff_enrolment import add_second_officer
from tests.cli.test_cli import Cli, copy_of, sign_in, signed_in_admin


@pytest.fixture(scope="module")
def admin_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return signed_in_admin(tmp_path_factory, "tokens-cli-template")


@pytest.fixture
def cli(admin_home: Path, tmp_path: Path) -> Cli:
    return copy_of(admin_home, tmp_path)


def _authenticates(home: Path, token: str) -> str:
    vault = open_vault(Settings(home=home, database_url="", keystore_url=""))
    try:
        return authenticate_token(vault, token).name
    finally:
        vault.close()


def test_a_token_is_created_printed_once_listed_without_it_and_revoked(cli: Cli) -> None:
    shown = cli.run("tokens", "create", "--name", "pos.main", "--role", "marketing")
    assert shown.returncode == 0, shown.stderr
    token = next(word for word in shown.stdout.split() if word.startswith("pv_"))
    assert "shown once" in shown.stdout
    assert _authenticates(cli.home, token) == "api:pos.main"

    made = cli.json(
        "tokens", "create", "--name", "booking", "--role", "store_manager", "--store", "north"
    )
    assert (made["name"], made["role"], made["store"]) == ("booking", "store_manager", "north")
    assert made["token"].startswith("pv_")

    listed = cli.json("tokens", "list")
    assert [(t["name"], t["role"], t["is_revoked"]) for t in listed] == [
        ("pos.main", "marketing", False),
        ("booking", "store_manager", False),
    ]
    assert token not in str(listed)
    assert cli.run("tokens", "list").stdout.count("pos.main") == 1

    revoked = cli.json("tokens", "revoke", "pos.main")
    assert (revoked["is_revoked"], revoked["revoked_by"]) == (True, "owner")
    assert [t["is_revoked"] for t in cli.json("tokens", "list")] == [True, False]
    with pytest.raises(AuthenticationError, match="revoked"):
        _authenticates(cli.home, token)
    assert "revoked already" in cli.refused("tokens", "revoke", "pos.main")


def test_a_role_outside_the_matrix_or_an_unknown_token_is_refused_in_one_line(cli: Cli) -> None:
    stderr = cli.refused("tokens", "create", "--name", "pos.main", "--role", "cashier")
    assert "role: unknown role cashier" in stderr
    assert "no API token named ghost" in cli.refused("tokens", "revoke", "ghost")
    assert cli.json("tokens", "list") == []


def test_a_personal_data_token_works_once_another_officer_countersigns_it(cli: Cli) -> None:
    shown = cli.run("tokens", "create", "--name", "pos.desk", "--role", "front_desk")
    token = next(word for word in shown.stdout.split() if word.startswith("pv_"))
    with pytest.raises(AuthenticationError, match="awaits a privacy officer's countersignature"):
        _authenticates(cli.home, token)
    assert "awaiting countersignature" in shown.stdout
    assert [t["status"] for t in cli.json("tokens", "list")] == ["awaiting countersignature"]
    # The owner (admin and privacy officer) created it: another officer must countersign.
    assert "nobody countersigns a token they created" in cli.refused(
        "tokens", "countersign", "pos.desk"
    )
    second = add_second_officer(cli)
    sign_in(cli, "po.qian", second["password"], second["totp_secret"])
    signed = cli.json("tokens", "countersign", "pos.desk")
    assert (signed["status"], signed["countersigned_by"]) == ("active", "po.qian")
    assert _authenticates(cli.home, token) == "api:pos.desk"
    assert "countersigned already" in cli.refused("tokens", "countersign", "pos.desk")
