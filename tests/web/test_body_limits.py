"""Request bodies are capped before they are read: a declared length over the cap and a stream
that grows past it are both refused with 413 and a message saying the limit."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator

from fastapi.testclient import TestClient

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.services.vault import Vault
from tests.web.conftest import form_token
from tests.web.test_api import api_token

MIB = 1024 * 1024


def _stream(total: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """A body sent in chunks with no Content-Length: only counting it as it comes stops it."""
    sent = 0
    while sent < total:
        yield b" " * min(chunk, total - sent)
        sent += chunk


def test_a_json_body_declared_over_the_cap_is_refused_with_413(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk")
    before = table_counts(vault.database)
    body = b'{"values": {"name": "' + b"x" * (2 * MIB) + b'"}}'
    headers = desk | {"Content-Type": "application/json"}
    response = client.post("/api/v1/customers", content=body, headers=headers)
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "too_large"
    assert "1 MiB" in error["message"]
    assert table_counts(vault.database) == before


def test_a_streamed_body_is_stopped_when_it_passes_the_cap(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk")
    headers = desk | {"Content-Type": "application/json"}
    response = client.post("/api/v1/customers", content=_stream(2 * MIB), headers=headers)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_console_form_over_the_cap_gets_a_page_saying_the_limit(client: TestClient) -> None:
    token = form_token(client)
    data = {"csrf_token": token, "name": "x" * (2 * MIB), "password": "x"}
    response = client.post("/login", data=data)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "1 MiB" in response.text


def test_imports_have_their_own_larger_cap(settings: Settings) -> None:
    assert importlib.util.find_spec("privault.web.body_limits"), "no per-path body caps"
    cap_for = importlib.import_module("privault.web.body_limits").cap_for
    tuned = settings.model_copy(update={"max_body_bytes": MIB, "max_upload_bytes": 8 * MIB})
    assert cap_for(tuned, "/api/v1/imports") == 8 * MIB
    assert cap_for(tuned, "/imports") == 8 * MIB
    assert cap_for(tuned, "/api/v1/customers") == MIB
    assert cap_for(tuned, "/importsx") == MIB


def test_a_body_under_the_cap_is_served(vault: Vault, client: TestClient) -> None:
    desk = api_token(vault, "front_desk")
    body = {"values": {"name": "x" * 1000}, "purposes": [], "channel": "pos", "notice_version": ""}
    response = client.post("/api/v1/customers", json=body, headers=desk)
    assert response.status_code == 422  # read whole and refused for its content, not its size
