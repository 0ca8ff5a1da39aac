"""Signing in to the console in a real browser, in Chinese and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.conftest import FrozenClock
from tests.web.conftest import staff_account


def test_a_store_manager_signs_in_with_a_code_and_sees_the_start_page_in_chinese(
    page: Page, live_server: str, vault: Vault, clock: FrozenClock, request: pytest.FixtureRequest
) -> None:
    manager = staff_account(vault, "wang.wu", ["store_manager"])
    page.goto(f"{live_server}/")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    page.get_by_label("账号").fill(manager.name)
    page.get_by_label("密码").fill(manager.password)
    page.get_by_label("动态验证码", exact=False).fill(manager.code(clock))
    shoot(page, request, "login")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="您好，wang.wu")).to_be_visible()
    expect(page.get_by_role("link", name="客户", exact=True)).to_be_visible()
    shoot(page, request, "home")


def test_the_sign_in_page_speaks_english_to_an_english_browser(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    context.close()
