"""The front desk and a technician in Chromium: registering a customer with consent and
finding them again; a technician's today list shows allergies only where the customer gave
separate consent, and no customer profile opens to them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from privault.domain.policy import Actor
from privault.services.service_day.bookings import BookingRequest, book
from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register
from tests.web.conftest import Account, staff_account

TODAY = "2026-11-23"  # the frozen clock's day in the shop's calendar (Asia/Shanghai)
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
WORDS = {
    "zh-CN": {
        "account": "账号",
        "password": "密码",
        "sign_in": "登录",
        "badge": "过敏／忌口提示",
    },
    "en-GB": {
        "account": "Account",
        "password": "Password",
        "sign_in": "Sign in",
        "badge": "Allergy / dietary warning",
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
    expect(page.get_by_role("heading", name="个人信息处理者")).to_be_visible()
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
    """On today's list (issue 15): the technician sees their appointments' serving fields, the
    allergy with its badge only under the separate consent, and no customer profile at all."""
    words = WORDS[locale]
    consented = register(
        vault,
        OPERATOR,
        {"name": "王芳", "mobile": "13900001111", "allergies": "染发剂 PPD", "hair_type": "dry"},
        ("service", "sensitive_care"),
    )
    without = register(vault, OPERATOR, {"name": "李雷", "mobile": "13900002222"}, ("service",))
    technician = staff_account(vault, "zhao.tech", ["service_staff"])
    with_allergy = _appointment(vault, consented, "14:00")
    plain = _appointment(vault, without, "16:00")
    context = browser.new_context(locale=locale, viewport={"width": 1024, "height": 768})
    page = context.new_page()
    _sign_in(page, live_server, technician, locale)

    page.goto(f"{live_server}/today")
    card = page.locator(f"[data-booking='{with_allergy}']")
    expect(card.get_by_text(words["badge"]).first).to_be_visible()
    expect(card).to_contain_text("染发剂 PPD")
    expect(card).not_to_contain_text("13900001111")
    other = page.locator(f"[data-booking='{plain}']")
    expect(other).to_be_visible()
    expect(other.get_by_text(words["badge"])).to_have_count(0)
    shoot(page, request, "today-allergy-badge")

    response = page.goto(f"{live_server}/customers/{consented}")
    assert response is not None
    assert response.status == 403
    context.close()


def _appointment(vault: Vault, customer_id: str, starts: str) -> str:
    ends = f"{int(starts[:2]) + 1:02d}:00"
    slot = BookingRequest(
        date=TODAY, starts=starts, ends=ends, customer_id=customer_id, technician="zhao.tech"
    )
    return book(vault, DESK, slot).id
