"""API imports answer with counts, the first rejects and a link to the full reject report, never
a body the size of the input; a hostile upload is refused cleanly and no upload outlives its
import, not even one a killed worker left behind."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient

from privault.services.vault import Vault
from tests.factories import NOTICE
from tests.services.imports.test_hostile_files import shared_strings_bomb
from tests.web.test_api import api_token

FORM = {"notice_version": NOTICE, "purposes": ["service"]}


def _uploads(home: Path) -> list[Path]:
    folder = home / "imports" / "uploads"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_an_import_answers_counts_the_first_rejects_and_a_link_to_all_of_them(
    vault: Vault, client: TestClient
) -> None:
    bad = [f"客{chr(0x4E00 + n)},12{n:03d}" for n in range(30)]  # 30 invalid mobiles
    text = "\n".join(["name,mobile", "张三,13800009999", *bad]) + "\n"
    manager = api_token(vault, "store_manager")
    response = client.post(
        "/api/v1/imports",
        files={"file": ("list.csv", text.encode(), "text/csv")},
        data=FORM,
        headers=manager,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["imported"], body["rejected"]) == (1, 30)
    assert [r["row"] for r in body["rejects"]] == list(range(3, 23))  # the first twenty
    full = client.get(body["rejects_url"], headers=manager)
    assert full.status_code == 200
    lines = full.text.lstrip("\ufeff").splitlines()
    assert lines[0] == "row,column,reason"
    assert [int(line.split(",")[0]) for line in lines[1:]] == list(range(3, 33))
    assert "12000" not in full.text
    assert _uploads(vault.settings.home) == []


def test_a_zip_bomb_upload_is_refused_with_a_clear_message_and_leaves_no_file(
    vault: Vault, client: TestClient, tmp_path: Path
) -> None:
    bomb = shared_strings_bomb(tmp_path / "bomb.xlsx", 64)
    response = client.post(
        "/api/v1/imports",
        files={"file": ("bomb.xlsx", bomb.read_bytes(), "application/octet-stream")},
        data=FORM,
        headers=api_token(vault, "store_manager"),
    )
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["field"] == "file"
    assert "expands" in error["message"]
    assert _uploads(vault.settings.home) == []


def test_an_upload_left_by_a_killed_worker_is_removed_by_the_next_upload(
    vault: Vault, client: TestClient
) -> None:
    left = vault.settings.home / "imports" / "uploads" / "killed-worker"
    left.mkdir(parents=True)
    (left / "upload.csv").write_text("name,mobile\n张三,13800009998\n", encoding="utf-8")
    long_ago = time.time() - 3 * 24 * 3600
    os.utime(left, (long_ago, long_ago))
    response = client.post(
        "/api/v1/imports",
        files={"file": ("list.csv", "name,mobile\n李四,13800009997\n".encode(), "text/csv")},
        data=FORM,
        headers=api_token(vault, "store_manager"),
    )
    assert response.status_code == 201, response.text
    assert _uploads(vault.settings.home) == []
