"""The duplicates page: the store manager sees a pair side by side, masked, in Chinese with the
shop's zone named, and scans through the form; the desk has no such page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import choose_language, form_token, sign_in, staff_account


def _pair(vault: Vault, operator: Actor) -> list[str]:
    first = register(vault, operator, {"name": "林晓雯", "mobile": "13800138000"})
    second = register(vault, operator, {"name": "林晓雯", "mobile": "13800138001"})
    return sorted([first, second])


def test_the_manager_sees_the_pair_masked_side_by_side_and_scans(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    first, second = _pair(vault, operator)
    sign_in(client, staff_account(vault, "mgr.wang", ["store_manager"]), clock)
    choose_language(client, "zh", "/duplicates")

    page = client.get("/duplicates")

    assert page.status_code == 200
    assert f'data-pair="{first} {second}"' in page.text
    assert "姓名相同，手机号仅差一位" in page.text
    assert "13800138000" not in page.text
    assert "林晓雯" not in page.text
    assert "2026-11-23 17:30 (Asia/Shanghai)" in page.text
    assert 'href="/duplicates"' in client.get("/").text

    token = form_token(client, "/duplicates")
    done = client.post("/duplicates/scan", data={"csrf_token": token}, follow_redirects=False)
    assert (done.status_code, done.headers["location"]) == (303, "/duplicates?scanned=0")
    assert "扫描完成：新发现 0 对。" in client.get("/duplicates?scanned=0").text


def test_the_desk_has_no_duplicates_page(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "desk.li", ["front_desk"]), clock)
    assert client.get("/duplicates").status_code == 403
    assert 'href="/duplicates"' not in client.get("/").text


def test_the_manager_merges_through_the_form_and_undoes_it(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    first, second = _pair(vault, operator)
    sign_in(client, staff_account(vault, "mgr.zhao", ["store_manager"]), clock)
    choose_language(client, "zh", "/duplicates")
    token = form_token(client, "/duplicates")
    form = {"csrf_token": token, "first": first, "second": second, "survivor": second}
    refused = client.post("/duplicates/merge", data={**form, "keep_mobile": "x", "keep_age": "x"})
    assert refused.status_code == 422
    assert "不是双方都有的字段" in refused.text

    done = client.post(
        "/duplicates/merge",
        data={**form, "keep_name": first, "keep_mobile": first},
        follow_redirects=False,
    )
    assert (done.status_code, done.headers["location"]) == (
        303,
        "/duplicates?done=duplicates_merged#merges",
    )
    page = client.get("/duplicates")
    assert f'data-merge="{first}"' in page.text
    assert page.text.count('id="merges"') == 1  # the list once, in the page, not in its title
    assert "<h2" not in page.text.split("</title>")[0]
    assert "2026-12-23 17:30 (Asia/Shanghai)" in page.text

    undone = client.post(
        "/duplicates/unmerge", data={"csrf_token": token, "merged": first}, follow_redirects=False
    )
    assert undone.status_code == 303
    assert 'data-merge="' not in client.get("/duplicates").text
