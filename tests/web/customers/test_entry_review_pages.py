"""The public registration page (/register) and the manager's entry-review page (/review):
zh and en, the unticked boxes, a double submission refused, the queue's decisions."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.entry_review import list_pending_entries
from privault.services.stores.registry import add_store, deactivate_store
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register, unique_mobile
from tests.services.customers.test_entry_review import FRONT_DESK, MANAGER
from tests.web.conftest import choose_language, sign_in, staff_account

STORE_OWNER = Actor("owner.li", frozenset({"owner"}))
_HIDDEN = re.compile(r'name="(csrf_token|form_token)" value="([^"]+)"')


def _hidden(page: str) -> dict[str, str]:
    return dict(_HIDDEN.findall(page))


def _send(client: TestClient, tokens: dict[str, str], mobile: str) -> str:
    data = {**tokens, "notice_version": "2026.1", "purposes": "service"}
    data |= {"f_name": "李雷", "f_mobile": mobile}
    response = client.post("/register", data=data)
    return f"{response.status_code} {response.text}"


def test_the_public_page_shows_the_notice_and_unticked_boxes_in_chinese_and_english(
    client: TestClient,
) -> None:
    zh = client.get("/register")
    assert zh.status_code == 200
    assert "会员登记" in zh.text
    assert "隐私政策（版本 2026.1）" in zh.text
    assert 'name="purposes"' in zh.text
    assert " checked" not in zh.text
    assert 'name="viewport" content="width=device-width' in zh.text

    choose_language(client, "en", next="/register")
    en = client.get("/register").text
    assert "Register with us" in en
    assert "I agree to:" in en


def test_a_form_sent_twice_registers_once_and_says_so(vault: Vault, client: TestClient) -> None:
    tokens = _hidden(client.get("/register").text)

    first = _send(client, tokens, unique_mobile())
    before = table_counts(vault.database)
    second = _send(client, tokens, unique_mobile())

    assert first.startswith("200")
    assert "谢谢，您已登记成功" in first
    assert second.startswith("409")
    assert "此表单已提交过" in second
    after = table_counts(vault.database)
    assert {k: v for k, v in after.items() if k not in ("rate_limits", "audit_events")} == {
        k: v for k, v in before.items() if k not in ("rate_limits", "audit_events")
    }
    [entry] = list_pending_entries(vault, MANAGER).entries
    assert entry.channel == "web"
    # The trail outlives a rejection's erasure: like the portal's, it keeps no client address.
    events = list_audit_events(vault, OPERATOR, customer_id=entry.customer_id)
    assert {(e.channel, e.client_address) for e in events} == {("portal", None)}


def test_a_bad_value_is_shown_next_to_its_field_and_the_form_stays_usable(
    client: TestClient,
) -> None:
    tokens = _hidden(client.get("/register").text)
    refused = client.post(
        "/register",
        data={**tokens, "notice_version": "2026.1", "purposes": "service", "f_mobile": "123"},
    )
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.text
    assert _hidden(refused.text)["form_token"] == tokens["form_token"]


def test_the_manager_sees_the_queue_and_the_qr_code_and_accepts_a_record(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    waiting = register(vault, FRONT_DESK, channel="web")
    corrected = register(vault, FRONT_DESK, channel="pos")
    account = staff_account(vault, "sm.zhao", ["store_manager"])
    sign_in(client, account, clock)

    page = client.get("/review")
    assert page.status_code == 200
    assert "信息审核" in page.text
    assert f'data-customer="{waiting}"' in page.text
    assert "Asia/Shanghai" in page.text
    assert 'src="data:image/svg+xml' in page.text
    assert "http://testserver/register" in client.get("/review/qr").text

    csrf = _hidden(page.text)["csrf_token"]
    done = client.post(f"/review/{waiting}/accept", data={"csrf_token": csrf})
    assert done.status_code == 200
    assert "审核结果已记录" in done.text
    form = client.get(f"/review/{corrected}/correct")
    assert form.status_code == 200
    assert 'name="f_name"' in form.text
    bad = client.post(f"/review/{corrected}/correct", data={"csrf_token": csrf, "f_mobile": "123"})
    assert bad.status_code == 422
    fixed = client.post(f"/review/{corrected}/correct", data={"csrf_token": csrf, "f_name": "张三"})
    assert fixed.status_code == 200
    assert list_pending_entries(vault, MANAGER).entries == []


def test_the_front_desk_may_not_open_the_queue(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "fd.zhao", ["front_desk"]), clock)
    assert client.get("/review").status_code == 403
    assert client.get("/review/qr").status_code == 403


def test_each_store_has_its_own_code_and_a_customer_registers_with_the_store_scanned(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    add_store(vault, STORE_OWNER, "east", {"name": "东门店", "name_en": "East Gate"})
    sign_in(client, staff_account(vault, "sm.qian", ["store_manager"]), clock)
    qr = client.get("/review/qr?store=east")
    assert qr.status_code == 200
    assert "http://testserver/register?store=east" in qr.text
    assert 'data-store="east">东门店' in qr.text
    assert 'href="/review/qr">默认门店（main）' in qr.text  # and the default store's
    unknown = client.get("/review/qr?store=nowhere")
    assert unknown.status_code == 404
    assert "没有代码为 nowhere 的营业中门店" in unknown.text
    client.cookies.clear()

    page = client.get("/register?store=east")
    assert 'data-store="east">东门店' in page.text
    assert "(east)" not in page.text  # the customer reads the store's name, not its code
    sent = _send(client, _hidden(page.text), unique_mobile())
    assert sent.startswith("200")
    east = Actor("sm.east", frozenset({"store_manager"}), frozenset({"east"}))
    [entry] = list_pending_entries(vault, east).entries
    assert entry.store == "east"
    assert list_pending_entries(vault, MANAGER).entries == []  # main's manager: not theirs


def test_a_registration_link_to_no_open_store_or_a_token_moved_to_another_is_refused(
    vault: Vault, client: TestClient
) -> None:
    add_store(vault, STORE_OWNER, "east", {"name": "东门店"})
    missing = client.get("/register?store=west")
    assert missing.status_code == 404
    assert "此登记链接指向的门店不存在或已停业" in missing.text
    assert 'name="form_token"' not in missing.text

    tokens = _hidden(client.get("/register?store=east").text)
    moved = {**tokens, "form_token": tokens["form_token"].replace("@east.", "@main.")}
    assert moved != tokens
    before = table_counts(vault.database)["customers"]
    assert _send(client, moved, unique_mobile()).startswith("403")
    deactivate_store(vault, STORE_OWNER, "east")
    closed = _send(client, tokens, unique_mobile())
    assert closed.startswith("404")
    assert "此登记链接指向的门店不存在或已停业" in closed
    assert table_counts(vault.database)["customers"] == before
