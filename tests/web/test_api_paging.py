"""The API's lists come a page at a time, the next and previous pages named by an RFC 8288
`Link` header that keeps the caller's filters; a bad filter names its parameter."""

from __future__ import annotations

import re
from collections.abc import Mapping

from fastapi.testclient import TestClient

from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.exports.workflow import request_export
from privault.services.requests.handling import open_request
from privault.services.vault import Vault
from tests.factories import register, unique_mobile
from tests.web.test_api import READER, api_token

MANAGER = Actor("sm.api", frozenset({"store_manager"}))


def _links(response_headers: Mapping[str, str]) -> dict[str, str]:
    header = response_headers.get("link") or ""
    return {rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', header)}


def _path(url: str) -> str:
    return url.split("testserver", 1)[-1]


def test_the_request_queue_pages_by_fifty_and_the_link_keeps_the_filter(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    for _ in range(51):
        customer = register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
        open_request(vault, operator, customer, "access", "phone")
    manager = api_token(vault, "store_manager")

    first = client.get("/api/v1/requests?open_only=true", headers=manager)
    links = _links(first.headers)
    second = client.get(_path(links["next"]), headers=manager)

    assert first.status_code == second.status_code == 200
    assert len(first.json()) == 50
    assert len(second.json()) == 1
    assert set(links) == {"next"}
    assert "open_only=true" in links["next"]
    assert "page=2" in links["next"]
    assert {r["id"] for r in first.json()}.isdisjoint(r["id"] for r in second.json())
    assert set(_links(second.headers)) == {"prev"}
    bad = client.get("/api/v1/requests?page=0", headers=manager)
    assert bad.status_code == 422


def test_the_exports_list_filters_by_status_and_requester_and_has_no_link_for_one_page(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
    made = request_export(vault, MANAGER, ["mobile"], purpose="service")
    manager = api_token(vault, "store_manager")
    officer = api_token(vault, "privacy_officer")

    pending = client.get("/api/v1/exports?status=pending", headers=officer)
    by_other = client.get("/api/v1/exports?requested_by=someone.else", headers=officer)
    own = client.get("/api/v1/exports", headers=manager)
    bad = client.get("/api/v1/exports?status=lost", headers=officer)
    oldest = client.get("/api/v1/exports?order=oldest", headers=officer)
    sideways = client.get("/api/v1/exports?order=sideways", headers=officer)

    assert [e["id"] for e in pending.json()] == [made.id]
    assert [e["id"] for e in oldest.json()] == [made.id]
    assert (sideways.status_code, sideways.json()["error"]["field"]) == (422, "order")
    assert "link" not in pending.headers
    assert by_other.json() == []
    assert own.json() == []  # the token's actor is not the requester, and may not approve
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "status"


def test_the_trail_pages_by_key_from_the_link_and_the_search_is_audited(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    for _ in range(55):
        register(vault, operator, {"name": "李雷", "mobile": unique_mobile()})
    auditor = api_token(vault, "auditor")

    first = client.get("/api/v1/audit/events?action=customer.register", headers=auditor)
    following = client.get(_path(_links(first.headers)["next"]), headers=auditor)
    back = client.get(_path(_links(following.headers)["prev"]), headers=auditor)

    assert first.status_code == following.status_code == 200, first.text
    created = first.json() + following.json()
    assert len(first.json()) == 50
    assert {e["action"] for e in created} == {"customer.register"}
    stamps = [e["at"] for e in created]
    assert stamps == sorted(stamps, reverse=True)
    assert back.json() == first.json()
    assert "action=customer.register" in _links(first.headers)["next"]
    searches = [
        e for e in list_audit_events(vault, READER, limit=20) if e.action == Action.AUDIT_READ
    ]
    assert searches
    assert searches[0].actor == "api:auditor"
    refused = client.get("/api/v1/audit/events?from_on=2026-13-01", headers=auditor)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "from_on"
    desk = client.get("/api/v1/audit/events", headers=api_token(vault, "front_desk"))
    assert desk.status_code == 403
