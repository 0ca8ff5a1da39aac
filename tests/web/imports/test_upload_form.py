"""The import form refuses a file with no purpose ticked before reading it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.web.conftest import form_token, sign_in, staff_account

NOT_A_TABLE = b"\x00\x01\x02 this is no CSV or XLSX \xff\xfe"


def test_a_file_with_no_purpose_is_refused_naming_the_purpose_field_before_it_is_read(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "wang.wu", ["store_manager"]), clock)
    token = form_token(client, "/imports")
    before = table_counts(vault.database)
    for step in ("import", "preview"):
        page = client.post(
            "/imports",
            data={"csrf_token": token, "notice_version": "2026.1", "step": step},
            files={"file": ("broken.xlsx", NOT_A_TABLE, "application/octet-stream")},
        )
        assert page.status_code == 422, page.text
        assert "请至少勾选一项文件中客户同意的用途" in page.text
        # The error sits in the purpose fieldset, and the parse failure never happened.
        fieldset = page.text.split('class="purposes invalid"', 1)[1].split("</fieldset>", 1)[0]
        assert "请至少勾选一项" in fieldset
        assert "broken" not in page.text
    assert table_counts(vault.database) == before


def test_the_same_broken_file_with_a_purpose_fails_on_parsing_instead(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "wang.wu", ["store_manager"]), clock)
    token = form_token(client, "/imports")
    page = client.post(
        "/imports",
        data={"csrf_token": token, "notice_version": "2026.1", "purposes": ["service"]},
        files={"file": ("broken.xlsx", NOT_A_TABLE, "application/octet-stream")},
    )
    assert page.status_code >= 400
    assert "请至少勾选一项" not in page.text
