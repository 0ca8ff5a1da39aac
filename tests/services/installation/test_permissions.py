"""Everything under PRIVAULT_HOME is the owner's alone (files 0600, folders 0700), whatever the
umask the shop's shell or service manager starts privault with.

Runs the installed command (SQLite only, like every test of it) with a umask of 022, the
common default that would leave files readable by every local user.
"""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text

from privault.db.engine import make_engine
from tests.cli.test_cli import PRIVAULT, Cli, _add, shop_options, sign_in
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="runs the installed command on SQLite")

LOOSE_UMASK = 0o022


class LooseCli(Cli):
    """The command started with umask 022."""

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
            umask=LOOSE_UMASK,
        )


def _loose_modes(home: Path) -> dict[str, str]:
    """Every path under `home` (and `home` itself) that another user could read or enter."""
    found = {}
    for path in [home, *home.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            found[str(path.relative_to(home))] = oct(mode)
    return found


def test_every_file_and_folder_the_command_makes_is_the_owners_alone(tmp_path: Path) -> None:
    cli = LooseCli(tmp_path / "home")
    officer = cli.json("init", "--industry", "salon", "--officer", "owner")["officer"]
    sign_in(cli, "owner", officer["password"], officer["totp_secret"])
    roles = ("--role", "privacy_officer", "--role", "admin", "--role", "store_manager")
    cli.json("staff", "set-roles", "owner", *roles)
    cli.json("staff", "train", "owner", "--course", "PIPL basics")
    cli.json("staff", "sign-agreement", "owner")
    customer_id = _add(cli, "name=李四", "mobile=13900000001")
    request_id = cli.json("requests", "open", "--customer", customer_id, "--type", "access",
                          "--channel", "store")["id"]  # fmt: skip
    cli.json("requests", "send-code", request_id, "--via", "sms")
    cli.json("requests", "verify", request_id, "--method", "in_person", "--note", "ID card")
    cli.json("requests", "fulfil", request_id)  # the answer goes under $PRIVAULT_HOME/requests
    cli.json("backup")
    cli.json("retention", "run")

    made = {p.relative_to(cli.home).parts[0] for p in cli.home.rglob("*")}
    assert {"backups", "outbox", "requests", "session", "master.key"} <= made
    assert _loose_modes(cli.home) == {}


def test_the_databases_write_ahead_files_are_the_owners_alone(tmp_path: Path) -> None:
    """SQLite gives -wal and -shm the database file's mode; opening an older installation
    whose files another user could read closes them."""
    home = tmp_path / "home"
    LooseCli(home).json("init", "--industry", "salon", "--officer", "owner")
    database = home / "privault.db"
    database.chmod(0o644)
    previous = os.umask(LOOSE_UMASK)
    try:
        engine = make_engine(f"sqlite:///{database}")
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE probe (x INTEGER)"))
            files = {p.name: p for p in home.iterdir() if p.name.startswith("privault.db")}
            assert set(files) == {"privault.db", "privault.db-wal", "privault.db-shm"}
            modes = {name: oct(stat.S_IMODE(p.stat().st_mode)) for name, p in files.items()}
        engine.dispose()
    finally:
        os.umask(previous)

    assert modes == dict.fromkeys(files, oct(0o600))


def test_running_init_again_closes_an_older_installation_left_open(tmp_path: Path) -> None:
    home = tmp_path / "home"
    cli = LooseCli(home)
    cli.json("init", "--industry", "salon", "--officer", "owner")
    (home / "backups" / "keystore").mkdir(parents=True, mode=0o755)
    for path in (home, home / "backups", home / "backups" / "keystore"):
        path.chmod(0o755)
    for name in ("privault.db", "keystore.db"):
        (home / name).chmod(0o644)
    assert _loose_modes(home) != {}

    cli.json("init", "--industry", "salon", "--officer", "owner")

    assert _loose_modes(home) == {}
