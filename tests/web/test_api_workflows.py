"""The REST API's requests, imports, exports and audit verification, each through the
services with their policy checks and audit rows."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.exports.workflow import decide_export
from privault.services.vault import Vault
from tests.factories import NOTICE, register, unique_mobile
from tests.web.test_api import READER, XSS, api_token

SECOND_OFFICER = Actor("po.qian", frozenset({"privacy_officer"}))


def _customers(vault: Vault, operator: Actor, count: int) -> list[str]:
    return [
        register(vault, operator, {"name": "李雷", "mobile": unique_mobile()}) for _ in range(count)
    ]


def test_a_request_is_opened_listed_and_shown_with_its_clocks(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = _customers(vault, operator, 1)[0]
    desk, manager = api_token(vault, "front_desk"), api_token(vault, "store_manager")
    opened = client.post(
        "/api/v1/requests",
        json={"customer_id": customer_id, "type": "deletion", "channel": "phone", "note": XSS},
        headers=desk,
    )
    assert opened.status_code == 201, opened.text
    body = opened.json()
    assert (body["type"], body["status"], body["received_on"]) == (
        "deletion",
        "received",
        "2026-11-23",
    )
    assert body["needs_verification"] is True
    assert body["deadlines"][0]["regime"] == "CN"
    queue = client.get("/api/v1/requests?open_only=true", headers=manager)
    assert [r["id"] for r in queue.json()] == [body["id"]]
    shown = client.get(f"/api/v1/requests/{body['id']}", headers=manager).json()
    assert (shown["colour"], shown["outcome"]) == ("green", f"note at opening: {XSS}")
    assert client.get(f"/api/v1/requests/{body['id']}", headers=desk).status_code == 403
    assert client.get("/api/v1/requests/nothing", headers=manager).status_code == 422  # not an id


def test_a_request_with_an_unknown_type_or_a_future_day_names_the_field(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = _customers(vault, operator, 1)[0]
    desk = api_token(vault, "front_desk")
    base = {"customer_id": customer_id, "type": "deletion", "channel": "phone"}
    for change, field in (
        ({"type": "refund"}, "type"),
        ({"received_on": "2027-01-01"}, "received_on"),
    ):
        refused = client.post("/api/v1/requests", json={**base, **change}, headers=desk)
        assert (refused.status_code, refused.json()["error"]["field"]) == (422, field)
    assert table_counts(vault.database)["subject_requests"] == 0


def test_an_uploaded_csv_is_imported_and_each_reject_reported_without_values(
    vault: Vault, client: TestClient
) -> None:
    rows = [["name", "mobile"], ["林晓梅", "13812345601"], ["周杰", "12"], ["王芳", "13812345603"]]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    response = client.post(
        "/api/v1/imports",
        files={"file": ("客户 名单.csv", text.getvalue().encode(), "text/csv")},
        data={"notice_version": NOTICE, "purposes": ["service", "membership"]},
        headers=api_token(vault, "store_manager"),
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert (report["imported"], report["rejected"]) == (2, 1)
    assert [(r["row"], r["column"]) for r in report["rejects"]] == [(3, "mobile")]
    assert "12" not in report["rejects"][0]["reason"].split()
    assert table_counts(vault.database)["customers"] == 2


def test_an_upload_of_another_kind_or_by_a_role_without_import_is_refused(
    vault: Vault, client: TestClient
) -> None:
    manager = api_token(vault, "store_manager")
    pdf = client.post(
        "/api/v1/imports", files={"file": ("list.pdf", b"%PDF", "application/pdf")}, headers=manager
    )
    assert (pdf.status_code, pdf.json()["error"]["field"]) == (422, "file")
    empty = client.post(
        "/api/v1/imports", files={"file": ("list.csv", b"", "text/csv")}, headers=manager
    )
    assert (empty.status_code, empty.json()["error"]["field"]) == (422, "file")
    desk = client.post(
        "/api/v1/imports",
        files={"file": ("list.csv", b"name,mobile\n", "text/csv")},
        headers=api_token(vault, "front_desk"),
    )
    assert desk.status_code == 403
    assert table_counts(vault.database)["customers"] == 0


def test_a_small_export_is_requested_listed_and_downloaded_once(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    _customers(vault, operator, 3)
    manager = api_token(vault, "store_manager")
    made = client.post(
        "/api/v1/exports",
        json={"fields": ["name", "mobile"], "purpose": "service", "note": XSS, "masked": True},
        headers=manager,
    )
    assert made.status_code == 201, made.text
    export = made.json()
    assert (export["status"], export["row_count"], export["purpose_note"]) == ("approved", 3, XSS)
    assert [e["id"] for e in client.get("/api/v1/exports", headers=manager).json()] == [
        export["id"]
    ]
    download = client.get(f"/api/v1/exports/{export['id']}/download", headers=manager)
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert f"export-{export['id']}.csv" in download.headers["content-disposition"]
    rows = list(csv.reader(download.content.decode("utf-8-sig").splitlines()))
    assert len(rows) == 4
    again = client.get(f"/api/v1/exports/{export['id']}/download", headers=manager)
    assert again.status_code == 403
    assert "downloaded already" in again.json()["error"]["message"]


def test_a_large_export_waits_for_another_officer_who_approves_it(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    _customers(vault, operator, 11)
    manager, officer = api_token(vault, "store_manager"), api_token(vault, "privacy_officer")
    export = client.post(
        "/api/v1/exports", json={"fields": ["mobile"], "purpose": "service"}, headers=manager
    ).json()
    assert export["status"] == "pending"
    early = client.get(f"/api/v1/exports/{export['id']}/download", headers=manager)
    assert early.status_code == 403
    # An integration token never approves (issue 13.2): a privacy officer does, as themselves.
    by_token = client.post(f"/api/v1/exports/{export['id']}/approve", headers=officer)
    assert (by_token.status_code, by_token.json()["error"]["code"]) == (403, "denied")
    assert "never approves" in by_token.json()["error"]["message"]
    approved = decide_export(vault, SECOND_OFFICER, export["id"], approve=True)
    assert approved.decided_by == "po.qian"
    assert client.post("/api/v1/exports/nothing/approve", headers=officer).status_code == 404
    assert (
        client.get(f"/api/v1/exports/{export['id']}/download", headers=manager).status_code == 200
    )


def test_an_officer_rejects_an_export_saying_why(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    _customers(vault, operator, 11)
    manager, officer = api_token(vault, "store_manager"), api_token(vault, "privacy_officer")
    export = client.post(
        "/api/v1/exports", json={"fields": ["mobile"], "purpose": "service"}, headers=manager
    ).json()
    url = f"/api/v1/exports/{export['id']}/reject"
    assert client.post(url, json={}, headers=officer).json()["error"]["field"] == "note"
    rejected = client.post(url, json={"note": "no purpose"}, headers=officer)
    assert rejected.json()["status"] == "rejected"


def test_the_audit_trail_is_verified_by_an_auditor_system(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    _customers(vault, operator, 2)
    report = client.post("/api/v1/audit/verify", headers=api_token(vault, "auditor"))
    assert report.status_code == 200
    body = report.json()
    assert (body["is_intact"], body["problem_count"], body["problems"]) == (True, 0, [])
    assert body["events_checked"] > 0
    verified = [e for e in list_audit_events(vault, READER) if e.action == Action.AUDIT_VERIFY]
    assert [e.actor for e in verified] == ["api:auditor"]


def test_a_download_says_how_many_customers_were_left_out_and_why(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    """The file cannot say whom it leaves out: the response's headers and the export do."""
    register(
        vault, operator, {"name": "李雷", "mobile": unique_mobile()}, ("service", "marketing_sms")
    )
    _customers(vault, operator, 2)  # service only: no basis for SMS marketing
    manager = api_token(vault, "store_manager")
    body = {"fields": ["mobile"], "purpose": "marketing_sms", "masked": True}
    made = client.post("/api/v1/exports", json=body, headers=manager).json()
    download = client.get(f"/api/v1/exports/{made['id']}/download", headers=manager)
    assert download.status_code == 200
    assert download.headers["x-privault-left-out-no-basis"] == "2"
    assert download.headers["x-privault-left-out-restricted"] == "0"
    assert len(download.content.decode("utf-8-sig").splitlines()) == 2  # header and one row
    [listed] = client.get("/api/v1/exports", headers=manager).json()
    assert (listed["left_out_no_basis"], listed["status"]) == (2, "downloaded")


def test_a_free_text_export_purpose_is_refused_naming_the_field(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    _customers(vault, operator, 1)
    manager = api_token(vault, "store_manager")
    refused = client.post(
        "/api/v1/exports", json={"fields": ["mobile"], "purpose": "回访"}, headers=manager
    )
    assert refused.status_code in (400, 422)
    assert refused.json()["error"]["field"] == "purpose"
    assert "known purposes: service" in refused.json()["error"]["message"]
