"""The console's customer pages: search, the masked profile, reveal with a purpose, the edit
form, registration, consent withdrawal and import, each through the services' policy."""

from __future__ import annotations

import re

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Action
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import list_consents
from privault.services.customers.records import get_customer
from privault.services.vault import Vault
from privault.web.explain import translate
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import EVERYTHING_SALON, MEMBER, register
from tests.web.conftest import ADMIN, form_token, sign_in, staff_account

MOBILE = "13812345678"
XSS = "<script>alert(1)</script>"
BAD_MOBILE = translate(
    "zh",
    "not a valid mobile number: expected 11 digits starting 13-19, optionally with +86, "
    "or an international mobile number starting with + and its country code",
)


@pytest.fixture
def desk(vault: Vault, client: TestClient, clock: FrozenClock) -> TestClient:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    return client


@pytest.fixture
def member(vault: Vault) -> str:
    values = {
        "name": "张三丰",
        "mobile": MOBILE,
        "email": "zhangsan@example.com",
        "member_no": "VIP-0001",
    }
    return register(vault, OPERATOR, values, (*MEMBER, "marketing_sms"))


def _events(vault: Vault, action: Action) -> list[tuple[str, str | None, str | None]]:
    return [
        (e.outcome.value, e.purpose, e.reason)
        for e in list_audit_events(vault, ADMIN, limit=1000)
        if e.action == action
    ]


def search(client: TestClient, by: str, value: str) -> httpx.Response:
    """The search form: a POST with the page's token, so the value stays out of the URL."""
    data = {"csrf_token": form_token(client, "/"), "by": by, "value": value}
    return client.post("/customers", data=data)


def test_the_front_desk_finds_a_customer_by_mobile_and_sees_masked_values_only(
    desk: TestClient, member: str
) -> None:
    page = search(desk, "mobile", "+86 138-1234-5678")
    assert page.status_code == 200
    assert "138****5678" in page.text
    assert "张*丰" in page.text
    assert MOBILE not in page.text
    assert f'href="/customers/{member}"' in page.text


def test_the_result_list_records_as_seen_only_the_columns_it_shows(
    vault: Vault, desk: TestClient, member: str
) -> None:
    assert search(desk, "mobile", MOBILE).status_code == 200
    searches = [
        e.fields
        for e in list_audit_events(vault, ADMIN, customer_id=member)
        if e.action == Action.SEARCH
    ]
    assert searches == [("member_no", "mobile", "name")]  # not the email it does not show


@pytest.mark.parametrize(
    ("by", "value"),
    [("mobile_tail", "5678"), ("email", "ZhangSan@example.com"), ("member_no", "VIP-0001")],
)
def test_a_customer_is_found_by_mobile_tail_email_or_member_number(
    desk: TestClient, member: str, by: str, value: str
) -> None:
    page = search(desk, by, value)
    assert page.status_code == 200
    assert f'href="/customers/{member}"' in page.text


def test_a_search_with_a_bad_tail_shows_the_reason_in_chinese(desk: TestClient) -> None:
    page = search(desk, "mobile_tail", "56")
    assert page.status_code == 422
    assert "请输入手机号的最后四位数字" in page.text


def test_the_surname_box_narrows_a_tail_search_and_the_pages_keep_it(
    vault: Vault, desk: TestClient, member: str
) -> None:
    other = register(vault, OPERATOR, {"name": "李四", "mobile": "13912345678"})
    data = {"csrf_token": form_token(desk, "/"), "by": "mobile_tail", "value": "5678"}
    page = desk.post("/customers", data=data | {"surname": "张*丰"})
    assert page.status_code == 200
    assert f'href="/customers/{member}"' in page.text
    assert f'href="/customers/{other}"' not in page.text
    assert 'name="surname" value="张*丰"' in page.text  # shown back, never in a URL
    both = desk.post("/customers", data=data)
    assert f'href="/customers/{other}"' in both.text
    by_surname = search(desk, "name_surname", "张")
    assert f'href="/customers/{member}"' in by_surname.text
    assert '<option value="name_surname"' in by_surname.text
    refused = desk.post("/customers", data=data | {"surname": "张三丰"})
    assert refused.status_code == 422
    assert "请只输入姓氏" in refused.text
    reasons = [e.reason for e in list_audit_events(vault, ADMIN, customer_id=member)]
    assert "found by mobile_tail and surname" in reasons


