"""The customer privacy portal: signing in with a code from the SMS outbox, seeing, copying and
correcting one's own data, consents, requests, unsubscribe links, and that a customer reaches
no one else's record, whatever id a URL or form names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.audit import AuditEvent, Outcome
from privault.domain.policy import Action, Actor
from privault.infra.sms import FileOutbox
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import get_customer
from privault.services.portal.sign_in import CODE_REQUESTS_PER_CLIENT, CODE_REQUESTS_PER_CONTACT
from privault.services.portal.unsubscribe import unsubscribe_link, unsubscribe_token
from privault.services.requests.handling import list_requests
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register, unique_mobile
from tests.infra.printing import poppler
from tests.web.conftest import form_token

AUDITOR = Actor("auditor.test", frozenset({"auditor"}))
MARKETING = ("service", "membership", "marketing_sms", "marketing_email")
XSS = "<script>alert(1)</script>"
_CODE = re.compile(r"\b(\d{6})\b")


@pytest.fixture
def mobile() -> str:
    return unique_mobile()


@pytest.fixture
def customer(vault: Vault, operator: Actor, mobile: str) -> str:
    values = {"name": "张三丰", "mobile": mobile, "email": "zhang@example.com"}
    return register(vault, operator, values, MARKETING)


@pytest.fixture
def other(vault: Vault, operator: Actor) -> str:
    values = {"name": "李四", "mobile": unique_mobile(), "email": "li.si@example.com"}
    return register(vault, operator, values, MARKETING)


def outbox(vault: Vault) -> FileOutbox:
    assert isinstance(vault.sms, FileOutbox)
    return vault.sms


def last_code(vault: Vault) -> str:
    found = _CODE.search(outbox(vault).messages()[-1]["text"])
    assert found
    return found.group(1)


def ask_for_code(client: TestClient, contact: str) -> str:
    token = form_token(client, "/portal/sign-in")
    response = client.post("/portal/sign-in", data={"csrf_token": token, "contact": contact})
    return response.text if response.status_code == 200 else f"{response.status_code}"


def enter_code(client: TestClient, contact: str, code: str) -> int:
    token = form_token(client, "/portal/sign-in")
    response = client.post(
        "/portal/sign-in/code",
        data={"csrf_token": token, "contact": contact, "code": code},
        follow_redirects=False,
    )
    return response.status_code


def portal_sign_in(client: TestClient, vault: Vault, contact: str) -> None:
    ask_for_code(client, contact)
    assert enter_code(client, contact, last_code(vault)) == 303


def events(vault: Vault, customer_id: str | None = None) -> list[AuditEvent]:
    return list_audit_events(vault, AUDITOR, customer_id=customer_id, limit=500)


def post(client: TestClient, path: str, data: dict[str, str]) -> int:
    token = form_token(client, "/portal/me")
    response = client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
    return response.status_code


def consents_of(vault: Vault, customer_id: str) -> set[str]:
    return set(get_customer(vault, OPERATOR, customer_id).purposes)


def test_the_privacy_notice_is_public_and_chinese_by_default(
    client: TestClient, customer: str
) -> None:
    page = client.get("/portal")
    assert page.status_code == 200
    assert "隐私政策" in page.text
    assert "个人信息处理者" in page.text
    english = client.get("/portal", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Who processes your information" in english.text


def test_the_portal_puts_sign_in_first_and_the_notice_one_tap_below(
    client: TestClient, customer: str
) -> None:
    page = client.get("/portal").text

    sign_in_form = page.index('action="/portal/sign-in"')
    assert sign_in_form < page.index('id="notice"') < page.index("个人信息处理者")
    assert page.index('href="#notice"') < page.index('id="notice"')


def test_a_customer_signs_in_with_the_code_sent_to_the_phone_on_file(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    ask_for_code(client, mobile)
    sent = outbox(vault).messages()
    assert [m["to"] for m in sent] == [mobile]
    assert sent[0]["text"].startswith("【三丰美发工作室】")  # signed by the shop, not privault
    token = form_token(client, "/portal/sign-in")
    response = client.post(
        "/portal/sign-in/code",
        data={"csrf_token": token, "contact": mobile, "code": last_code(vault)},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/portal/me")
    cookie = response.headers["set-cookie"].lower()
    assert "privault_portal=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    page = client.get("/portal/me")
    assert page.status_code == 200
    assert f"{mobile[:3]}****{mobile[-4:]}" in page.text
    assert mobile not in page.text
    actions = {(e.actor, e.action, e.outcome) for e in events(vault, customer)}
    assert (f"customer:{customer}", "portal.sign_in", Outcome.ALLOWED) in actions
    assert (f"customer:{customer}", Action.VIEW_MASKED.value, Outcome.ALLOWED) in actions


def test_a_wrong_code_is_refused_and_counts_against_the_code(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    ask_for_code(client, mobile)
    right = last_code(vault)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    assert enter_code(client, mobile, wrong) == 401
    assert client.cookies.get("privault_portal") is None
    # No service shows a code's attempt count (only its hash and counter are kept).
    with vault.unit_of_work() as uow:
        sent = uow.portal_sessions.latest_sign_in_code(customer)
    assert sent is not None
    assert sent.attempts == 1
    denied = [e for e in events(vault, customer) if e.outcome is Outcome.DENIED]
    assert [e.reason for e in denied] == ["wrong code"]


def test_a_code_dies_after_five_wrong_guesses(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    ask_for_code(client, mobile)
    right = last_code(vault)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert enter_code(client, mobile, wrong) == 401
    assert enter_code(client, mobile, right) == 401


def test_an_expired_code_is_refused_even_when_right(
    client: TestClient, vault: Vault, clock: FrozenClock, customer: str, mobile: str
) -> None:
    ask_for_code(client, mobile)
    clock.advance(minutes=11)
    assert enter_code(client, mobile, last_code(vault)) == 401
    assert table_counts(vault.database)["portal_sessions"] == 0


def test_a_code_signs_in_once(client: TestClient, vault: Vault, customer: str, mobile: str) -> None:
    ask_for_code(client, mobile)
    code = last_code(vault)
    assert enter_code(client, mobile, code) == 303
    assert enter_code(client, mobile, code) == 401


def test_the_pages_never_say_whether_a_number_is_on_file(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    stranger = unique_mobile()
    known = ask_for_code(client, mobile).replace(mobile, "NUMBER")
    unknown = ask_for_code(client, stranger).replace(stranger, "NUMBER")
    assert known == unknown
    assert [m["to"] for m in outbox(vault).messages()] == [mobile]
    wrong_code = _CODE.search(outbox(vault).messages()[-1]["text"])
    assert wrong_code
    token = form_token(client, "/portal/sign-in")
    texts = [
        client.post(
            "/portal/sign-in/code", data={"csrf_token": token, "contact": who, "code": "000000"}
        )
        for who in (mobile, stranger)
    ]
    assert [r.status_code for r in texts] == [401, 401]
    assert texts[0].text.replace(mobile, "N") == texts[1].text.replace(stranger, "N")


def test_code_requests_are_limited_per_number(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    for _ in range(CODE_REQUESTS_PER_CONTACT):
        assert "NUMBER" not in ask_for_code(client, mobile)
    assert ask_for_code(client, mobile) == "429"
    assert len(outbox(vault).messages()) == CODE_REQUESTS_PER_CONTACT


def test_code_requests_are_limited_per_client_address(client: TestClient, vault: Vault) -> None:
    for _ in range(CODE_REQUESTS_PER_CLIENT):
        assert ask_for_code(client, unique_mobile()) != "429"
    assert ask_for_code(client, unique_mobile()) == "429"


def test_portal_pages_send_an_anonymous_visitor_to_sign_in(client: TestClient) -> None:
    for path in ("/portal/me", "/portal/me/copy", "/portal/me/consents", "/portal/me/requests"):
        response = client.get(path, follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/portal/sign-in")


def test_a_portal_session_ends_after_thirty_minutes(
    client: TestClient, vault: Vault, clock: FrozenClock, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    clock.advance(minutes=31)
    assert client.get("/portal/me", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    session = client.cookies.get("privault_portal")
    assert post(client, "/portal/sign-out", {}) == 303
    client.cookies.set("privault_portal", session or "")
    assert client.get("/portal/me", follow_redirects=False).status_code == 303


def test_a_customer_reveals_their_own_value_and_the_reveal_is_audited(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me")
    page = client.post(
        "/portal/me/reveal",
        data={"csrf_token": token, "customer_id": customer, "field": "mobile"},
    )
    assert page.status_code == 200
    assert mobile in page.text
    reveal = [e for e in events(vault, customer) if e.action == Action.REVEAL.value]
    assert [(e.actor, e.fields) for e in reveal] == [(f"customer:{customer}", ("mobile",))]


def test_a_customer_downloads_a_copy_of_their_data_as_an_attachment(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    response = client.get("/portal/me/copy")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    document = json.loads(response.content)
    assert document["customer_id"] == customer
    assert {f["key"]: f["value"] for f in document["fields"]}["mobile"] == mobile
    copies = [e for e in events(vault, customer) if e.action == Action.EXPORT_DOWNLOAD.value]
    assert [e.actor for e in copies] == [f"customer:{customer}"]


def test_the_copy_also_comes_as_a_readable_pdf_and_a_csv_table(
    client: TestClient, vault: Vault, customer: str, mobile: str, tmp_path: Path
) -> None:
    portal_sign_in(client, vault, mobile)
    pdf = client.get("/portal/me/copy?format=pdf", headers={"Accept-Language": "zh-CN"})
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].endswith('.pdf"')
    words = poppler.text(pdf.content, tmp_path)
    assert "我的个人信息副本" in words
    assert mobile in words  # the customer's own values, in clear, as in the JSON copy
    assert ("服务履行" in words and "您的同意" in words) or "履行与您的合同所必需" in words
    table = client.get("/portal/me/copy?format=csv")
    assert table.headers["content-type"].startswith("text/csv")
    assert mobile in table.content.decode("utf-8-sig")
    refused = client.get("/portal/me/copy?format=xml")
    assert refused.status_code == 422
    copies = [e for e in events(vault, customer) if e.action == Action.EXPORT_DOWNLOAD.value]
    assert sorted((e.reason or "")[-5:] for e in copies) == ["(csv)", "(pdf)"]


def test_customer_a_cannot_read_or_change_customer_b_by_any_url_or_form_field(
    client: TestClient, vault: Vault, customer: str, other: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    before = table_counts(vault.database)
    reads = [
        f"/portal/me?customer_id={other}",
        f"/portal/me/copy?customer_id={other}",
        f"/portal/me/consents?customer_id={other}",
        f"/portal/me/requests?customer_id={other}",
    ]
    for path in reads:
        response = client.get(path)
        assert response.status_code == 403, path
        assert "李" not in response.text
        assert "您只能查看和更改您本人的信息" in response.text
    writes = {
        "/portal/me/reveal": {"field": "mobile"},
        "/portal/me/correct": {"field.name": "王五"},
        "/portal/me/consents/withdraw": {"purpose": "marketing_sms"},
        "/portal/me/consents/give": {"purpose": "personalisation"},
        "/portal/me/requests": {"type": "deletion"},
    }
    for path, data in writes.items():
        assert post(client, path, {"customer_id": other, **data}) == 403, path
    after = table_counts(vault.database)
    assert {k: v for k, v in after.items() if k != "audit_events"} == {
        k: v for k, v in before.items() if k != "audit_events"
    }
    assert consents_of(vault, other) == set(MARKETING)
    refused = [e for e in events(vault, other) if e.outcome is Outcome.DENIED]
    assert len(refused) == len(reads) + len(writes)
    assert {e.actor for e in refused} == {f"customer:{customer}"}


def test_a_refused_form_shows_the_portals_refusal_page_in_the_customers_frame(
    client: TestClient, vault: Vault, customer: str, other: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me")
    data = {"csrf_token": token, "customer_id": other, "type": "deletion"}
    response = client.post("/portal/me/requests", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert "您只能查看和更改您本人的信息" in response.text
    assert 'action="/portal/sign-out"' in response.text  # the signed-in customer's menu
    assert 'href="/portal/me/requests"' in response.text


def test_a_customer_withdraws_marketing_consent_in_one_step_and_gives_it_in_one(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    page = client.get("/portal/me/consents")
    assert "撤回同意" in page.text
    assert (
        post(
            client,
            "/portal/me/consents/withdraw",
            {"customer_id": customer, "purpose": "marketing_sms"},
        )
        == 303
    )
    assert "marketing_sms" not in consents_of(vault, customer)
    assert "您的同意已撤回" in client.get("/portal/me/consents?done=withdrawn").text
    assert (
        post(
            client,
            "/portal/me/consents/give",
            {"customer_id": customer, "purpose": "marketing_sms"},
        )
        == 303
    )
    assert "marketing_sms" in consents_of(vault, customer)
    ledger = [e for e in events(vault, customer) if e.action == Action.CONSENT.value]
    assert {e.actor for e in ledger} == {f"customer:{customer}"}
    assert len(ledger) == 2


def test_a_correction_is_validated_like_registration_with_the_error_next_to_the_field(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me")
    response = client.post(
        "/portal/me/correct",
        data={
            "csrf_token": token,
            "customer_id": customer,
            "field.name": XSS,
            "field.email": "new@example.com",
        },
    )
    assert response.status_code == 422
    assert 'id="error-name"' in response.text
    assert "姓名无效" in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert XSS not in response.text
    assert 'value="new@example.com"' in response.text
    assert (
        post(
            client,
            "/portal/me/correct",
            {"customer_id": customer, "field.email": "new@example.com"},
        )
        == 303
    )
    token = form_token(client, "/portal/me")
    shown = client.post(
        "/portal/me/reveal", data={"csrf_token": token, "customer_id": customer, "field": "email"}
    )
    assert "new@example.com" in shown.text


def test_a_correction_refused_with_a_limit_names_the_limit_in_chinese(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me")
    data = {"csrf_token": token, "customer_id": customer, "field.name": "李" * 65}
    response = client.post("/portal/me/correct", data=data)
    assert response.status_code == 422
    assert "太长：最多 64 个字符" in response.text
    assert "is too long" not in response.text
    assert "无法接受该内容" not in response.text  # not the general sentence either


def test_a_correction_never_names_the_customer_who_holds_the_value(
    client: TestClient, vault: Vault, customer: str, other: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me")
    response = client.post(
        "/portal/me/correct",
        data={"csrf_token": token, "customer_id": customer, "field.email": "li.si@example.com"},
    )
    assert response.status_code == 422
    assert other not in response.text
    assert "已登记在其他顾客名下" in response.text


def test_a_customer_opens_a_deletion_request_and_follows_its_due_date(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    data = {"customer_id": customer, "type": "deletion", "note": XSS}
    assert post(client, "/portal/me/requests", data) == 303
    page = client.get("/portal/me/requests")
    assert "删除我的信息" in page.text
    assert "2026-12-23" in page.text  # 30 days under the Chinese clock
    opened = list_requests(vault, OPERATOR, customer_id=customer)
    # Signing in with a code to the phone on file is the verification staff would ask for.
    assert [(r.type, r.channel, r.opened_by, r.status, r.verification) for r in opened] == [
        ("deletion", "portal", f"customer:{customer}", "identity_verified", "code")
    ]


def test_a_bad_request_type_is_shown_again_with_the_note_escaped(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    token = form_token(client, "/portal/me")
    response = client.post(
        "/portal/me/requests",
        data={"csrf_token": token, "customer_id": customer, "type": "nonsense", "note": XSS},
    )
    assert response.status_code == 422
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert XSS not in response.text


def test_a_forged_portal_form_is_refused_audited_and_changes_nothing(
    client: TestClient, vault: Vault, customer: str, mobile: str
) -> None:
    portal_sign_in(client, vault, mobile)
    response = client.post(
        "/portal/me/consents/withdraw",
        data={"csrf_token": "forged", "customer_id": customer, "purpose": "marketing_sms"},
    )
    assert response.status_code == 403
    assert "marketing_sms" in consents_of(vault, customer)
    forged = [e for e in events(vault) if e.action == Action.FORGED_REQUEST.value]
    assert len(forged) == 1


def test_an_unsubscribe_link_withdraws_that_channel_in_one_step_without_signing_in(
    client: TestClient, vault: Vault, customer: str
) -> None:
    link = unsubscribe_link(vault, customer, "marketing_sms")
    page = client.get(link)
    assert page.status_code == 200
    assert "不再接收我们的营销短信" in page.text
    assert "marketing_sms" in consents_of(vault, customer)  # showing the link changes nothing
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    done = client.post(link, data={"csrf_token": token.group(1)})
    assert done.status_code == 200
    assert "您将不再收到营销短信" in done.text
    assert consents_of(vault, customer) == set(MARKETING) - {"marketing_sms"}
    withdrawn = [e for e in events(vault, customer) if e.action == Action.CONSENT.value]
    assert [(e.actor, e.purpose) for e in withdrawn] == [(f"customer:{customer}", "marketing_sms")]


def test_an_unsubscribe_link_cannot_be_turned_to_another_channel_or_customer(
    client: TestClient, vault: Vault, customer: str, other: str
) -> None:
    token = unsubscribe_token(vault, customer, "marketing_sms")
    body, mac = token.split(".")
    other_body = unsubscribe_token(vault, other, "marketing_sms").split(".")[0]
    email_body = unsubscribe_token(vault, customer, "marketing_email").split(".")[0]
    flipped = ("y" if mac.startswith("x") else "x") + mac[1:]  # never the real one
    for forged in (f"{other_body}.{mac}", f"{email_body}.{mac}", f"{body}.{flipped}", "junk"):
        page = client.get(f"/portal/unsubscribe/{forged}")
        assert page.status_code == 403, forged
        csrf = form_token(client, "/portal/sign-in")
        done = client.post(f"/portal/unsubscribe/{forged}", data={"csrf_token": csrf})
        assert done.status_code == 403
    assert consents_of(vault, customer) == set(MARKETING)
    assert consents_of(vault, other) == set(MARKETING)
    refused = [e for e in events(vault) if e.reason == "unsubscribe link with a bad signature"]
    assert len(refused) == 8
