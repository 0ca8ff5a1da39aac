"""The member pages: the desk enrols a customer from their profile with the form token and sees
the member section; /members lists members with masked names in Chinese, filtered by level;
marketing sees counts per level and no name; the portal shows the member their own number and
level and why."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.customers.transactions import record_transaction
from privault.services.members.membership import enrol_member
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register
from tests.web.conftest import choose_language, form_token, sign_in, staff_account
from tests.web.portal.test_pages import portal_sign_in

DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
VALUES = {"name": "欧阳娜娜", "mobile": "13812345678"}


def test_the_desk_enrols_a_customer_from_the_profile_and_sees_the_member_section(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer_id = register(vault, operator, VALUES, MEMBER)
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    profile = f"/customers/{customer_id}"
    assert "/membership" in client.get(profile).text  # the enrol button

    token = form_token(client, profile)
    done = client.post(f"{profile}/membership", data={"csrf_token": token}, follow_redirects=False)

    assert done.status_code == 303
    page = client.get(done.headers["location"])
    assert "*****0018" in page.text  # the member section, masked
    forged = client.post(f"{profile}/membership", data={"csrf_token": "forged"})
    assert forged.status_code == 403


def test_enrolling_without_the_membership_consent_is_explained_on_the_profile(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "李雷", "mobile": "13812345679"})
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    choose_language(client, "zh", f"/customers/{customer_id}")
    token = form_token(client, f"/customers/{customer_id}")

    refused = client.post(f"/customers/{customer_id}/membership", data={"csrf_token": token})

    assert refused.status_code == 422
    assert "尚未同意“会员服务”目的" in refused.text


@pytest.mark.legal("GB/T 35273-2020 §7.3")
def test_the_member_list_masks_names_filters_by_level_and_speaks_chinese(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    first = register(vault, operator, VALUES, MEMBER)
    second = register(vault, operator, {"name": "周杰伦", "mobile": "13812345670"}, MEMBER)
    enrol_member(vault, DESK, first)
    enrol_member(vault, DESK, second)
    record_transaction(vault, DESK, second, "purchase", "2000.00")
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    choose_language(client, "zh", "/members")

    page = client.get("/members")
    silver = client.get("/members", params={"level": "silver"})

    assert page.status_code == 200
    assert ("欧阳**" in page.text, "周*伦" in page.text, "13812345678" in page.text) == (
        True,
        True,
        False,
    )
    assert "Asia/Shanghai" in page.text
    assert ("周*伦" in silver.text, "欧阳**" in silver.text) == (True, False)
    assert "银卡" in silver.text


def test_marketing_sees_counts_per_level_and_no_member(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    enrol_member(vault, DESK, register(vault, operator, VALUES, MEMBER))
    sign_in(client, staff_account(vault, "market.li", ["marketing"]), clock)

    page = client.get("/members")

    assert page.status_code == 200
    assert "<td>main</td><td>普通</td><td>1</td>" in page.text  # the level by its name
    assert ("欧阳" in page.text, "M00000018" in page.text) == (False, False)


@pytest.mark.legal("PIPL Art. 44")
def test_the_portal_shows_the_member_their_number_level_and_why(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = register(vault, operator, VALUES, MEMBER)
    enrol_member(vault, DESK, customer_id)
    record_transaction(vault, DESK, customer_id, "purchase", "2000.00")
    portal_sign_in(client, vault, VALUES["mobile"])
    choose_language(client, "zh", "/portal/me")

    page = client.get("/portal/me")

    assert page.status_code == 200
    assert ("普通" in page.text, "银卡" in page.text) == (False, True)
    assert "已达升级标准：近 12 个月消费 2000 元、到店 1 次" in page.text


def test_the_manager_changes_a_members_level_with_a_reason_from_the_profile(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer_id = register(vault, operator, VALUES, MEMBER)
    enrol_member(vault, operator, customer_id)
    sign_in(client, staff_account(vault, "mgr.wu", ["store_manager"]), clock)
    choose_language(client, "zh", "/")
    profile = f"/customers/{customer_id}"
    token = form_token(client, profile)

    no_reason = client.post(
        f"{profile}/membership/level", data={"csrf_token": token, "level": "gold", "reason": ""}
    )
    unknown = client.post(
        f"{profile}/membership/level",
        data={"csrf_token": token, "level": "platinum", "reason": "老客户"},
    )
    done = client.post(
        f"{profile}/membership/level",
        data={"csrf_token": token, "level": "gold", "reason": "老客户转入"},
        follow_redirects=True,
    )

    assert no_reason.status_code == 422
    assert "调整原因：请说明原因（将记入审计记录）" in no_reason.text
    assert unknown.status_code == 422
    assert "新等级：" in unknown.text
    assert "会员等级已调整。" in done.text
    assert "金卡" in done.text.split('id="member"')[1]
    with vault.unit_of_work() as uow:
        member = uow.members.of_customer(customer_id)
    assert member is not None
    assert member.level == "gold"


def test_the_desk_gets_no_level_form(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer_id = register(vault, operator, VALUES, MEMBER)
    enrol_member(vault, operator, customer_id)
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    assert "/membership/level" not in client.get(f"/customers/{customer_id}").text
