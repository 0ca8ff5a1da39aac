"""The portal's one-step privacy choices in Chromium, in Chinese: a California customer whose
browser sends Global Privacy Control, the two California links, the objection to marketing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from privault.domain.policy import Actor
from privault.services.customers.records import get_customer
from privault.services.requests.regimes import set_customer_regimes
from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.browser.test_portal import sms_code
from tests.conftest import OPERATOR
from tests.factories import EVERYTHING_SALON, register, unique_mobile


def sign_in(page: Page, live_server: str, vault: Vault, mobile: str) -> None:
    page.goto(f"{live_server}/portal/sign-in")
    page.get_by_label("手机号或电子邮箱").fill(mobile)
    page.get_by_role("button", name="发送验证码").click()
    page.get_by_label("验证码").fill(sms_code(vault))
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的信息", exact=True)).to_be_visible()


@pytest.mark.legal("CCPA Regs §7025", "GDPR Art. 21(2)")
def test_a_california_customer_with_gpc_is_opted_out_and_stops_all_marketing_in_one_step(
    page: Page, live_server: str, vault: Vault, operator: Actor, request: pytest.FixtureRequest
) -> None:
    mobile = unique_mobile()
    customer = register(vault, operator, {"name": "张三丰", "mobile": mobile}, EVERYTHING_SALON)
    set_customer_regimes(vault, operator, customer, "CA")
    page.context.set_extra_http_headers({"Sec-GPC": "1"})

    sign_in(page, live_server, vault, mobile)
    expect(page.locator('[data-gpc="honoured"]')).to_contain_text("全球隐私控制（GPC）信号")
    shoot(page, request, "gpc-honoured")
    page.get_by_role("link", name="请勿出售或共享我的个人信息").click()
    expect(page.get_by_role("heading", name="请勿出售或共享我的个人信息")).to_be_visible()
    expect(page.locator('[data-state="opted-out"]')).to_be_visible()
    shoot(page, request, "do-not-sell")
    expect(page.get_by_role("link", name="限制使用我的敏感个人信息")).to_be_visible()

    page.get_by_role("link", name="我的同意").click()
    page.get_by_role("button", name="停止所有直接营销").click()
    expect(page.get_by_text("已记录您的反对：所有直接营销均已停止。")).to_be_visible()
    shoot(page, request, "objected")

    assert set(get_customer(vault, OPERATOR, customer).purposes) == {
        "service",
        "membership",
        "sensitive_care",
    }
