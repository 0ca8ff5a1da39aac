"""The officer pages: who may open each, forms that keep their values and show errors next to
the field, escaped notes, refused forgeries, and the audit trail, staff and dashboard pages."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from privault.db.inspection import table_counts
from privault.domain.policy import Action, Actor
from privault.presets import roles_text
from privault.services.audit.events import list_audit_events
from privault.services.exports.workflow import request_export
from privault.services.requests.handling import open_request
from privault.services.staff.role_matrix import set_roles_document
from privault.services.vault import Vault
from privault.web.app import create_app
from tests.conftest import FrozenClock
from tests.factories import enrolment_code, register
from tests.web.conftest import ADMIN, form_token, sign_in, staff_account

XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _as(vault: Vault, client: TestClient, clock: FrozenClock, role: str) -> str:
    name = role.replace("_", ".")[:20] + ".w3"
    sign_in(client, staff_account(vault, name, [role]), clock)
    return name


def _request(vault: Vault, operator: Actor, type: str = "deletion", **kwargs: str) -> str:
    customer = register(vault, operator)
    return open_request(vault, operator, customer, type, "store", **kwargs).id


PAGES = [
    ("/requests", "privacy_officer", "auditor"),
    ("/requests/{id}", "privacy_officer", "admin"),
    ("/requests/new?customer={customer}", "front_desk", "auditor"),
    ("/exports", "privacy_officer", "auditor"),
    ("/alerts", "auditor", "front_desk"),
    ("/audit", "auditor", "store_manager"),
    ("/staff", "admin", "front_desk"),
    ("/dashboard", "privacy_officer", "admin"),
]


@pytest.mark.parametrize(("path", "allowed", "denied"), PAGES)
def test_each_officer_page_opens_for_its_role_and_is_refused_to_another(
    vault: Vault, clock: FrozenClock, operator: Actor, path: str, allowed: str, denied: str
) -> None:
    request_id = _request(vault, operator)
    target = path.format(id=request_id, customer=register(vault, operator))
    statuses = []
    for role in (allowed, denied):
        with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
            _as(vault, client, clock, role)
            statuses.append(client.get(target).status_code)
    assert statuses == [200, 403]


def test_an_auditor_sees_no_customer_data_and_an_admin_sees_staff_only(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    _as(vault, client, clock, "auditor")
    home = client.get("/").text
    assert 'href="/audit"' in home
    assert 'href="/alerts"' in home
    assert 'href="/requests"' not in home
    assert 'href="/customers"' not in home


def test_a_status_filter_that_does_not_exist_is_shown_next_to_the_filter(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    _as(vault, client, clock, "privacy_officer")
    page = client.get("/requests?status=lost")
    assert page.status_code == 422
    assert 'data-field="filter.status"' in page.text


def test_the_queue_colours_an_overdue_request_red_and_a_fresh_one_green(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    late = _request(vault, operator, received_on="2026-10-01")
    fresh = _request(vault, operator)
    _as(vault, client, clock, "privacy_officer")
    page = client.get("/requests").text
    rows = {r.split('href="/requests/')[1][:36]: r for r in page.split("<tr ")[1:]}
    assert 'class="colour-red urgency-overdue"' in rows[late]
    assert 'class="colour-green urgency-ok"' in rows[fresh]
    assert "style=" not in page


def _new_request_form(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> dict[str, str]:
    """The front desk's new-request form for a registered customer, ready but for its date."""
    customer = register(vault, operator)
    _as(vault, client, clock, "front_desk")
    token = form_token(client, f"/requests/new?customer={customer}")
    return {"csrf_token": token, "customer": customer, "type": "access", "channel": "phone"}


