"""The complaint pages: the desk takes one down from a profile, the privacy officer sees the
queue in Chinese, opens one, answers it (sent by SMS) and links a request; bad input is shown
next to its field; the desk does not see the queue."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Action, Actor
from privault.infra.sms import FileOutbox
from privault.services.audit.events import list_audit_events
from privault.services.complaints.records import list_complaints
from privault.services.requests.handling import open_request
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import choose_language, form_token, sign_in, staff_account

MOBILE = "13800138000"


def _take_down(client: TestClient, customer: str, text: str) -> str:
    path = f"/customers/{customer}/complaint"
    data = {"kind": "complaint", "channel": "phone", "language": "zh", "text": text}
    page = client.post(path, data={"csrf_token": form_token(client, path), **data})
    assert page.status_code == 200
    return page.text


def test_the_desk_takes_a_complaint_down_from_the_profile(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(vault, operator, {"name": "林晓雯", "mobile": MOBILE})
    sign_in(client, staff_account(vault, "desk.li", ["front_desk"]), clock)

    taken = _take_down(client, customer, "为什么收到广告短信？")

    [complaint] = list_complaints(vault, operator)
    assert f'data-complaint="{complaint.id}"' in taken
    assert complaint.received_by == "desk.li"
    assert client.get("/complaints").status_code == 403


def test_an_empty_complaint_is_shown_next_to_its_field_and_nothing_is_taken(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(vault, operator)
    sign_in(client, staff_account(vault, "desk.li", ["front_desk"]), clock)
    path = f"/customers/{customer}/complaint"

    page = client.post(
        path, data={"csrf_token": form_token(client, path), "kind": "question", "channel": "desk"}
    )

    assert page.status_code == 422
    assert 'data-field="record.text"' in page.text
    assert list_complaints(vault, operator) == []


def test_the_officer_answers_in_chinese_and_links_a_request(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(vault, operator, {"name": "林晓雯", "mobile": MOBILE})
    request = open_request(vault, operator, customer, "deletion", "store")
    sign_in(client, staff_account(vault, "officer.wu", ["privacy_officer"]), clock)
    _take_down(client, customer, "请删除我的信息")
    [complaint] = list_complaints(vault, operator)
    choose_language(client, "zh", "/complaints")

    queue = client.get("/complaints")
    page = f"/complaints/{complaint.id}"
    shown = client.get(page)
    token = form_token(client, page)
    answered = client.post(
        f"{page}/answer", data={"csrf_token": token, "answer": "已删除。"}, follow_redirects=False
    )
    linked = client.post(
        f"{page}/requests",
        data={"csrf_token": token, "requests": request.id},
        follow_redirects=False,
    )

    assert "个人信息咨询与投诉" in queue.text
    assert "请删除我的信息" in shown.text
    assert (answered.status_code, linked.status_code) == (303, 303)
    assert isinstance(vault.sms, FileOutbox)
    assert vault.sms.messages()[-1]["text"].endswith("已删除。")
    assert request.id in client.get(page).text
    actions = {e.action for e in list_audit_events(vault, operator, customer_id=customer)}
    assert {Action.COMPLAINT_ANSWER.value, Action.COMPLAINT_READ.value} <= actions


def test_the_profile_links_the_desk_to_the_complaint_form(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(vault, operator)
    sign_in(client, staff_account(vault, "desk.li", ["front_desk"]), clock)

    profile = client.get(f"/customers/{customer}")

    assert f'href="/customers/{customer}/complaint"' in profile.text
