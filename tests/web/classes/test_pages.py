"""The class pages and API: marketing sees counts and no customer, the marketing manager the
quarterly list with masked names in Chinese and computes a quarter through the form; a quarter
written wrong is shown next to the field; the API gives counts to a token."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.classes.computing import compute_classes
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.services.classes.scenes import PROFILED
from tests.web.conftest import choose_language, form_token, sign_in, staff_account
from tests.web.test_api import api_token


def _customers(vault: Vault, operator: Actor) -> str:
    customer = register(vault, operator, {"name": "林晓雯", "mobile": "13800138000"}, PROFILED)
    compute_classes(vault, operator, "2026Q4")
    return customer


def test_marketing_sees_counts_per_class_and_no_customer(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    customer = _customers(vault, operator)
    sign_in(client, staff_account(vault, "mkt.zhou", ["marketing"]), clock)
    choose_language(client, "zh", "/classes")

    page = client.get("/classes")

    assert page.status_code == 200
    assert "D类（潜在客户）" in page.text
    assert customer not in page.text
    assert "林" not in page.text
    assert 'action="/classes/compute"' not in page.text
    assert 'href="/classes"' in client.get("/").text


def test_the_marketing_manager_sees_masked_names_and_computes_through_the_form(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    customer = _customers(vault, operator)
    sign_in(client, staff_account(vault, "mm.wang", ["marketing_manager"]), clock)
    choose_language(client, "zh", "/classes")

    page = client.get("/classes")
    assert "林**" in page.text or "林*雯" in page.text
    assert "13800138000" not in page.text
    assert f'data-customer="{customer}"' in page.text
    assert "新进" in page.text

    token = form_token(client, "/classes")
    bad = client.post("/classes/compute", data={"csrf_token": token, "quarter": "Q9"})
    assert bad.status_code == 422
    assert "季度请写成 YYYYQn" in bad.text
    done = client.post(
        "/classes/compute",
        data={"csrf_token": token, "quarter": "2026Q4"},
        follow_redirects=False,
    )
    assert (done.status_code, done.headers["location"]) == (
        303,
        "/classes?quarter=2026Q4&done=classes_computed",
    )


def test_serving_staff_open_the_briefing_and_not_the_list(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "tech.li", ["service_staff"]), clock)

    assert client.get("/classes/briefing").status_code == 200
    assert client.get("/classes").status_code == 403


def test_the_api_gives_counts_only(vault: Vault, operator: Actor, client: TestClient) -> None:
    _customers(vault, operator)

    answer = client.get("/api/v1/classes", headers=api_token(vault, "marketing"))

    assert answer.status_code == 200
    body = answer.json()
    assert (body["quarter"], body["counts"]["D"], body["zone"]) == ("2026Q4", 1, "Asia/Shanghai")
    refused = client.get("/api/v1/classes", headers=api_token(vault, "auditor"))
    assert refused.status_code == 403
