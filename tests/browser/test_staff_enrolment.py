"""A new store manager enrols in a real browser: the code from their own phone, their own
password, then their own authenticator, confirmed with one code."""

from __future__ import annotations

import pyotp
import pytest
from playwright.sync_api import Page, expect

from privault.services.staff.accounts import add_staff
from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.conftest import FrozenClock
from tests.factories import STAFF_PASSWORD, enrolment_code
from tests.web.conftest import ADMIN

MOBILE = "13812345678"


def test_a_new_manager_enrols_with_the_code_from_their_phone_and_their_authenticator(
    page: Page, live_server: str, vault: Vault, clock: FrozenClock, request: pytest.FixtureRequest
) -> None:
    add_staff(vault, ADMIN, "wang.wu", ["store_manager"], mobile=MOBILE)
    page.goto(f"{live_server}/staff/enrol")
    expect(page.get_by_role("heading", name="开通您的员工账号")).to_be_visible()
    page.get_by_label("账号").fill("wang.wu")
    page.get_by_label("开通码").fill(enrolment_code(vault, MOBILE))
    page.get_by_label("您的新密码", exact=True).fill(STAFF_PASSWORD)
    page.get_by_label("再次输入密码").fill(STAFF_PASSWORD)
    shoot(page, request, "code")
    page.get_by_role("button", name="开通").click()
    secret = page.locator("code.secret").inner_text()
    shoot(page, request, "authenticator")
    page.get_by_label("您的新密码", exact=True).fill(STAFF_PASSWORD)
    page.get_by_label("验证器动态码").fill(pyotp.TOTP(secret).at(clock.now))
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("您的账号 wang.wu 已开通。")).to_be_visible()
    shoot(page, request, "done")
