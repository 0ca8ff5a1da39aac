"""kill -9 during `privault import`, at the fixed crash point after a batch is committed
(src/privault/infra/crash_points.py): the database holds exactly the committed batches, the
audit trail verifies, and rerunning the same command continues after them, without a duplicate,
and says so.

Kill tests run on SQLite only (like every test of the installed command: `Cli` drops the
PRIVAULT_ database settings), and are skipped when the suite runs against PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.infra.crash_points import ENVIRONMENT_NAME
from privault.services.vault import open_vault
from tests.cli.test_cli import NOTICE, PRIVAULT, Cli
from tests.conftest import PG_URL

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="kill -9 tests run on SQLite only")

BATCH = 2
IMPORT = ("--notice", NOTICE, "--consent", "service")


def _customers_file(folder: Path, count: int) -> Path:
    path = folder / "customers.csv"
    rows = [f"顾客{chr(0x4E00 + n)},139{n:08d}" for n in range(1, count + 1)]
    path.write_text("\n".join(["姓名,手机号", *rows]) + "\n", encoding="utf-8")
    return path


def _import(at: Cli, path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`privault import` in batches of BATCH rows, with `env` added (a crash point)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PRIVAULT_")}
    clean |= {"PRIVAULT_HOME": str(at.home), "COLUMNS": "200"}
    clean |= {"PRIVAULT_IMPORT_BATCH_ROWS": str(BATCH), **env}
    return subprocess.run(
        [str(PRIVAULT), "import", str(path), *IMPORT],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _customer_count(home: Path) -> int:
    vault = open_vault(Settings(home=home, database_url="", keystore_url=""))
    try:
        return table_counts(vault.database)["customers"]
    finally:
        vault.close()


def test_an_import_killed_after_a_batch_commit_keeps_that_batch_and_a_rerun_completes_it(
    cli: Cli,
    tmp_path: Path,
) -> None:
    path = _customers_file(tmp_path, 5)
    killed = _import(cli, path, **{ENVIRONMENT_NAME: "import.batch-committed"})
    assert killed.returncode == -signal.SIGKILL, (killed.stdout, killed.stderr)
    assert _customer_count(cli.home) == BATCH  # exactly the committed batch, whole
    assert cli.json("audit", "verify")["problem_count"] == 0

    rerun = _import(cli, path)
    assert rerun.returncode == 0, rerun.stderr
    assert f"continued after the {BATCH} rows committed before" in rerun.stdout
    assert "imported 5, rejected 0" in rerun.stdout
    assert _customer_count(cli.home) == 5
    found = cli.json("customers", "find", "--mobile-tail", "0005")
    assert len(found) == 1  # one customer, not the row twice
    assert cli.json("audit", "verify")["problem_count"] == 0
    rejects = Path(f"{path}.rejects.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rejects == ["row,column,reason"]
