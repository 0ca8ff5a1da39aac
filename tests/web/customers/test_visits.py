"""The profile's visits and purchases: the history in the shop's time zone with amounts in the
reader's locale (masked per role), the check-out form and the reverse button."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Actor
from privault.services.customers.transactions import record_transaction
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import enrolled_staff, register
from tests.web.conftest import ADMIN, choose_language, form_token, sign_in, staff_account

DESK = Actor("desk.wang", frozenset({"front_desk"}))


@pytest.fixture
def customer(vault: Vault) -> str:
    enrolled_staff(vault, ADMIN, "tech.li", ["service_staff"], ["main"])
    return register(vault, OPERATOR)


def _check_out(client: TestClient, customer: str, **data: str) -> object:
    token = form_token(client, f"/customers/{customer}")
    return client.post(
        f"/customers/{customer}/visits", data={"csrf_token": token, **data}, follow_redirects=False
    )


def test_a_manager_records_a_check_out_sees_it_in_clear_and_reverses_it(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "mgr.li", ["store_manager", "privacy_officer"]), clock)
    choose_language(client, "en", next="/")
    lines = "Wash and cut 1 88.00\nConditioner 2 40.50"

    done = _check_out(client, customer, items=lines, served_by="tech.li")

    assert done.status_code == 303  # type: ignore[attr-defined]
    page = client.get(f"/customers/{customer}?done=visit")
    assert "Visits and purchases" in page.text
    assert "time zone, Asia/Shanghai." in page.text
    assert "2026-11-23 17:30" in page.text  # 09:30 UTC, in Shanghai
    assert "CN¥128.50" in page.text
    assert "Wash and cut × 1 CN¥88.00" in page.text
    assert "tech.li" in page.text
    token = form_token(client, f"/customers/{customer}")
    unexplained = client.post(
        f"/customers/{customer}/visits/1/reverse", data={"csrf_token": token, "reason": " "}
    )
    assert unexplained.status_code == 422
    assert 'id="e_reverse_1"' in unexplained.text
    assert "say why the entry is reversed" in unexplained.text
    reversed_ = client.post(
        f"/customers/{customer}/visits/1/reverse",
        data={"csrf_token": token, "reason": "wrong customer"},
    )
    assert "-CN¥128.50" in reversed_.text
    assert "reversed by #2" in reversed_.text
    assert "reverses #1: wrong customer" in reversed_.text
    assert "Reverse this entry" not in reversed_.text  # neither entry can be reversed again


def test_the_front_desk_sees_amounts_masked_in_chinese(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    record_transaction(vault, DESK, customer, None, "128.50", item="洗剪吹")
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)

    page = client.get(f"/customers/{customer}")

    assert "到店与消费记录" in page.text
    assert "金额和项目按您的角色显示为掩码。" in page.text
    assert "128.50" not in page.text
    assert "洗***" in page.text
    assert "结账登记" in page.text


def test_serving_staff_see_no_profile_and_no_visits(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    record_transaction(vault, DESK, customer, None, "128.50")
    sign_in(client, staff_account(vault, "tech.wu", ["service_staff"]), clock)
    page = client.get(f"/customers/{customer}")
    assert page.status_code == 403  # a customer reaches them only through their bookings
    assert 'id="visits"' not in page.text
    assert "128.50" not in page.text


def test_a_bad_check_out_is_shown_at_its_field_keeps_the_input_and_changes_nothing(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    choose_language(client, "en", next="/")
    before = table_counts(vault.database)

    answer = _check_out(client, customer, items="Perm 1 288.00", served_by="nobody")

    assert answer.status_code == 422  # type: ignore[attr-defined]
    text = answer.text  # type: ignore[attr-defined]
    assert 'id="e_visit_served_by"' in text
    assert "nobody is no active staff account of store main" in text
    assert "Perm 1 288.00</textarea>" in text
    after = table_counts(vault.database)
    assert after["transactions"] == before["transactions"] == 0
