"""The console's points and stored value: masked on the profile, opened on their own page (an
audited read) with the desk's top-up, payment and redemption; marketing sees nothing; the
portal shows a customer their own, in Chinese, times in the shop's zone named."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privault.domain.policy import Action
from privault.services.audit.events import list_audit_events
from privault.services.customers.transactions import record_transaction
from privault.services.vault import Vault
from privault.services.wallet.movements import top_up
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register, unique_mobile
from tests.web.conftest import choose_language, form_token, sign_in, staff_account
from tests.web.portal.test_pages import portal_sign_in


@pytest.mark.legal("GB/T 35273-2020 Annex B", "GB/T 35273-2020 §7.3")
def test_the_profile_masks_balances_and_the_desk_opens_and_moves_them(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(vault, OPERATOR)
    top_up(vault, OPERATOR, customer, "1000")
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    choose_language(client, "zh", "/")

    profile = client.get(f"/customers/{customer}").text
    assert "积分与储值" in profile
    assert "¥****" in profile
    assert "1,000.00" not in profile

    token = form_token(client, f"/customers/{customer}/ledgers")
    paid = client.post(
        f"/customers/{customer}/ledgers/wallet/spend",
        data={"csrf_token": token, "amount": "88.5"},
        follow_redirects=False,
    )
    assert paid.status_code == 303
    too_much = client.post(
        f"/customers/{customer}/ledgers/wallet/spend", data={"csrf_token": token, "amount": "5000"}
    )
    assert too_much.status_code == 422
    assert "储值余额不足" in too_much.text
    page = client.get(f"/customers/{customer}/ledgers").text
    assert "¥911.50" in page
    assert "Asia/Shanghai" in page
    reads = [
        e
        for e in list_audit_events(vault, OPERATOR, customer_id=customer)
        if e.action == Action.WALLET_READ
    ]
    assert {e.actor for e in reads} == {"desk.wu"}


@pytest.mark.legal("GB/T 35273-2020 Annex B")
def test_marketing_sees_no_balance_section_and_is_refused_the_page(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(vault, OPERATOR)
    sign_in(client, staff_account(vault, "mk.manager", ["marketing_manager"]), clock)

    profile = client.get(f"/customers/{customer}")
    assert profile.status_code == 200
    assert "Points and stored value" not in profile.text
    assert "积分与储值" not in profile.text
    assert "/ledgers" not in profile.text
    assert client.get(f"/customers/{customer}/ledgers").status_code == 403


@pytest.mark.legal("PIPL Art. 45")
def test_the_portal_shows_the_customer_their_points_and_stored_value(
    vault: Vault, client: TestClient
) -> None:
    mobile = unique_mobile()
    customer = register(vault, OPERATOR, {"name": "张三丰", "mobile": mobile})
    record_transaction(vault, OPERATOR, customer, "purchase", "128.50")
    top_up(vault, OPERATOR, customer, "200")
    portal_sign_in(client, vault, mobile)

    page = client.get("/portal/me").text

    assert "我的积分与储值" in page
    assert "¥200.00" in page
    assert ">128<" in page
    assert "Asia/Shanghai" in page


def test_the_manager_refunds_stored_value_and_adjusts_points_with_a_reason(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(vault, OPERATOR)
    top_up(vault, OPERATOR, customer, "300")
    record_transaction(vault, OPERATOR, customer, "purchase", "100")
    sign_in(client, staff_account(vault, "mgr.wu", ["store_manager"]), clock)
    choose_language(client, "zh", "/")
    page = f"/customers/{customer}/ledgers"
    token = form_token(client, page)

    no_reason = client.post(
        f"{page}/wallet/refund", data={"csrf_token": token, "amount": "50", "note": ""}
    )
    bad_points = client.post(
        f"{page}/points/adjust", data={"csrf_token": token, "amount": "十", "note": "补录"}
    )
    refunded = client.post(
        f"{page}/wallet/refund",
        data={"csrf_token": token, "amount": "50", "note": "顾客要求退还"},
        follow_redirects=True,
    )
    adjusted = client.post(
        f"{page}/points/adjust",
        data={"csrf_token": token, "amount": "-20", "note": "重复积分"},
        follow_redirects=True,
    )

    assert no_reason.status_code == 422
    assert "理由：请说明储值退款的原因" in no_reason.text
    assert 'value="50"' in no_reason.text  # what was typed stays in its form
    assert bad_points.status_code == 422
    assert "调整积分（可正可负）：" in bad_points.text
    assert "储值退款已记录。" in refunded.text
    assert "¥250.00" in refunded.text
    assert "积分调整已记录。" in adjusted.text
    assert "重复积分" in adjusted.text
    kinds = [
        e.reason
        for e in list_audit_events(vault, OPERATOR, customer_id=customer)
        if e.action == Action.LEDGER_CORRECT
    ]
    assert len(kinds) == 2
    assert all(r and ("refund" in r or "adjust" in r) for r in kinds)


def test_the_desk_gets_no_correction_forms(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(vault, OPERATOR)
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    page = client.get(f"/customers/{customer}/ledgers").text
    assert "/ledgers/wallet/topup" in page
    assert "/ledgers/wallet/refund" not in page
    token = form_token(client, f"/customers/{customer}/ledgers")
    refused = client.post(
        f"/customers/{customer}/ledgers/wallet/refund",
        data={"csrf_token": token, "amount": "1", "note": "试试"},
    )
    assert refused.status_code == 403
