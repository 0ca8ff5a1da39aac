"""The privacy actions on the console's customer profile: restrict, lift the restriction and
erase, shown to the roles that may do them and refused (in Chinese) as the services decide."""

from __future__ import annotations

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.errors import NotFoundError
from privault.domain.policy import Action
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import get_customer
from privault.services.retention.holds import place_hold
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import MEMBER, register
from tests.web.conftest import (
    ADMIN,
    assert_only_the_forgery_was_recorded,
    form_token,
    sign_in,
    staff_account,
)

ACTIONS = ("restrict", "lift-restriction", "erase")


@pytest.fixture
def member(vault: Vault) -> str:
    return register(vault, OPERATOR, {"name": "张三丰", "mobile": "13812345678"}, MEMBER)


@pytest.fixture
def officer(vault: Vault, client: TestClient, clock: FrozenClock) -> TestClient:
    sign_in(client, staff_account(vault, "zhou.po", ["privacy_officer"]), clock)
    return client


@pytest.fixture
def desk(vault: Vault, client: TestClient, clock: FrozenClock) -> TestClient:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    return client


def _post(client: TestClient, customer_id: str, action: str, **data: str) -> httpx.Response:
    token = form_token(client, f"/customers/{customer_id}")
    return client.post(
        f"/customers/{customer_id}/{action}",
        data={"csrf_token": token, **data},
        follow_redirects=False,
    )


def _events(vault: Vault, customer_id: str, action: Action) -> list[tuple[str, str | None]]:
    return [
        (e.outcome.value, e.reason)
        for e in list_audit_events(vault, ADMIN, customer_id=customer_id)
        if e.action == action
    ]


def test_the_privacy_officer_sees_the_privacy_actions_in_chinese(
    officer: TestClient, member: str
) -> None:
    page = officer.get(f"/customers/{member}").text
    assert "隐私处理" in page
    assert f'action="/customers/{member}/restrict"' in page
    assert f'action="/customers/{member}/erase"' in page
    assert "我确认删除不可恢复" in page
    assert "lift-restriction" not in page  # the customer is not restricted


def test_the_front_desk_sees_no_privacy_action(desk: TestClient, member: str) -> None:
    page = desk.get(f"/customers/{member}")
    assert page.status_code == 200
    for action in ACTIONS:
        assert f"/customers/{member}/{action}" not in page.text
    assert "隐私处理" not in page.text


def test_restricting_and_lifting_go_through_the_page_and_are_audited(
    vault: Vault, officer: TestClient, member: str
) -> None:
    done = _post(officer, member, "restrict", reason="客户对手机号有异议")
    assert (done.status_code, done.headers["location"]) == (
        303,
        f"/customers/{member}?done=restrict",
    )
    assert get_customer(vault, OPERATOR, member).status == "restricted"
    page = officer.get(done.headers["location"]).text
    assert "已限制处理：信息仅保存，不再使用。" in page
    assert f'action="/customers/{member}/lift-restriction"' in page
    assert f'action="/customers/{member}/restrict"' not in page

    lifted = _post(officer, member, "lift-restriction", reason="手机号已更正")
    assert lifted.headers["location"] == f"/customers/{member}?done=lift"
    assert get_customer(vault, OPERATOR, member).status == "active"
    assert sorted(_events(vault, member, Action.RESTRICT)) == [
        ("allowed", "restricted: 客户对手机号有异议"),
        ("allowed", "restriction lifted: 手机号已更正"),
    ]


def test_a_restriction_without_a_reason_is_refused_next_to_its_form(
    vault: Vault, officer: TestClient, member: str
) -> None:
    refused = _post(officer, member, "restrict", reason="   ")
    assert refused.status_code == 422
    assert '<p class="error" role="alert" id="e_restrict">请写明原因' in refused.text
    assert get_customer(vault, OPERATOR, member).status == "active"
    assert _events(vault, member, Action.RESTRICT) == []


def test_erasing_leads_to_the_search_page_with_a_notice_and_leaves_only_a_tombstone(
    vault: Vault, officer: TestClient, member: str
) -> None:
    done = _post(officer, member, "erase", reason="客户要求删除", confirm="yes")
    assert (done.status_code, done.headers["location"]) == (303, "/customers?erased=1")
    assert "该客户已删除，仅保留删除记录。" in officer.get(done.headers["location"]).text
    with pytest.raises(NotFoundError, match="was erased"):
        get_customer(vault, OPERATOR, member)
    assert _events(vault, member, Action.ERASE) == [("allowed", "客户要求删除")]


def test_an_erasure_without_the_ticked_confirmation_changes_nothing(
    vault: Vault, officer: TestClient, member: str
) -> None:
    refused = _post(officer, member, "erase", reason="客户要求删除")
    assert refused.status_code == 422
    assert "请勾选“我确认删除不可恢复”" in refused.text
    assert "客户要求删除</textarea>" in refused.text  # the reason is kept
    assert get_customer(vault, OPERATOR, member).id == member
    assert _events(vault, member, Action.ERASE) == []


def test_a_held_customers_erasure_is_refused_in_chinese_and_audited(
    vault: Vault, officer: TestClient, member: str
) -> None:
    place_hold(vault, OPERATOR, member, "法院调查 2026-17")
    refused = _post(officer, member, "erase", reason="客户要求删除", confirm="yes")
    assert refused.status_code == 409
    assert "诉讼保全" in refused.text
    assert "legal hold" not in refused.text
    assert get_customer(vault, OPERATOR, member).fields["mobile"] == "138****5678"
    assert [outcome for outcome, _ in _events(vault, member, Action.ERASE)] == ["denied"]


def test_the_front_desk_is_refused_on_the_page_and_nothing_changes(
    vault: Vault, desk: TestClient, member: str
) -> None:
    refused = _post(desk, member, "restrict", reason="顾客要求")
    assert refused.status_code == 403
    assert "角色 前台 无权执行 限制处理" in refused.text  # the role and the action by name
    assert get_customer(vault, OPERATOR, member).status == "active"
    assert _events(vault, member, Action.RESTRICT) == [
        ("denied", "role front_desk may not customer.restrict")
    ]


@pytest.mark.parametrize("token", ["forged", None])
@pytest.mark.parametrize("action", ACTIONS)
def test_a_forged_or_missing_form_token_changes_nothing(
    vault: Vault, officer: TestClient, member: str, action: str, token: str | None
) -> None:
    form_token(officer, f"/customers/{member}")  # the browser has its cookie
    before = table_counts(vault.database)
    data = {"reason": "客户要求", "confirm": "yes"} | ({"csrf_token": token} if token else {})
    answer = officer.post(f"/customers/{member}/{action}", data=data, follow_redirects=False)
    assert answer.status_code == 403
    assert_only_the_forgery_was_recorded(vault, before, f"POST /customers/{member}/{action}")
    assert get_customer(vault, OPERATOR, member).status == "active"
