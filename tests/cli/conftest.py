"""The CLI tests' shared installation: built once per test run through the installed command
(init, the owner's sign-in, roles, training, agreement, assessments: about twenty `privault`
calls), then copied for each test. Module-scoped, it was rebuilt by every test file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli, approve_assessments, sign_in


@pytest.fixture(scope="session")
def salon_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("cli-template") / "home"
    cli = Cli(home)
    officer = cli.json("init", "--industry", "salon", "--officer", "owner")["officer"]
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    # A small shop's owner also runs the shop: store manager too, trained and under agreement.
    roles = ("--role", "privacy_officer", "--role", "admin", "--role", "store_manager")
    cli.json("staff", "set-roles", "owner", *roles)
    cli.json("staff", "train", "owner", "--course", "PIPL basics")
    cli.json("staff", "sign-agreement", "owner")
    approve_assessments(cli)
    return home


@pytest.fixture
def cli(salon_template: Path, tmp_path: Path) -> Cli:
    """A salon installation made by `privault init`, copied for this test."""
    home = tmp_path / "home"
    shutil.copytree(salon_template, home)
    return Cli(home)
