"""What is hashed is what is stored: odd text sent by a token that may list requests never makes
`audit verify` report a changed event, and ids are checked before any query or audit row."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.audit.trail import verify_audit_trail
from privault.services.use_case import use_case
from privault.services.vault import Vault
from tests.web.conftest import ADMIN
from tests.web.test_api import READER, api_token

# NUL, other C0 and C1 controls, the chain's own column separator, NFD, bidi and line separators.
ODD = ["a\x00b", "\x01\x1f\x7f\x85", "cafe\u0301", "\u202eevil\u2028", "长" * 400]
# A name with a NUL, as a token named by a careless integration would act.
ODD_ACTOR = Actor("odd\x00actor", frozenset({"privacy_officer"}))


def _intact(vault: Vault) -> None:
    report = verify_audit_trail(vault, ADMIN)
    assert report.problems == ()
    assert report.is_intact


def test_odd_request_filters_from_a_token_leave_the_audit_chain_intact(
    vault: Vault, client: TestClient
) -> None:
    manager = api_token(vault, "store_manager")
    by_id: list[tuple[int, str | None]] = []
    by_status: list[int] = []
    for text in [*ODD[:4], "x" * 1999]:
        value = quote(text.encode("utf-8"))
        response = client.get(f"/api/v1/requests?customer_id={value}", headers=manager)
        body = response.json()
        by_id.append((response.status_code, body["error"].get("field") if body else None))
        for status in (f"open{value}", value):
            answer = client.get(f"/api/v1/requests?status={status}", headers=manager)
            by_status.append(answer.status_code)
    _intact(vault)
    assert by_id == [(422, "customer_id")] * 5
    assert all(400 <= code < 500 for code in by_status), by_status


def test_odd_text_recorded_by_a_use_case_is_stored_as_hashed(vault: Vault) -> None:
    for text in ODD:
        with use_case(vault, ODD_ACTOR) as uc:
            uc.record(
                Action.REQUEST_READ, customer_id=text, fields=[text], purpose=text, reason=text
            )
            uc.commit()
    _intact(vault)
    recorded = [
        (e.actor, e.customer_id, e.fields, e.purpose, e.reason)
        for e in reversed(list_audit_events(vault, READER, limit=500))
        if e.action == Action.REQUEST_READ.value
    ]
    assert [r[1] for r in recorded] == ["a b", "    ", "caf\u00e9", " evil ", "长" * 35 + "…"]
    assert recorded[-1][2:] == (("长" * 199 + "…",), "长" * 199 + "…", "长" * 299 + "…")
    assert {r[0] for r in recorded} == {"odd actor"}


@pytest.mark.parametrize("request_id", ["1%00", "99999999999999999999", "abc", "%27%20or%201=1"])
def test_a_malformed_request_id_is_refused_naming_the_parameter_before_any_audit(
    vault: Vault, client: TestClient, request_id: str
) -> None:
    manager = api_token(vault, "store_manager")
    before = table_counts(vault.database)
    response = client.get(f"/api/v1/requests/{request_id}", headers=manager)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "request_id"
    assert "\x00" not in response.text
    assert table_counts(vault.database) == before


def test_a_malformed_customer_id_is_refused_naming_the_parameter(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk")
    before = table_counts(vault.database)
    for path in ("/api/v1/customers/1%00", "/api/v1/customers/99999999999999999999/consents"):
        response = client.get(path, headers=desk)
        assert response.status_code == 422, response.text
        assert response.json()["error"]["field"] == "customer_id"
    assert table_counts(vault.database) == before