def test_a_form_error_with_variable_parts_is_shown_in_chinese_next_to_its_field(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    form = _new_request_form(vault, client, clock, operator)
    page = client.post("/requests/new", data=form | {"received_on": "2025-01-02"})
    assert page.status_code == 422
    shown = '<span class="field-error" role="alert" data-field="new.received_on">'
    assert f"{shown}早于 366 天前；请核对日期</span>" in page.text
    assert "days ago" not in page.text
    assert table_counts(vault.database)["subject_requests"] == 0


def test_opening_a_request_with_a_bad_date_keeps_the_values_and_names_the_field(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    form = _new_request_form(vault, client, clock, operator)
    page = client.post("/requests/new", data=form | {"received_on": "yesterday", "note": XSS})
    assert page.status_code == 422
    assert 'data-field="new.received_on"' in page.text
    assert 'value="yesterday"' in page.text
    assert '<option value="phone" selected>' in page.text
    assert ESCAPED in page.text
    assert XSS not in page.text
    assert table_counts(vault.database)["subject_requests"] == 0


def test_an_in_person_note_is_required_kept_and_rendered_escaped(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    request_id = _request(vault, operator)
    _as(vault, client, clock, "privacy_officer")
    path = f"/requests/{request_id}"
    token = form_token(client, path)
    numbered = {"csrf_token": token, "method": "in_person", "note": "ID card 110101199001011234"}
    refused = client.post(f"{path}/verify", data=numbered)
    assert refused.status_code == 422
    assert 'data-field="verify.note"' in refused.text
    assert "ID card 110101199001011234</textarea>" in refused.text
    done = client.post(f"{path}/verify", data=numbered | {"note": f"ID card shown {XSS}"})
    assert done.status_code == 200  # followed the redirect to the request page
    assert ESCAPED in done.text
    assert XSS not in done.text
    assert 'data-status="identity_verified"' in done.text


def test_a_forged_fulfilment_is_refused_audited_and_erases_nothing(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    request_id = _request(vault, operator)
    _as(vault, client, clock, "privacy_officer")
    form_token(client, f"/requests/{request_id}")
    before = table_counts(vault.database)
    response = client.post(f"/requests/{request_id}/fulfil", data={"csrf_token": "forged"})
    assert response.status_code == 403
    after = table_counts(vault.database)
    assert after["customers"] == before["customers"]
    assert after["audit_events"] == before["audit_events"] + 1
    forged = [e for e in list_audit_events(vault, ADMIN) if e.action == Action.FORGED_REQUEST]
    assert [e.reason for e in forged] == [
        f"POST /requests/{request_id}/fulfil: no genuine form token"
    ]


def test_a_refusal_needs_a_reason_and_then_shows_the_complaint_routes(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    request_id = _request(vault, operator)
    _as(vault, client, clock, "privacy_officer")
    path = f"/requests/{request_id}"
    token = form_token(client, path)
    missing = client.post(f"{path}/refuse", data={"csrf_token": token, "note": XSS})
    assert missing.status_code == 422
    assert 'data-field="refuse.reason"' in missing.text
    assert f"{ESCAPED}</textarea>" in missing.text
    reason = "identity_not_verified"
    refused = client.post(f"{path}/refuse", data={"csrf_token": token, "reason": reason})
    assert 'data-status="refused"' in refused.text
    assert "12377" in refused.text
    assert ESCAPED not in refused.text


def test_an_access_package_is_offered_to_the_privacy_officer_only_and_each_download_audited(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    request_id = _request(vault, operator, "access")
    _as(vault, client, clock, "privacy_officer")
    path = f"/requests/{request_id}"
    token = form_token(client, path)
    client.post(
        f"{path}/verify", data={"csrf_token": token, "method": "in_person", "note": "passport seen"}
    )
    page = client.post(f"{path}/fulfil", data={"csrf_token": token}).text
    assert 'data-status="completed"' in page
    link = page.split(f'href="{path}/files/')[1].split('"')[0]
    download = client.get(f"{path}/files/{link}")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    reads = [e for e in list_audit_events(vault, ADMIN) if e.action == "request.download"]
    assert len(reads) == 1
    client.cookies.clear()
    _as(vault, client, clock, "store_manager")
    assert f"{path}/files/" not in client.get(path).text
    assert client.get(f"{path}/files/{link}").status_code == 403
    assert client.get(f"{path}/files/..%2F..%2Fkeys").status_code in (403, 404)


def test_an_alert_is_acknowledged_with_a_note_that_is_required_and_escaped(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    request_export(vault, operator, ["mobile"], purpose="service")  # raises an alert
    _as(vault, client, clock, "privacy_officer")
    page = client.get("/alerts").text
    alert_id = page.split('action="/alerts/')[1].split("/")[0]
    token = form_token(client, "/alerts")
    empty = client.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token, "note": " "})
    assert empty.status_code == 422
    assert f'data-field="ack-{alert_id}.note"' in empty.text
    done = client.post(f"/alerts/{alert_id}/ack", data={"csrf_token": token, "note": XSS})
    assert done.status_code == 200
    shown = client.get("/alerts?all=true").text
    assert ESCAPED in shown
    assert XSS not in shown


def test_an_export_without_fields_is_refused_next_to_the_fields_with_the_purpose_kept(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    _as(vault, client, clock, "store_manager")
    token = form_token(client, "/exports")
    form = {"csrf_token": token, "purpose": "service", "note": XSS, "format": "csv"}
    page = client.post("/exports", data=form)
    assert page.status_code == 422
    assert 'data-field="export.fields"' in page.text
    assert f'value="{ESCAPED}"' in page.text
    assert table_counts(vault.database)["exports"] == 0


def test_a_small_export_is_downloaded_once_by_its_requester(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    register(vault, operator)
    _as(vault, client, clock, "store_manager")
    token = form_token(client, "/exports")
    form = {"csrf_token": token, "fields": ["name", "mobile"], "purpose": "service", "masked": "1"}
    listed = client.post("/exports", data=form).text
    link = listed.split('href="/exports/')[1].split('"')[0]
    first = client.get(f"/exports/{link}")
    assert first.status_code == 200
    assert first.headers["content-type"].startswith("text/csv")
    assert client.get(f"/exports/{link}").status_code == 403


def test_an_audit_filter_with_a_bad_outcome_is_named_and_verify_reports_the_first_bad_event(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    register(vault, operator)
    _as(vault, client, clock, "auditor")
    bad = client.get("/audit?outcome=maybe&actor=" + XSS)
    assert bad.status_code == 422
    assert 'data-field="filter.outcome"' in bad.text
    assert f'value="{ESCAPED}"' in bad.text
    token = form_token(client, "/audit")
    assert "events in" not in bad.text
    intact = client.post("/audit/verify", data={"csrf_token": token})
    assert "verify-report intact" in intact.text
    with vault.database.data_engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET reason = 'edited' WHERE id = 2"))
    broken = client.post("/audit/verify", data={"csrf_token": token})
    assert "verify-report broken" in broken.text
    assert "#2 · " in broken.text


@pytest.mark.legal("PIPL Art. 51")
def test_an_admin_adds_staff_and_sees_where_the_code_went_but_no_secret(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    _as(vault, client, clock, "admin")
    token = form_token(client, "/staff")
    form = {"csrf_token": token, "name": "Bad Name!", "display_name": XSS, "roles": ["front_desk"]}
    bad = client.post("/staff", data=form | {"mobile": "13812345678"})
    assert bad.status_code == 422
    assert 'data-field="add.name"' in bad.text
    assert f'value="{ESCAPED}"' in bad.text
    no_contact = client.post("/staff", data=form | {"name": "sun.li"})
    assert no_contact.status_code == 422
    assert 'data-field="add.contact"' in no_contact.text
    good = form | {"name": "sun.li", "roles": ["store_manager"], "mobile": "13812345678"}
    added = client.post("/staff", data=good)
    assert added.status_code == 200
    assert "138****5678" in added.text
    code = enrolment_code(vault, "13812345678")
    assert code not in added.text
    assert "13812345678" not in added.text
    assert 'class="secret"' not in added.text
    disabled = client.post("/staff/sun.li/disable", data={"csrf_token": token})
    assert 'id="staff-sun.li"' in disabled.text
    assert "/staff/sun.li/enable" in disabled.text


def test_the_dashboard_draws_counts_as_inline_svg_behind_its_charts_without_personal_values(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    register(
        vault, operator, {"name": "王小明", "mobile": "13912345678"}, ("service", "marketing_sms")
    )
    _request(vault, operator)
    _as(vault, client, clock, "privacy_officer")
    page = client.get("/dashboard").text
    assert page.count('<svg class="fallback"') == 6  # drawn without script, hidden by ECharts
    assert page.count("data-echart=") == 7
    assert "<script" not in page.split("</head>")[1]
    assert "王小明" not in page
    assert "13912345678" not in page
    reports = [e for e in list_audit_events(vault, ADMIN) if "dashboard report" in (e.reason or "")]
    assert len(reports) == 1


def test_the_staff_page_offers_the_installations_own_roles(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    cashier = '\n[roles.cashier]\nactions = ["customer.search"]\nstore_scoped = true\n'
    set_roles_document(vault, ADMIN, roles_text() + cashier)
    _as(vault, client, clock, "admin")
    page = client.get("/staff").text
    assert 'value="cashier"' in page
    assert 'value="front_desk"' in page