def test_a_marketing_user_gets_403_and_never_a_customer_list(
    vault: Vault, client: TestClient, clock: FrozenClock, member: str
) -> None:
    sign_in(client, staff_account(vault, "ma.li", ["marketing"]), clock)
    assert 'href="/customers"' not in client.get("/").text
    page = search(client, "mobile", MOBILE)
    assert page.status_code == 403
    assert "138****5678" not in page.text
    assert member not in page.text
    assert client.get(f"/customers/{member}").status_code == 403
    assert ("denied", None, "role marketing may not customer.search") in _events(
        vault, Action.SEARCH
    )


def test_the_profile_shows_masked_values_with_a_reveal_dialog_per_field(
    desk: TestClient, member: str
) -> None:
    page = desk.get(f"/customers/{member}")
    assert page.status_code == 200
    assert "138****5678" in page.text
    assert "z*******@example.com" in page.text
    assert MOBILE not in page.text
    # The front desk may reveal contact fields only: name and member number get no dialog.
    assert page.text.count(f'hx-post="/customers/{member}/reveal"') == 2
    assert "<script>" not in page.text.split("</head>")[1]  # no inline script


def test_a_reveal_with_a_purpose_answers_the_clear_value_and_is_audited(
    vault: Vault, desk: TestClient, member: str
) -> None:
    token = form_token(desk, f"/customers/{member}")
    answer = desk.post(
        f"/customers/{member}/reveal",
        data={"field": "mobile", "purpose": "service", "note": "confirm the booking"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert MOBILE in answer.text
    assert "<html" not in answer.text  # a fragment for the dialog
    assert ("allowed", "service", "confirm the booking") in _events(vault, Action.REVEAL)


def test_the_reveal_dialog_offers_the_purposes_the_field_serves_and_marks_those_not_given(
    desk: TestClient, member: str
) -> None:
    page = desk.get(f"/customers/{member}").text
    email = page.split('id="row-email"')[1].split("</details>")[0]
    options = re.findall(r'<option value="(\w*)"[^>]*>([^<]*)</option>', email)
    assert [key for key, _ in options] == ["", "membership", "marketing_email"]
    assert "未同意" in dict(options)["marketing_email"]  # this member gave no email consent
    assert "未同意" not in dict(options)["membership"]


@pytest.mark.legal("PIPL Art. 13")
def test_a_reveal_for_a_purpose_the_customer_never_agreed_to_is_refused_in_chinese(
    vault: Vault, desk: TestClient, member: str
) -> None:
    token = form_token(desk, f"/customers/{member}")
    answer = desk.post(
        f"/customers/{member}/reveal",
        data={"field": "email", "purpose": "marketing_email"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert answer.status_code == 403
    assert "该客户未同意「邮件营销」" in answer.text  # the purpose by its name
    assert "zhangsan@example.com" not in answer.text
    assert ("denied", "marketing_email") in [e[:2] for e in _events(vault, Action.REVEAL)]


def test_a_reveal_without_a_purpose_is_refused_in_the_dialog(
    vault: Vault, desk: TestClient, member: str
) -> None:
    token = form_token(desk, f"/customers/{member}")
    answer = desk.post(
        f"/customers/{member}/reveal",
        data={"field": "mobile", "purpose": "  "},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert answer.status_code == 403
    assert MOBILE not in answer.text
    assert "查看明文必须说明目的" in answer.text
    assert [e for e in _events(vault, Action.REVEAL) if e[0] == "allowed"] == []


def test_a_bad_value_in_the_edit_form_is_shown_next_to_its_field_with_the_values_kept(
    vault: Vault, desk: TestClient, member: str
) -> None:
    token = form_token(desk, f"/customers/{member}")
    before = table_counts(vault.database)
    page = desk.post(
        f"/customers/{member}",
        data={
            "csrf_token": token,
            "f_mobile": "12812345678",
            "f_address": "深圳市南山区科技园路1号",
        },
    )
    assert page.status_code == 422
    field = re.search(r'<div class="field invalid">.*?</div>', page.text, re.S)
    assert field
    assert 'name="f_mobile" value="12812345678"' in field.group(0)
    assert BAD_MOBILE in field.group(0)
    assert 'value="深圳市南山区科技园路1号"' in page.text
    after = table_counts(vault.database)
    assert {k: v for k, v in after.items() if k != "audit_events"} == {
        k: v for k, v in before.items() if k != "audit_events"
    }
    view = get_customer(vault, OPERATOR, member)
    assert (view.fields["mobile"], "address" in view.fields) == ("138****5678", False)


def test_a_good_change_is_saved_and_the_profile_shows_it_masked(
    vault: Vault, desk: TestClient, member: str
) -> None:
    token = form_token(desk, f"/customers/{member}")
    response = desk.post(
        f"/customers/{member}",
        data={"csrf_token": token, "f_mobile": "13900001111"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "139****1111" in desk.get(response.headers["location"]).text
    assert get_customer(vault, OPERATOR, member).fields["mobile"] == "139****1111"


def test_registration_shows_the_notice_and_one_unticked_box_per_purpose(
    desk: TestClient,
) -> None:
    page = desk.get("/customers/new")
    assert page.status_code == 200
    assert "2026.1" in page.text
    assert "个人信息处理者" in page.text
    boxes = re.findall(r'<input type="checkbox" name="purposes" value="(\w+)"([^>]*)>', page.text)
    # Publishing service photos has its own box too (separate consent, issue 15).
    assert sorted(k for k, _ in boxes) == sorted((*EVERYTHING_SALON, "photo_publication"))
    assert all("checked" not in rest for _, rest in boxes)
    assert page.text.index('value="sensitive_care"') > page.text.index("单独同意")
    assert 'name="f_allergies"' in page.text
    assert 'name="guardian_name"' in page.text
    assert 'name="f_id_number"' not in page.text  # no purpose of a salon justifies it


def test_a_registration_with_a_bad_mobile_shows_the_error_and_keeps_what_was_entered(
    vault: Vault, desk: TestClient
) -> None:
    token = form_token(desk, "/customers/new")
    before = table_counts(vault.database)
    page = desk.post(
        "/customers/new",
        data={
            "csrf_token": token,
            "notice_version": "2026.1",
            "purposes": ["service", "marketing_sms"],
            "f_name": "李四",
            "f_mobile": "1381234567",
        },
    )
    assert page.status_code == 422
    assert 'name="f_name" value="李四"' in page.text
    assert 'name="f_mobile" value="1381234567"' in page.text
    assert re.search(r'value="marketing_sms" checked', page.text)
    assert BAD_MOBILE in page.text
    assert table_counts(vault.database)["customers"] == before["customers"]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"f_name": "王五"}, "purposes", "请至少选择一项顾客同意的目的"),
        (
            {"purposes": ["service"], "f_name": "王五", "f_allergies": "染发剂"},
            "f_allergies",
            "需要顾客单独同意",
        ),
        (
            {"purposes": ["membership"], "f_name": "王小五", "f_birth_date": "2016-05-01"},
            "guardian_name",
            "顾客未满 14 周岁：须由监护人同意",
        ),
    ],
)
def test_registration_refusals_are_shown_next_to_the_field_at_fault(
    vault: Vault, desk: TestClient, data: dict[str, object], field: str, message: str
) -> None:
    token = form_token(desk, "/customers/new")
    page = desk.post(
        "/customers/new", data={"csrf_token": token, "notice_version": "2026.1", **data}
    )
    assert page.status_code == 422
    assert message in page.text
    assert table_counts(vault.database)["customers"] == 0
    # The last mention is next to the field (the first is in the summary at the top).
    near = page.text[page.text.rindex(message) - 2500 : page.text.rindex(message)]
    assert f'name="{field}"' in near


def test_a_refusal_with_variable_parts_reads_wholly_in_chinese_with_its_values_filled_in(
    vault: Vault, desk: TestClient
) -> None:
    token = form_token(desk, "/customers/new")
    data = {"purposes": ["service"], "f_name": "王五", "f_allergies": "染发剂"}
    page = desk.post(
        "/customers/new", data={"csrf_token": token, "notice_version": "2026.1", **data}
    )
    assert page.status_code == 422
    assert "收集此项需要顾客单独同意以下目的之一：敏感个人信息关怀" in page.text
    assert "collecting it needs" not in page.text
    assert "{purposes}" not in page.text
    assert table_counts(vault.database)["customers"] == 0


def test_a_registration_with_sensitive_consent_lands_on_the_new_profile(
    vault: Vault, desk: TestClient
) -> None:
    token = form_token(desk, "/customers/new")
    response = desk.post(
        "/customers/new",
        data={
            "csrf_token": token,
            "notice_version": "2026.1",
            "purposes": ["service", "sensitive_care"],
            "f_name": "赵六",
            "f_mobile": "13700001234",
            "f_allergies": "染发剂",
            "channel": "store",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    customer_id = response.headers["location"].split("?")[0].rsplit("/", 1)[1]
    purposes = {r.purpose for r in list_consents(vault, OPERATOR, customer_id)}
    assert purposes == {"service", "sensitive_care"}
    assert "137****1234" in desk.get(response.headers["location"]).text


def test_withdrawing_a_consent_takes_one_button_and_a_confirm_and_deletes_what_only_it_justified(
    vault: Vault, desk: TestClient, member: str
) -> None:
    page = desk.get(f"/customers/{member}/consents")
    assert page.status_code == 200
    assert page.text.count(f'action="/customers/{member}/consents/withdraw"') == 3
    token = form_token(desk, f"/customers/{member}/consents")
    # It deletes the email: the confirmation page says so first (issue 18 point 5).
    asked = desk.post(
        f"/customers/{member}/consents/withdraw",
        data={"csrf_token": token, "purpose": "membership"},
    )
    assert "<li>电子邮箱</li>" in asked.text
    response = desk.post(
        f"/customers/{member}/consents/withdraw",
        data={"csrf_token": token, "purpose": "membership", "confirmed": "yes"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = desk.get(response.headers["location"])
    assert "已撤回同意：会员服务" in after.text
    assert "电子邮箱" in after.text  # deleted: only membership and email marketing justified it
    view = get_customer(vault, OPERATOR, member)
    assert "membership" not in view.purposes
    assert "email" not in view.fields
    assert "mobile" in view.fields


def test_an_import_with_rejects_reports_them_and_offers_the_reasons_without_values(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "wang.wu", ["store_manager"]), clock)
    token = form_token(client, "/imports")
    csv = "姓名,手机号\n张三,13812340001\n李四,12345\n王五,13812340003\n".encode()
    page = client.post(
        "/imports",
        data={"csrf_token": token, "notice_version": "2026.1", "purposes": ["service"]},
        files={"file": ("customers.csv", csv, "text/csv")},
    )
    assert page.status_code == 200, page.text
    assert re.search(r'id="imported">2<', page.text)
    assert re.search(r'id="rejected">1<', page.text)
    link = re.search(r'href="(/imports/[0-9a-f]+/rejects\.csv)"', page.text)
    assert link
    rejects = client.get(link.group(1))
    assert rejects.status_code == 200
    body = rejects.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "row,column,reason"
    assert body.splitlines()[1].startswith("3,手机号,")
    assert "12345" not in body
    assert table_counts(vault.database)["customers"] == 2


def test_an_import_without_a_file_type_it_can_read_is_refused_next_to_the_file(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "wang.wu", ["store_manager"]), clock)
    token = form_token(client, "/imports")
    page = client.post(
        "/imports",
        data={"csrf_token": token, "notice_version": "2026.1", "purposes": ["service"]},
        files={"file": ("customers.txt", b"x", "text/plain")},
    )
    assert page.status_code == 422
    assert "请选择 .csv 或 .xlsx 文件" in page.text


def test_a_script_in_a_text_field_is_rendered_escaped(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "wang.wu", ["store_manager"]), clock)
    customer = register(
        vault,
        OPERATOR,
        {"name": "张三", "mobile": MOBILE, "allergies": XSS},
        ("service", "sensitive_care"),
    )
    token = form_token(client, f"/customers/{customer}")
    answer = client.post(
        f"/customers/{customer}/reveal",
        data={"field": "allergies", "purpose": "sensitive_care"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in answer.text
    assert XSS not in answer.text
    page = client.post(
        "/customers/new",
        data={"csrf_token": token, "notice_version": "2026.1", "f_name": XSS, "f_email": XSS},
    )
    assert page.status_code == 422
    assert XSS not in page.text
    assert "&lt;script&gt;" in page.text


def test_a_forged_withdrawal_is_refused_audited_and_changes_nothing(
    vault: Vault, desk: TestClient, member: str
) -> None:
    desk.get(f"/customers/{member}/consents")
    before = table_counts(vault.database)
    response = desk.post(
        f"/customers/{member}/consents/withdraw",
        data={"csrf_token": "forged", "purpose": "marketing_sms"},
    )
    assert response.status_code == 403
    after = table_counts(vault.database)
    assert after["consent_events"] == before["consent_events"]
    assert after["audit_events"] == before["audit_events"] + 1
    assert "marketing_sms" in get_customer(vault, OPERATOR, member).purposes
    assert (
        "denied",
        None,
        f"POST /customers/{member}/consents/withdraw: no genuine form token",
    ) in _events(vault, Action.FORGED_REQUEST)
