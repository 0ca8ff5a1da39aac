"""The violations page: the officer records a violation and a suspension; an unknown staff
member is refused next to the form and nothing changes."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.vault import Vault
from privault.services.violations.register import list_violations
from tests.conftest import FrozenClock
from tests.web.conftest import form_token, sign_in, staff_account

OFFICER = Actor("officer.reader", frozenset({"privacy_officer"}))


def test_a_violation_and_its_suspension_are_recorded_from_the_page(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    staff_account(vault, "li.si", ["front_desk"])
    sign_in(client, staff_account(vault, "officer.web", ["privacy_officer"]), clock)
    token = form_token(client, "/violations")
    data = {"csrf_token": token, "staff": "li.si", "description": "Shared a list"}
    assert client.post("/violations", data=data, follow_redirects=False).status_code == 303
    [violation] = list_violations(vault, OFFICER)
    term = {"csrf_token": token, "kind": "suspension", "ends_on": "2026-11-30"}
    done = client.post(f"/violations/{violation.id}/sanction", data=term, follow_redirects=False)
    assert done.status_code == 303
    page = client.get("/violations").text
    assert "Shared a list" in page
    assert "2026-12-23" in page  # training due


def test_an_unknown_staff_member_is_refused_on_the_page(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "officer.web", ["privacy_officer"]), clock)
    token = form_token(client, "/violations")
    data = {"csrf_token": token, "staff": "nobody", "description": "x"}
    refused = client.post("/violations", data=data)
    assert refused.status_code == 404
    assert "没有员工 nobody" in refused.text
    assert list_violations(vault, OFFICER) == []
