"""The front desk and a technician in Chromium: registering a customer with consent and
finding them again; allergies shown only where the customer gave separate consent."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register
from tests.web.conftest import Account, staff_account

WORDS = {
    "zh-CN": {
        "account": "账号",
        "password": "密码",
        "sign_in": "登录",
        "reveal": "查看明文",
        "purpose": "查看目的",
        "note": "备注（可选）",
        "show": "显示明文",
        "allergies": "过敏情况",
    },
    "en-GB": {
        "account": "Account",
        "password": "Password",
        "sign_in": "Sign in",
        "reveal": "Reveal",
        "purpose": "Purpose of this reveal",
        "note": "Note (optional)",
        "show": "Show the clear value",
        "allergies": "Allergies",
    },
}


def _sign_in(page: Page, server: str, account: Account, locale: str = "zh-CN") -> None:
    words = WORDS[locale]
    page.goto(f"{server}/login")
    page.get_by_label(words["account"]).fill(account.name)
    page.get_by_label(words["password"]).fill(account.password)
    page.get_by_role("button", name=words["sign_in"]).click()
    expect(page.locator("header .who")).to_have_text(account.name)


def test_the_front_desk_registers_a_customer_with_consent_and_finds_them(
    page: Page, live_server: str, vault: Vault, request: pytest.FixtureRequest
) -> None:
    _sign_in(page, live_server, staff_account(vault, "li.na", ["front_desk"]))
    page.get_by_role("link", name="登记新客户").click()
    expect(page.get_by_role("heading", name="登记新客户")).to_be_visible()
    expect(page.get_by_text("个人信息处理者")).to_be_visible()
    for box in page.locator('input[name="purposes"]').all():
        expect(box).not_to_be_checked()
    page.get_by_label("服务履行").check()
    page.get_by_label("短信营销").check()
    page.get_by_label("姓名", exact=True).fill("张三丰")
    page.get_by_label("手机号", exact=True).fill("138 1234 5678")
    shoot(page, request, "registration")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_role("heading", name="客户 张*丰")).to_be_visible()
    expect(page.get_by_text("138****5678")).to_be_visible()
    shoot(page, request, "profile")
    page.goto(f"{live_server}/customers")
    page.get_by_label("查找方式").select_option("mobile_tail")
    page.get_by_label("查找内容").fill("5678")
    page.get_by_role("button", name="查找", exact=True).click()
    expect(page.get_by_role("heading", name="找到 1 位客户")).to_be_visible()
    expect(page.get_by_role("cell", name="138****5678")).to_be_visible()
    shoot(page, request, "found")
    page.get_by_role("link", name="打开").click()
    expect(page.get_by_role("heading", name="客户 张*丰")).to_be_visible()


@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_a_technician_sees_allergies_only_where_the_customer_consented_to_allergy_care(
    browser: Browser,
    live_server: str,
    vault: Vault,
    clock: FrozenClock,
    request: pytest.FixtureRequest,
    locale: str,
) -> None:
    words = WORDS[locale]
    consented = register(
        vault,
        OPERATOR,
        {"name": "王芳", "mobile": "13900001111", "allergies": "染发剂 PPD", "hair_type": "dry"},
        ("service", "sensitive_care"),
    )
    without = register(vault, OPERATOR, {"name": "李雷", "mobile": "13900002222"}, ("service",))
    technician = staff_account(vault, "zhao.tech", ["service_staff"])
    context = browser.new_context(locale=locale, viewport={"width": 1024, "height": 768})
    page = context.new_page()
    _sign_in(page, live_server, technician, locale)

    page.goto(f"{live_server}/customers/{consented}")
    row = page.locator("#row-allergies")
    expect(row.get_by_text(words["allergies"])).to_be_visible()
    expect(row).not_to_contain_text("PPD")
    expect(page.locator("#row-mobile")).to_have_count(0)  # no contact data for a technician
    row.locator("summary", has_text=words["reveal"]).click()
    row.get_by_label(words["purpose"]).select_option("sensitive_care")
    row.get_by_label(words["note"]).fill("hair colouring today")
    row.get_by_role("button", name=words["show"]).click()
    expect(row.locator("output")).to_have_text("染发剂 PPD")
    shoot(page, request, "allergies-revealed")

    page.goto(f"{live_server}/customers/{without}")
    expect(page.locator("#row-name")).to_be_visible()
    expect(page.locator("#row-allergies")).to_have_count(0)
    expect(page.get_by_text(words["allergies"])).to_have_count(0)
    shoot(page, request, "no-allergies")
    context.close()
