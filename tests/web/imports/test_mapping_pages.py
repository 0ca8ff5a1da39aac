"""The console's mapping step for another system's export: the columns with what each becomes,
the first rows masked, in Chinese; the file chosen again imports the mapped columns and saves
the mapping for the next file."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.services.imports.mappings import list_mappings
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.web.conftest import form_token, sign_in, staff_account

EXPORT = (
    "客户姓名,手机号,会员等级,积分,储值余额,最近消费时间,来源渠道\n"
    '韩梅梅,13612345001,金卡会员,"1,280",¥300.50,2026/3/8 14:20,小程序\n'
).encode()


def test_a_member_export_is_mapped_previewed_masked_and_imported_in_chinese(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "wang.wu", ["store_manager"]), clock)
    token = form_token(client, "/imports")
    form = {"csrf_token": token, "notice_version": "2026.1", "purposes": ["service"]}
    step = client.post(
        "/imports",
        data={**form, "step": "preview"},
        files={"file": ("有赞.csv", EXPORT, "text/csv")},
    )
    assert step.status_code == 200, step.text
    assert all(words in step.text for words in ("对应各列", "不导入的列：来源渠道"))
    assert not [clear for clear in ("13612345001", "韩梅梅", "小程序") if clear in step.text]
    assert '<option value="member:points" selected>积分余额</option>' in step.text
    assert table_counts(vault.database)["customers"] == 0

    columns = re.findall(r'name="column" value="([^"]+)"', step.text)
    targets = ["name", "mobile", "member:level", "member:points", "member:balance"]
    chosen = dict(zip(columns, [*targets, "history:last_visit", ""], strict=True))
    page = client.post(
        "/imports",
        data={
            **form,
            "column": list(chosen),
            "target": list(chosen.values()),
            "save_mapping": "有赞",
        },
        files={"file": ("有赞.csv", EXPORT, "text/csv")},
    )
    assert page.status_code == 200, page.text
    assert re.search(r'id="imported">1<', page.text)
    assert [m.name for m in list_mappings(vault, OPERATOR)] == ["有赞"]
