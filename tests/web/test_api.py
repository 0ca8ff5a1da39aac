"""The REST API's customers and consents, its bearer tokens, and the shape of its errors:
JSON with a code, a message and the field; status codes that mean what HTTP says."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.staff.tokens import countersign_token, create_token, revoke_token
from privault.services.vault import Vault
from privault.web.api.deps import FAILED_TOKENS
from tests.factories import EVERYTHING_SALON, NOTICE, register, unique_mobile
from tests.web.conftest import ADMIN

XSS = "<script>alert(1)</script>"
FIND = "/api/v1/customers/find"  # a POST: the value looked up stays out of URLs and logs
READER = Actor("po.reader", frozenset({"privacy_officer"}))
COUNTERSIGNER = Actor("po.sign", frozenset({"privacy_officer"}))


def api_token(vault: Vault, role: str, store: str | None = None) -> dict[str, str]:
    """The headers of an integration acting with `role` (a token named after it), countersigned
    by a privacy officer when its role sees personal data."""
    made = create_token(vault, ADMIN, role.replace("_", "-"), role, store)
    if made.status == "awaiting countersignature":
        countersign_token(vault, COUNTERSIGNER, made.name)
    return {"Authorization": f"Bearer {made.token}"}


def audit_rows(vault: Vault, action: Action) -> list[tuple[str, str, str | None]]:
    return [
        (e.actor, e.outcome.value, e.reason)
        for e in reversed(list_audit_events(vault, READER, limit=500))
        if e.action == action.value
    ]


def _registration(mobile: str, **extra: object) -> dict[str, object]:
    return {
        "values": {"name": "欧阳娜娜", "mobile": mobile},
        "purposes": ["service", "membership"],
        "channel": "pos",
        "notice_version": NOTICE,
        **extra,
    }


def test_a_front_desk_system_registers_a_customer_and_finds_them_masked(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk")
    mobile = unique_mobile()
    created = client.post("/api/v1/customers", json=_registration(mobile), headers=desk)
    assert created.status_code == 201, created.text
    customer_id = created.json()["id"]

    found = client.post(FIND, json={"by": "mobile", "value": mobile}, headers=desk)
    assert found.status_code == 200
    body = found.json()
    assert body["total"] == 1
    assert body["customers"][0]["id"] == customer_id
    assert body["customers"][0]["fields"]["mobile"] == f"{mobile[:3]}****{mobile[-4:]}"
    assert mobile not in found.text
    assert set(body["customers"][0]["purposes"]) == {"service", "membership"}
    assert ("api:front-desk", "allowed", "found by mobile") in audit_rows(vault, Action.SEARCH)


def test_the_api_finds_by_surname_narrows_a_tail_by_it_and_filters_the_trail_by_it(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    mine = register(vault, operator, {"name": "张三丰", "mobile": "13812342468"})
    other = register(vault, operator, {"name": "李四", "mobile": "13912342468"})
    desk = api_token(vault, "front_desk")
    lookup = {"by": "mobile_tail", "value": "2468"}
    narrowed = client.post(FIND, json=lookup | {"surname": "张*丰"}, headers=desk)
    assert narrowed.status_code == 200, narrowed.text
    assert [c["id"] for c in narrowed.json()["customers"]] == [mine]
    by_surname = client.post(FIND, json={"by": "name_surname", "value": "张"}, headers=desk)
    assert [c["id"] for c in by_surname.json()["customers"]] == [mine]
    refused = client.post(FIND, json=lookup | {"surname": "张三丰"}, headers=desk)
    assert (refused.status_code, refused.json()["error"]["field"]) == (422, "surname")
    auditor = api_token(vault, "auditor")
    trail = client.get("/api/v1/audit/events?mobile_tail=2468&surname=张", headers=auditor)
    assert trail.status_code == 200, trail.text
    assert {e["customer_id"] for e in trail.json()} == {mine}
    assert other not in trail.text
    [search] = [e for e in list_audit_events(vault, READER, limit=1)]
    assert (
        search.reason
        == f"audit view: rows 1-{len(trail.json())}; customers by mobile tail and surname: 1"
    )


def test_one_customer_is_shown_masked_and_a_value_revealed_for_a_purpose(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    mobile = unique_mobile()
    customer_id = register(vault, operator, {"name": "李雷", "mobile": mobile})
    desk = api_token(vault, "front_desk")
    shown = client.get(f"/api/v1/customers/{customer_id}", headers=desk)
    assert shown.status_code == 200
    assert shown.json()["fields"]["mobile"] != mobile

    revealed = client.post(
        f"/api/v1/customers/{customer_id}/reveal",
        json={"field": "mobile", "purpose": "service", "note": "call about the booking"},
        headers=desk,
    )
    assert revealed.status_code == 200
    assert revealed.json() == {"customer_id": customer_id, "field": "mobile", "value": mobile}
    assert revealed.headers["cache-control"] == "no-store"
    reveals = [e for e in list_audit_events(vault, READER) if e.action == Action.REVEAL.value]
    assert [(e.actor, e.purpose, e.reason, e.fields) for e in reveals] == [
        ("api:front-desk", "service", "call about the booking", ("mobile",))
    ]


def test_a_reveal_outside_the_role_is_refused_403_and_audited(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
    response = client.post(
        f"/api/v1/customers/{customer_id}/reveal",
        json={"field": "name", "purpose": "service"},
        headers=api_token(vault, "front_desk"),
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "denied"
    assert "may not see in clear identity fields" in response.json()["error"]["message"]
    denied = [e for e in list_audit_events(vault, READER) if e.outcome.value == "denied"]
    assert [(e.actor, e.action) for e in denied] == [("api:front-desk", Action.REVEAL.value)]


def test_a_customer_is_updated_and_bad_values_name_the_field(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = register(
        vault, operator, {"name": "李雷", "mobile": unique_mobile()}, ("service", "membership")
    )
    desk = api_token(vault, "front_desk")
    changed = client.patch(
        f"/api/v1/customers/{customer_id}",
        json={"fields": {"email": "lei.li@example.com"}},
        headers=desk,
    )
    assert changed.status_code == 200, changed.text
    assert "email" in changed.json()["fields"]
    assert "lei.li@example.com" not in changed.text
    bad = client.patch(
        f"/api/v1/customers/{customer_id}", json={"fields": {"mobile": "12"}}, headers=desk
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_input"
    assert bad.json()["error"]["field"] == "mobile"


def test_errors_are_json_with_code_message_and_field(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    desk = api_token(vault, "front_desk")
    unknown = "00000000-0000-7000-8000-000000000000"  # well formed, never handed out
    missing = client.get(f"/api/v1/customers/{unknown}", headers=desk)
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"code": "not_found", "message": f"no customer with id {unknown}"}
    }
    wrong_key = client.post(FIND, json={"by": "shoe_size", "value": "42"}, headers=desk)
    assert wrong_key.status_code == 422
    assert wrong_key.json()["error"]["field"] == "shoe_size"
    no_value = client.post(FIND, json={"by": "mobile"}, headers=desk)
    assert (no_value.status_code, no_value.json()["error"]["field"]) == (422, "value")
    no_purposes = client.post(
        "/api/v1/customers", json={"values": {"name": "x"}, "channel": "pos"}, headers=desk
    )
    assert no_purposes.status_code == 422
    assert no_purposes.json()["error"]["code"] == "invalid_input"
    assert no_purposes.json()["error"]["field"] in {"purposes", "notice_version"}
    not_json = client.post(
        "/api/v1/customers",
        content=b"{not json",
        headers={**desk, "content-type": "application/json"},
    )
    assert (not_json.status_code, not_json.json()["error"]["code"]) == (400, "malformed_json")


def test_a_second_registration_of_a_mobile_is_a_409_naming_the_field(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk")
    mobile = unique_mobile()
    assert (
        client.post("/api/v1/customers", json=_registration(mobile), headers=desk).status_code
        == 201
    )
    again = client.post("/api/v1/customers", json=_registration(mobile), headers=desk)
    assert again.status_code == 409
    assert (again.json()["error"]["code"], again.json()["error"]["field"]) == (
        "duplicate",
        "mobile",
    )


def test_a_field_without_a_consented_purpose_is_refused_and_nothing_is_stored(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk")
    before = table_counts(vault.database)["customers"]
    body = _registration(unique_mobile())
    body["values"] = {"name": "李雷", "mobile": unique_mobile(), "allergies": "nuts"}
    refused = client.post("/api/v1/customers", json=body, headers=desk)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "allergies"
    assert table_counts(vault.database)["customers"] == before


def test_consents_are_listed_granted_and_withdrawn(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
    desk = api_token(vault, "front_desk")
    url = f"/api/v1/customers/{customer_id}/consents"
    granted = client.post(
        url,
        json={"purposes": ["marketing_sms"], "channel": "pos", "notice_version": NOTICE},
        headers=desk,
    )
    assert (granted.status_code, granted.json()) == (201, {"granted": ["marketing_sms"]})
    history = client.get(url, headers=desk).json()
    assert [(e["purpose"], e["action"]) for e in history] == [
        ("service", "grant"),
        ("marketing_sms", "grant"),
    ]
    withdrawn = client.post(
        f"{url}/withdraw", json={"purposes": ["marketing_sms"], "channel": "pos"}, headers=desk
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json() == {"withdrawn": ["marketing_sms"], "deleted_fields": []}
    again = client.post(
        f"{url}/withdraw", json={"purposes": ["marketing_sms"], "channel": "pos"}, headers=desk
    )
    assert (again.status_code, again.json()["error"]["field"]) == (422, "purpose")


def test_script_in_text_fields_comes_back_as_json_data_never_html(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    values = {"name": "李雷", "mobile": unique_mobile(), "allergies": XSS}
    customer_id = register(vault, operator, values, EVERYTHING_SALON)
    manager = api_token(vault, "store_manager")
    revealed = client.post(
        f"/api/v1/customers/{customer_id}/reveal",
        json={"field": "allergies", "purpose": "sensitive_care", "note": XSS},
        headers=manager,
    )
    assert revealed.json()["value"] == XSS
    probe = client.post(FIND, json={"by": XSS, "value": XSS}, headers=manager)
    assert probe.json()["error"]["field"] == XSS
    for response in (revealed, probe):
        assert response.headers["content-type"] == "application/json"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_a_call_without_a_valid_token_is_refused_401_with_a_bearer_challenge(
    vault: Vault, client: TestClient
) -> None:
    api_token(vault, "front_desk")
    for headers in ({}, {"Authorization": "Bearer pv_guess"}, {"Authorization": "Basic eDp5"}):
        lookup = {"by": "mobile", "value": "13800000000"}
        response = client.post(FIND, json=lookup, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["error"]["code"] == "unauthenticated"


def test_a_revoked_token_is_refused_401_audited_and_changes_nothing(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk")
    mobile = unique_mobile()
    assert (
        client.post("/api/v1/customers", json=_registration(mobile), headers=desk).status_code
        == 201
    )
    revoke_token(vault, ADMIN, "front-desk")
    before = table_counts(vault.database)
    refused = client.post("/api/v1/customers", json=_registration(unique_mobile()), headers=desk)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert "was revoked on" in refused.json()["error"]["message"]
    after = table_counts(vault.database)
    changed = {k for k in after if after[k] != before[k]}
    assert changed <= {"audit_events", "rate_limits"}
    assert after["audit_events"] == before["audit_events"] + 1
    assert audit_rows(vault, Action.SIGN_IN)[-1][:2] == ("api:front-desk", "denied")


def test_a_client_retrying_bad_tokens_is_told_to_slow_down(client: TestClient) -> None:
    bad = {"Authorization": "Bearer pv_wrong"}
    statuses = [
        client.get("/api/v1/exports", headers=bad).status_code for _ in range(FAILED_TOKENS)
    ]
    assert set(statuses) == {401}
    limited = client.get("/api/v1/exports", headers=bad)
    assert (limited.status_code, limited.json()["error"]["code"]) == (429, "rate_limited")


def test_the_openapi_document_describes_the_bodies_and_the_token(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    registration = spec["components"]["schemas"]["Registration"]["properties"]
    assert "purpose" in registration["purposes"]["description"]
    assert spec["components"]["securitySchemes"]["API token"]["scheme"] == "bearer"
    find = spec["paths"][FIND]["post"]
    assert find["security"] == [{"API token": []}]
    assert {"401", "403", "422"} <= set(find["responses"])


def test_a_lookup_may_ask_for_only_the_fields_it_shows(vault: Vault, client: TestClient) -> None:
    desk = api_token(vault, "front_desk")
    mobile = unique_mobile()
    registration = _registration(mobile)
    registration["values"] = {"name": "欧阳娜娜", "mobile": mobile, "email": "na@example.com"}
    assert client.post("/api/v1/customers", json=registration, headers=desk).status_code == 201
    lookup = {"by": "mobile", "value": mobile}

    some = client.post(FIND, json=lookup | {"fields": ["name", " mobile"]}, headers=desk)
    assert some.status_code == 200
    assert set(some.json()["customers"][0]["fields"]) == {"name", "mobile"}
    assert set(client.post(FIND, json=lookup, headers=desk).json()["customers"][0]["fields"]) == {
        "name",
        "mobile",
        "email",
    }
    unknown = client.post(FIND, json=lookup | {"fields": ["name", "shoe_size"]}, headers=desk)
    assert unknown.status_code == 422
    assert unknown.json()["error"]["field"] == "fields"
    assert "shoe_size" in unknown.json()["error"]["message"]
