"""sqlmap at level 3 against the installed server's API: the query parameters of the request
list and the JSON body of a customer lookup, with a real token. It must find nothing
injectable. SQLite only, bounded in time (no time-based technique, short timeouts)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from privault.config import Settings
from privault.services.vault import open_vault
from tests.conftest import OPERATOR, PG_URL
from tests.factories import register, unique_mobile
from tests.web.served import served
from tests.web.test_api import api_token

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="fuzzing runs on SQLite only")

SQLMAP = Path(sys.executable).parent / "sqlmap"
BOUNDS = ["--level=3", "--risk=1", "--technique=BEU", "--time-sec=1", "--timeout=10"]


def _seed(home: Path) -> tuple[str, str]:
    vault = open_vault(Settings(home=home, database_url="", keystore_url=""))
    try:
        customer = register(vault, OPERATOR, {"name": "欧阳娜娜", "mobile": unique_mobile()})
        token = api_token(vault, "store_manager")["Authorization"]
    finally:
        vault.close()
    return customer, token


def _sqlmap(url: str, token: str, output: Path, *extra: str) -> str:
    result = subprocess.run(
        [
            str(SQLMAP),
            "-u",
            url,
            "--batch",
            *BOUNDS,
            "--retries=0",
            "--flush-session",
            f"--output-dir={output}",
            f"--headers=Authorization: {token}",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result.stdout + result.stderr


def test_sqlmap_finds_no_injectable_parameter_in_the_api(
    sqlite_templates: dict[str, Path], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    shutil.copytree(sqlite_templates["salon"], home)
    customer, token = _seed(home)
    with served(home, tmp_path / "serve.log") as server:
        listed = _sqlmap(
            f"{server}/api/v1/requests?status=received&customer_id={customer}&open_only=false",
            token,
            tmp_path / "sqlmap-query",
        )
        found = _sqlmap(
            f"{server}/api/v1/customers/find",
            token,
            tmp_path / "sqlmap-body",
            '--data={"by": "mobile_tail", "value": "5678"}',
        )
    for report in (listed, found):
        assert "is vulnerable" not in report, report[-3000:]
        assert "appears to be injectable" not in report.replace(
            "does not appear to be injectable", ""
        ), report[-3000:]
        assert "all tested parameters do not appear to be injectable" in report, report[-3000:]
