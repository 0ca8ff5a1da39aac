"""The portal's one-step privacy choices as a customer meets them: a GPC signal honoured for a
California customer (and shown), the California links and pages, the objection to marketing."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Actor
from privault.services.customers.records import get_customer
from privault.services.requests.handling import list_requests
from privault.services.requests.regimes import set_customer_regimes
from privault.services.requests.relatives import open_relative_request
from privault.services.vault import Vault
from tests.conftest import OPERATOR
from tests.factories import EVERYTHING_SALON, register, unique_mobile
from tests.web.portal.test_pages import portal_sign_in, post

GPC = {"Sec-GPC": "1"}
ENGLISH = {"Accept-Language": "en"}
HONOURED = 'data-gpc="honoured"'
PROOF = "death certificate and household register seen at the counter"


def signed_in(client: TestClient, vault: Vault, operator: Actor, regimes: str) -> str:
    mobile = unique_mobile()
    customer = register(vault, operator, {"name": "张三丰", "mobile": mobile}, EVERYTHING_SALON)
    set_customer_regimes(vault, operator, customer, regimes)
    portal_sign_in(client, vault, mobile)
    return customer


@pytest.mark.legal("CCPA Regs §7025")
def test_a_gpc_signal_opts_a_california_customer_out_and_the_portal_says_so(
    client: TestClient, vault: Vault, operator: Actor
) -> None:
    customer = signed_in(client, vault, operator, "CA")

    page = client.get("/portal/me", headers={**GPC, **ENGLISH})
    again = client.get("/portal/me/consents", headers={**GPC, **ENGLISH})

    assert page.status_code == again.status_code == 200
    assert HONOURED in page.text
    assert "Opt-out request honoured" in page.text
    assert HONOURED in again.text  # still shown, recorded only once
    requests = list_requests(vault, OPERATOR, customer_id=customer)
    assert [(r.type.value, r.status.value) for r in requests] == [
        ("opt_out_sale_sharing", "completed")
    ]
    opted = client.get("/portal/me/do-not-sell", headers=ENGLISH)
    assert 'data-state="opted-out"' in opted.text
    assert HONOURED not in opted.text  # no signal on this visit: nothing to report


@pytest.mark.legal("CCPA Regs §7025")
def test_a_gpc_signal_from_a_chinese_customer_has_no_effect_and_no_error(
    client: TestClient, vault: Vault, operator: Actor
) -> None:
    customer = signed_in(client, vault, operator, "CN")
    client.get("/portal/me")
    before = {k: v for k, v in table_counts(vault.database).items() if k != "audit_events"}

    page = client.get("/portal/me", headers=GPC)

    assert page.status_code == 200
    assert HONOURED not in page.text
    assert "请勿出售或共享我的个人信息" not in page.text
    after = {k: v for k, v in table_counts(vault.database).items() if k != "audit_events"}
    assert after == before
    assert list_requests(vault, OPERATOR, customer_id=customer) == []


def test_california_customers_see_both_links_in_chinese_and_opt_out_in_one_step(
    client: TestClient, vault: Vault, operator: Actor
) -> None:
    customer = signed_in(client, vault, operator, "CN,CA")

    page = client.get("/portal/me")
    assert "请勿出售或共享我的个人信息" in page.text
    assert "限制使用我的敏感个人信息" in page.text
    assert post(client, "/portal/me/do-not-sell", {"customer_id": customer}) == 303
    shown = client.get("/portal/me/do-not-sell?done=opted_out")

    assert "您已退出：我们不再出售或共享您的个人信息。" in shown.text
    assert 'data-state="opted-out"' in shown.text
    assert len(list_requests(vault, OPERATOR, customer_id=customer)) == 1


@pytest.mark.legal("CCPA §1798.121")
def test_limiting_sensitive_use_in_the_portal_ends_the_separate_consent(
    client: TestClient, vault: Vault, operator: Actor
) -> None:
    customer = signed_in(client, vault, operator, "CA")

    assert post(client, "/portal/me/limit-sensitive", {"customer_id": customer}) == 303
    page = client.get("/portal/me/limit-sensitive?done=limited", headers=ENGLISH)

    assert "Done: we use your sensitive personal information only" in page.text
    assert "sensitive_care" not in get_customer(vault, OPERATOR, customer).purposes


@pytest.mark.legal("GDPR Art. 21(2)")
def test_one_button_on_my_consents_stops_all_direct_marketing(
    client: TestClient, vault: Vault, operator: Actor
) -> None:
    customer = signed_in(client, vault, operator, "EU")

    status = post(client, "/portal/me/consents/object-to-marketing", {"customer_id": customer})
    page = client.get("/portal/me/consents?done=objected")

    assert status == 303
    assert "已记录您的反对：所有直接营销均已停止。" in page.text
    assert set(get_customer(vault, OPERATOR, customer).purposes) == {
        "service",
        "membership",
        "sensitive_care",
    }


def test_a_choice_for_another_customer_is_refused_on_the_portal_page(
    client: TestClient, vault: Vault, operator: Actor
) -> None:
    signed_in(client, vault, operator, "CA")
    other = register(vault, operator, None, EVERYTHING_SALON)

    status = post(client, "/portal/me/consents/object-to-marketing", {"customer_id": other})

    assert status == 403
    assert "marketing_sms" in get_customer(vault, OPERATOR, other).purposes


@pytest.mark.legal("GB/T 35273-2020 §8.5")
def test_a_customer_opens_an_account_closure_from_my_requests(
    client: TestClient, vault: Vault, operator: Actor
) -> None:
    customer = signed_in(client, vault, operator, "CN")

    assert "注销我的账户" in client.get("/portal/me/requests").text
    status = post(
        client, "/portal/me/requests", {"customer_id": customer, "type": "account_closure"}
    )

    assert status == 303
    opened = list_requests(vault, OPERATOR, customer_id=customer)
    assert [(r.type.value, r.due_on.isoformat()) for r in opened] == [
        ("account_closure", "2026-12-14")
    ]


@pytest.mark.legal("PIPL Art. 49")
def test_a_customer_arranges_in_the_portal_that_relatives_may_not_ask_after_death(
    client: TestClient, vault: Vault, operator: Actor
) -> None:
    customer = signed_in(client, vault, operator, "CN")
    arrangement = "no relative may see or copy my data"

    empty = post(client, "/portal/me/consents/after-death", {"customer_id": customer})
    status = post(
        client,
        "/portal/me/consents/after-death",
        {"customer_id": customer, "arrangement": arrangement},
    )
    page = client.get("/portal/me/consents?done=arranged")
    refused = open_relative_request(
        vault, OPERATOR, customer, "access", "store", relation="child", proof=PROOF
    )

    assert (empty, status) == (303, 303)
    assert "已记录您的安排" in page.text
    assert refused.refusal_reason == "deceased_arranged_otherwise"
