"""kill -9 during `privault backup` and `privault restore`, at the fixed crash points of
src/privault/infra/crash_points.py: the next backup removes what a killed one left, and a killed
restore leaves the old data or the new, never a mix, always paired with the current keystore.

Kill tests run on SQLite only (like every test of the installed command: `Cli` drops the
PRIVAULT_ database settings), and are skipped when the suite runs against PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from privault.infra.crash_points import ENVIRONMENT_NAME
from tests.cli.test_cli import PRIVAULT, Cli, _add
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="kill -9 tests run on SQLite only")

KEPT_MOBILE, GONE_MOBILE, LATER_MOBILE = "13900000001", "13812345678", "13700000002"
BACKUP_POINTS = [
    "backup.data-partly-written",
    "backup.data-written",
    "backup.keystore-partly-written",
    "backup.keystore-written",
    "backup.recorded",
    "backup.keystore-renamed",
]
# Where a killed restore must leave the data as it was; after the commit it is the backup's.
RESTORE_BEFORE_COMMIT = ["restore.verified", "restore.loaded", "restore.recorded"]


def killed_at(shop: Cli, point: str, *args: str) -> None:
    """Runs `privault ARGS` with PRIVAULT_CRASH_AT=point and checks it died of SIGKILL there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVAULT_")}
    env |= {"PRIVAULT_HOME": str(shop.home), "COLUMNS": "200", ENVIRONMENT_NAME: point}
    result = subprocess.run(
        [str(PRIVAULT), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == -signal.SIGKILL, (point, result.stdout, result.stderr)


def _backup_files(home: Path) -> list[Path]:
    return sorted(p for p in (home / "backups").rglob("*") if p.is_file())


def _partials(home: Path) -> list[Path]:
    return [p for p in _backup_files(home) if p.name.endswith(".partial")]


def _audit_is_intact(shop: Cli) -> None:
    assert shop.json("audit", "verify")["problem_count"] == 0


@pytest.mark.parametrize("point", BACKUP_POINTS)
def test_the_next_backup_removes_and_counts_what_a_killed_backup_left(
    cli: Cli,
    point: str,
) -> None:
    _add(cli, "name=李四", f"mobile={KEPT_MOBILE}")
    killed_at(cli, point, "backup")
    left = _partials(cli.home)
    assert left  # the crash left something behind to clean

    made = cli.json("backup")

    assert _partials(cli.home) == []
    finished = {p.resolve() for p in _backup_files(cli.home)}
    assert {Path(made["file"]), Path(made["keystore_file"])} <= finished
    assert made["unfinished_removed"] == len(left)
    _audit_is_intact(cli)
    assert len(cli.json("customers", "find", "--mobile", KEPT_MOBILE)) == 1


def test_the_next_backup_removes_what_a_killed_backup_left_beside_a_chosen_file(
    cli: Cli,
    tmp_path: Path,
) -> None:
    chosen = tmp_path / "elsewhere" / "shop.pvbak"
    chosen.parent.mkdir()
    killed_at(cli, "backup.keystore-written", "backup", "--to", str(chosen))
    assert [p.name for p in chosen.parent.iterdir()] == [".shop.pvbak.partial"]

    made = cli.json("backup")

    assert list(chosen.parent.iterdir()) == []
    assert _partials(cli.home) == []
    assert made["unfinished_removed"] == 2


def test_a_killed_backup_leaves_its_parts_private_and_where_the_next_backup_looks(
    cli: Cli,
) -> None:
    """Beside their final names, never under a name a finished backup has, owner only."""
    _add(cli, "name=李四", f"mobile={KEPT_MOBILE}")
    killed_at(cli, "backup.keystore-written", "backup")

    left = _partials(cli.home)

    folders = {p.parent.resolve() for p in left}
    assert folders == {(cli.home / f).resolve() for f in ("backups", "backups/keystore")}
    assert all(p.name.startswith(".") for p in left)
    assert [p for p in _backup_files(cli.home) if p.name.endswith(".pvbak")] == []
    assert all(p.stat().st_mode & 0o077 == 0 for p in left)


def _erased_after_a_backup(shop: Cli) -> tuple[dict[str, Any], str]:
    """A backup holding two customers; then one is erased and a third registered."""
    _add(shop, "name=李四", f"mobile={KEPT_MOBILE}")
    gone = _add(shop, "name=张三", f"mobile={GONE_MOBILE}")
    made = shop.json("backup")
    shop.json("customers", "erase", gone, "--reason", "客户要求删除", "--yes")
    _add(shop, "name=王五", f"mobile={LATER_MOBILE}")
    return made, gone


def _found(shop: Cli, mobile: str) -> int:
    return len(shop.json("customers", "find", "--mobile", mobile))


def _still_erased(shop: Cli, customer_id: str) -> None:
    assert "was erased" in shop.refused("customers", "show", customer_id)
    assert _found(shop, GONE_MOBILE) == 0


@pytest.mark.parametrize("point", RESTORE_BEFORE_COMMIT)
def test_a_restore_killed_before_its_commit_leaves_the_data_as_it_was(
    cli: Cli,
    point: str,
) -> None:
    made, gone = _erased_after_a_backup(cli)

    killed_at(cli, point, "restore", made["file"])

    assert (_found(cli, KEPT_MOBILE), _found(cli, LATER_MOBILE)) == (1, 1)
    _still_erased(cli, gone)
    _audit_is_intact(cli)
    restores = [e for e in cli.json("audit", "list") if e["action"] == "backup.restore"]
    assert restores == []
    # Nothing is left to finish: the restore simply runs again.
    assert "1 customers erased since then" in cli.run("restore", made["file"]).stdout
    assert (_found(cli, KEPT_MOBILE), _found(cli, LATER_MOBILE)) == (1, 0)
    _still_erased(cli, gone)


def test_a_restore_killed_after_its_commit_is_complete(cli: Cli) -> None:
    made, gone = _erased_after_a_backup(cli)

    killed_at(cli, "restore.committed", "restore", made["file"])

    assert (_found(cli, KEPT_MOBILE), _found(cli, LATER_MOBILE)) == (1, 0)
    _still_erased(cli, gone)
    _audit_is_intact(cli)
    restores = [e for e in cli.json("audit", "list") if e["action"] == "backup.restore"]
    assert {e["customer_id"] for e in restores} == {None, gone}
    shown = cli.json("customers", "show", _kept_id(cli))
    assert shown["status"] == "active"


def _kept_id(shop: Cli) -> str:
    found = shop.json("customers", "find", "--mobile", KEPT_MOBILE)
    return str(found[0]["id"])
