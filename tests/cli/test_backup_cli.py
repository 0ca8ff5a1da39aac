"""`privault backup` and `privault restore` end to end, on SQLite."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.cli.test_cli import Cli, _add


def test_backup_writes_a_private_archive_and_prints_counts_only(cli: Cli, tmp_path: Path) -> None:
    _add(cli, "name=李四", "mobile=13900000001")
    target = tmp_path / "shop.pvbak"

    made = cli.json("backup", "--to", str(target))

    assert (made["file"], made["size"]) == (str(target.resolve()), target.stat().st_size)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert made["tables"]["customers"] == 1
    assert made["keystore_tables"] == {"data_keys": 1, "shredded": 0}
    keystore = Path(made["keystore_file"])
    assert keystore.parent == (cli.home / "backups" / "keystore").resolve()
    assert keystore.name.startswith("keystore-")
    assert keystore.exists()
    assert b"13900000001" not in target.read_bytes()
    assert "to: a file of that name exists" in cli.refused("backup", "--to", str(target))


def test_restore_brings_back_the_backup_and_refuses_a_damaged_archive(
    cli: Cli,
    tmp_path: Path,
) -> None:
    _add(cli, "name=李四", "mobile=13900000001")
    made = cli.json("backup")
    _add(cli, "name=张三", "mobile=13812345678")  # after the backup: the restore drops it
    damaged = tmp_path / "damaged.pvbak"
    raw = bytearray(Path(made["file"]).read_bytes())
    raw[-20] ^= 0x01
    damaged.write_bytes(bytes(raw))

    stderr = cli.refused("restore", str(damaged))
    assert "archive:" in stderr
    assert "damaged" in stderr
    assert len(cli.json("customers", "find", "--mobile", "13812345678")) == 1

    result = cli.run("restore", made["file"])

    assert result.returncode == 0, result.stderr
    assert "restored" in result.stdout
    assert "0 customers erased since then" in result.stdout
    assert cli.json("customers", "find", "--mobile", "13812345678") == []
    assert len(cli.json("customers", "find", "--mobile", "13900000001")) == 1
    events = cli.json("audit", "list")
    assert ("backup.restore", "allowed") in {(e["action"], e["outcome"]) for e in events}
    assert cli.json("audit", "verify")["problem_count"] == 0
