"""The console's review of collection forms: the queue for the marketing manager with masked
identities and no contact data, one form's items decided with the server or section head named,
an item without its separate consent refused next to it in Chinese, and the desk's entry."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.collection import FormStatus
from privault.domain.policy import Actor
from privault.services.service_day.collection import existing_form
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.services.service_day.collection_steps import GUEST_NAME, booked_customer, submitted
from tests.web.conftest import form_token, sign_in, staff_account


def _status(vault: Vault, form_id: str) -> FormStatus:
    with vault.unit_of_work(read_only=True) as uow:
        return existing_form(uow, form_id).status


def _form(vault: Vault, operator: Actor) -> str:
    booking, _ = booked_customer(vault, operator)
    return submitted(vault, booking, ["hair_type=dry:told", "allergies=染发剂:told"])


def test_the_queue_shows_masked_guests_to_the_marketing_manager_and_not_to_servers(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    form = _form(vault, operator)
    sign_in(client, staff_account(vault, "server.w3", ["service_staff"]), clock)
    assert client.get("/forms/review").status_code == 403

    sign_in(client, staff_account(vault, "manager.w3", ["marketing_manager"]), clock)
    page = client.get("/forms/review")
    assert page.status_code == 200
    assert f'href="/forms/{form}/review"' in page.text
    assert "欧阳**" in page.text
    assert GUEST_NAME not in page.text
    assert "Asia/Shanghai" in page.text
    assert "待评审的客户信息收集表" in page.text


def test_a_review_refuses_an_item_without_consent_next_to_it_then_records_the_decisions(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    form = _form(vault, operator)
    sign_in(client, staff_account(vault, "manager.w3", ["marketing_manager"]), clock)
    path = f"/forms/{form}/review"
    opened = client.get(path)
    assert "染发剂" in opened.text
    assert "客人告知" in opened.text
    assert "未收集的必收集项目（※）： 肤质" in opened.text
    token = form_token(client, path)
    both = {"csrf_token": token, "review_with": "部长 李娜", "decision.hair_type": "accept"}

    refused = client.post(path, data=both | {"decision.allergies": "accept"})
    assert refused.status_code == 422
    [error] = [line for line in refused.text.splitlines() if 'role="alert"' in line]
    assert "allergies" in error
    assert "单独同意" in error
    assert _status(vault, form) is FormStatus.SUBMITTED

    done = client.post(path, data=both | {"decision.allergies": "reject"}, follow_redirects=False)
    assert done.status_code == 303
    assert _status(vault, form) is FormStatus.REVIEWED

    sign_in(client, staff_account(vault, "desk.w3", ["front_desk"]), clock)
    token = form_token(client, "/customers")
    entered = client.post(
        f"/forms/{form}/enter", data={"csrf_token": token}, follow_redirects=False
    )
    assert entered.status_code == 303
    assert _status(vault, form) is FormStatus.ENTERED
