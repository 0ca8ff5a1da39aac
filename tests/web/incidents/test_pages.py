"""The incident pages: the officer registers an incident, finds the affected customers in the
trail, describes the response, notifies, drafts the reports and closes it; bad input is shown
next to its field in Chinese and changes nothing."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.customers.records import get_customer
from privault.services.incidents.register import list_incidents
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import choose_language, form_token, sign_in, staff_account

OFFICER = Actor("officer.reader", frozenset({"privacy_officer"}))
DESK = Actor("li.si", frozenset({"front_desk"}))


def _officer(vault: Vault, client: TestClient, clock: FrozenClock) -> None:
    sign_in(client, staff_account(vault, "officer.web", ["privacy_officer"]), clock)


def _report(client: TestClient, token: str, clock: FrozenClock, **changes: str) -> object:
    data = {
        "csrf_token": token, "title": "Tablet lost", "description": "Left on a bus",
        "severity": "major", "detected_at": clock.now.isoformat(), "reported_by": "Wang",
        "fields": "name,mobile", **changes,
    }  # fmt: skip
    return client.post("/incidents", data=data, follow_redirects=False)


def test_an_incident_runs_its_course_in_the_console(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator)
    get_customer(vault, DESK, customer)
    _officer(vault, client, clock)
    token = form_token(client, "/incidents")
    made = _report(client, token, clock)
    assert made.status_code == 303  # type: ignore[attr-defined]
    page_path = made.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    page = client.get(page_path).text
    assert "Asia/Shanghai" in page
    assert "4小时内报告省级网信部门" in page  # the console speaks Chinese first
    window = {"csrf_token": token, "since": (clock.now - timedelta(hours=1)).isoformat(),
              "until": clock.now.isoformat(), "staff": DESK.name}  # fmt: skip
    assert (
        client.post(f"{page_path}/affected", data=window, follow_redirects=False).status_code == 303
    )
    assert "在审计日志中找到 1 位客户" in client.get(page_path).text
    response = {
        "csrf_token": token,
        "measures": "Wiped",
        "advice": "Ignore calls",
        "contact": "021-5555",
    }
    client.post(f"{page_path}/respond", data=response)
    client.post(f"{page_path}/notify", data={"csrf_token": token})
    assert "已通知: 1 / 1" in client.get(page_path).text
    report = client.get(f"{page_path}/report", params={"language": "zh"})
    assert "事件级别: 重大" in report.text
    assert f'href="{page_path}/report?language=en&amp;fmt=pdf"' in client.get(page_path).text
    pdf = client.get(f"{page_path}/report", params={"language": "en", "fmt": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.post(f"{page_path}/close", data={"csrf_token": token, "lessons": "Lock tablets"})
    [incident] = list_incidents(vault, OFFICER).incidents
    assert incident.status.value == "closed"


def test_a_window_in_the_future_is_explained_in_chinese_next_to_its_field(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    _officer(vault, client, clock)
    choose_language(client, "zh", "/incidents")
    token = form_token(client, "/incidents")
    made = _report(client, token, clock)
    page_path = made.headers["location"].split("?")[0]  # type: ignore[attr-defined]
    window = {"csrf_token": token, "since": clock.now.isoformat(),
              "until": (clock.now + timedelta(hours=1)).isoformat()}  # fmt: skip
    refused = client.post(f"{page_path}/affected", data=window)
    assert refused.status_code == 422
    assert 'data-field="affected.until"' in refused.text
    assert "未来" in refused.text


def test_a_report_without_a_zone_names_the_field_and_registers_nothing(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    _officer(vault, client, clock)
    token = form_token(client, "/incidents")
    refused = _report(client, token, clock, detected_at="2026-11-23T10:00")
    assert refused.status_code == 422  # type: ignore[attr-defined]
    assert 'data-field="report.detected_at"' in refused.text  # type: ignore[attr-defined]
    assert list_incidents(vault, OFFICER).incidents == []
