"""Issue 17's browser test: a customer registers on the public page on a phone-sized screen
(390x844), the record waits for review, the store manager accepts it; another registration
is rejected and leaves no data."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from privault.services.customers.records import get_customer
from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.conftest import OPERATOR, FrozenClock
from tests.erasure_scan import scan_installation
from tests.web.conftest import Account, staff_account

KEPT = {"name": "韩梅梅", "mobile": "13912340001"}
DROPPED = {"name": "欧阳娜娜", "mobile": "13912340002"}


def _register_on_phone(
    browser: Browser, server: str, person: dict[str, str], request: pytest.FixtureRequest
) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{server}/register")
    expect(phone.get_by_role("heading", name="会员登记")).to_be_visible()
    boxes = phone.locator('input[name="purposes"]')
    for box in boxes.all():
        expect(box).not_to_be_checked()
    boxes.first.check()
    phone.get_by_label("姓名", exact=True).first.fill(person["name"])
    phone.get_by_label("手机号", exact=True).first.fill(person["mobile"])
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone's screen
    shoot(phone, request, f"phone-{person['mobile'][-1]}")
    phone.get_by_role("button", name="登记", exact=True).click()
    expect(phone.get_by_role("heading", name="谢谢，您已登记成功")).to_be_visible()
    context.close()


def _sign_in(page: Page, server: str, account: Account, clock: FrozenClock) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("账号").fill(account.name)
    page.get_by_label("密码").fill(account.password)
    page.get_by_label("动态验证码", exact=False).fill(account.code(clock))
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header .who")).to_have_text(account.name)


def test_a_phone_registration_waits_for_review_and_is_accepted_or_rejected(
    page: Page,
    browser: Browser,
    live_server: str,
    vault: Vault,
    clock: FrozenClock,
    request: pytest.FixtureRequest,
) -> None:
    _register_on_phone(browser, live_server, KEPT, request)
    _register_on_phone(browser, live_server, DROPPED, request)
    manager = staff_account(vault, "sm.han", ["store_manager"])
    _sign_in(page, live_server, manager, clock)

    page.goto(f"{live_server}/review")
    rows = page.locator("tr[data-customer]")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("img", name="登记页二维码")).to_be_visible()
    shoot(page, request, "queue")
    kept, dropped = (r.get_attribute("data-customer") or "" for r in rows.all())
    assert get_customer(vault, OPERATOR, kept).status == "pending"

    rows.first.get_by_role("button", name="接受").click()
    expect(page.get_by_role("status")).to_have_text("审核结果已记录。")
    page.locator(f'tr[data-customer="{dropped}"]').get_by_role("button", name="驳回并删除").click()
    expect(page.get_by_text("没有待审核的记录。")).to_be_visible()
    shoot(page, request, "decided")

    assert get_customer(vault, OPERATOR, kept).status == "active"
    assert scan_installation(vault, DROPPED.values()) == {}
