"""The app's frame: health, security headers, sign-in with TOTP, forms that cannot be forged,
and JSON errors for the API (the language: test_language.py)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.services.vault import Vault
from privault.web.security import CSP
from privault.web.staff.sign_in import LOGIN_TRIES
from tests.conftest import FrozenClock
from tests.web.conftest import (
    assert_only_the_forgery_was_recorded,
    form_token,
    sign_in,
    staff_account,
)


def test_health_needs_no_sign_in_and_says_ok(client: TestClient) -> None:
    response = client.get("/api/v1/health")
    assert (response.status_code, response.json()["status"]) == (200, "ok")
    assert response.headers["x-request-id"]


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/login", "/api/v1/health", "/no-such-page"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP
        assert "'unsafe-inline'" not in CSP
        assert "frame-ancestors 'none'" in CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_a_console_page_sends_an_anonymous_visitor_to_sign_in(client: TestClient) -> None:
    response = client.get("/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/login?next=%2F")
    deep = client.get("/requests/new?customer=abc", follow_redirects=False)
    assert deep.headers["location"] == "/login?next=%2Frequests%2Fnew%3Fcustomer%3Dabc"


def test_a_manager_signs_in_with_password_and_code_and_sees_the_areas_of_the_role(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    manager = staff_account(vault, "wang.wu", ["store_manager"])
    sign_in(client, manager, clock)
    cookie = client.cookies.get("privault_session")
    assert cookie
    page = client.get("/")
    assert page.status_code == 200
    assert "wang.wu" in page.text
    assert 'href="/customers"' in page.text
    assert 'href="/audit"' not in page.text
    set_cookie = [h for k, h in page.headers.items() if k == "set-cookie"]
    assert all("privault_session" not in h for h in set_cookie)


def test_the_session_cookie_is_http_only_and_same_site(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    token = form_token(client)
    response = client.post(
        "/login",
        data={"csrf_token": token, "name": desk.name, "password": desk.password},
        follow_redirects=False,
    )
    header = response.headers["set-cookie"].lower()
    assert "privault_session=" in header
    assert "httponly" in header
    assert "samesite=lax" in header
    assert "secure" not in header  # plain http in the test; https sets it


def test_a_wrong_password_shows_the_form_again_with_the_account_kept(
    vault: Vault, client: TestClient
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    token = form_token(client)
    response = client.post(
        "/login", data={"csrf_token": token, "name": desk.name, "password": "wrong-password"}
    )
    assert response.status_code == 401
    assert 'value="li.na"' in response.text
    assert 'role="alert"' in response.text
    assert client.cookies.get("privault_session") is None


def test_a_forged_form_is_refused_audited_and_changes_nothing(
    vault: Vault, client: TestClient
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    form_token(client)  # the browser has its cookie, but the attacker's page has no token
    before = table_counts(vault.database)
    response = client.post(
        "/login", data={"csrf_token": "forged", "name": desk.name, "password": desk.password}
    )
    assert response.status_code == 403
    assert client.cookies.get("privault_session") is None
    assert_only_the_forgery_was_recorded(vault, before, "POST /login")


def test_api_errors_are_json_with_a_code_and_a_message(client: TestClient) -> None:
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not Found"}}


def test_sign_in_returns_to_the_page_asked_for_with_its_query(
    vault: Vault, client: TestClient
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    token = form_token(client, "/login?next=%2Frequests%2Fnew%3Fcustomer%3Dabc")
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "name": desk.name,
            "password": desk.password,
            "next": "/requests/new?customer=abc",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/requests/new?customer=abc"


def test_the_next_page_after_sign_in_stays_on_this_site(vault: Vault, client: TestClient) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    token = form_token(client)
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "name": desk.name,
            "password": desk.password,
            "next": "//evil.example/steal",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_sign_in_attempts_from_one_address_are_limited(vault: Vault, client: TestClient) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    token = form_token(client)
    wrong = {"csrf_token": token, "name": "nobody", "password": "wrong-password"}
    statuses = [client.post("/login", data=wrong).status_code for _ in range(LOGIN_TRIES)]
    assert set(statuses) == {401}
    right = {"csrf_token": token, "name": desk.name, "password": desk.password}
    refused = client.post("/login", data=right, follow_redirects=False)
    assert refused.status_code == 429
    assert "尝试次数过多" in refused.text  # the login page is Chinese by default
    assert client.cookies.get("privault_session") is None


def test_the_api_docs_page_starts_swagger_without_inline_script(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert '<script src="/static/docs.js" defer></script>' in page.text
    assert "<script>" not in page.text
    assert client.get("/static/docs.js").status_code == 200
    assert client.get("/openapi.json").json()["info"]["title"] == "privault"
