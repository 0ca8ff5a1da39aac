"""The API answers as its OpenAPI document says: every status a route can answer is
documented, malformed JSON is a 400 in the documented error shape, OPTIONS names the allowed
methods, and schemathesis (fixed seed, seeded ids, a few examples per operation) finds no
server error, undocumented status, wrong content type or body off its schema. SQLite only."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import CheckFunction
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from privault.domain.policy import Actor
from privault.services.vault import Vault
from tests.conftest import PG_URL
from tests.factories import register, unique_mobile
from tests.web.test_api import api_token

pytestmark = pytest.mark.skipif(bool(PG_URL), reason="fuzzing runs on SQLite only")

CHECKS: list[CheckFunction] = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 8  # per operation: the whole run stays well under two minutes
SHARED = {"400", "401", "403", "404", "409", "413", "422", "429"}


def _api_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if path.startswith("/api/") and path != "/api/v1/health"
    ]


def test_every_operation_documents_every_status_it_can_answer(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    missing = {
        f"{method.upper()} {path}": sorted(SHARED - set(operation["responses"]))
        for method, path, operation in _api_operations(spec)
        if not set(operation["responses"]) >= SHARED
    }
    assert missing == {}
    health = spec["paths"]["/api/v1/health"]["get"]["responses"]
    assert {"200", "503"} <= set(health)


def test_the_document_describes_the_api_only(client: TestClient) -> None:
    """Console and portal pages are HTML for people, not part of the integration contract."""
    paths = client.get("/openapi.json").json()["paths"]
    assert paths
    assert [p for p in paths if not p.startswith("/api/")] == []


def test_malformed_json_answers_400_with_the_documented_error_body(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk")
    headers = desk | {"Content-Type": "application/json"}
    response = client.post("/api/v1/customers", content=b'{"values": {', headers=headers)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "malformed_json"
    assert set(error) <= {"code", "message", "field"}
    assert "JSON" in error["message"]


def test_options_answers_with_the_methods_the_route_allows(client: TestClient) -> None:
    found = client.options("/api/v1/customers/abc")
    assert found.status_code == 204
    assert set(found.headers["allow"].split(", ")) == {"GET", "PATCH", "OPTIONS"}
    listed = client.options("/api/v1/customers")
    assert set(listed.headers["allow"].split(", ")) == {"POST", "OPTIONS"}
    assert client.options("/api/v1/no-such-thing").status_code == 404


def _seeded(vault: Vault, operator: Actor, client: TestClient) -> dict[str, str]:
    """Ids that exist, so that the fuzzer reaches past 404 into the routes' real work."""
    customer = register(vault, operator, {"name": "欧阳娜娜", "mobile": unique_mobile()})
    manager = api_token(vault, "store_manager")
    opened = client.post(
        "/api/v1/requests",
        json={"customer_id": customer, "type": "access", "channel": "phone"},
        headers=manager,
    )
    export = client.post(
        "/api/v1/exports", json={"fields": ["name"], "purpose": "service"}, headers=manager
    )
    assert (opened.status_code, export.status_code) == (201, 201), (opened.text, export.text)
    return {
        "customer_id": customer,
        "request_id": opened.json()["id"],
        "export_id": export.json()["id"],
    } | manager


def test_schemathesis_finds_no_failure_in_the_api(
    vault: Vault, operator: Actor, client: TestClient
) -> None:
    seeded = _seeded(vault, operator, client)
    auth = {"Authorization": seeded.pop("Authorization")}
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures: dict[str, str] = {}
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        operation = result.ok()  # every operation the document offers, pages included
        ids = {p.name: seeded[p.name] for p in operation.path_parameters if p.name in seeded}
        strategy = operation.as_strategy(path_parameters=ids, headers=auth)
        failure = _fuzz(strategy)
        if failure:
            failures[operation.label] = failure
    assert failures == {}


def _fuzz(strategy: st.SearchStrategy[Any]) -> str | None:
    found: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        if found:
            return
        try:
            case.call_and_validate(checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as failure:  # a FailureGroup: checks failed
            found.append(str(failure)[:2000])

    run()
    return found[0] if found else None
