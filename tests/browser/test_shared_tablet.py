"""A shared front-desk tablet in Chromium: the store manager marks the browser; two desk staff
switch on it, each in two taps (换人, their name) and their PIN; left idle, the tablet goes to
its lock page by itself (the store's idle time set to a few seconds). axe-core checks the lock
page, the PIN form and the manager's page (0 critical, 0 serious)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.staff.pins import set_pin
from privault.services.stores.registry import add_store
from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.browser.test_accessibility import AXE, BLOCKING, RUN_AXE
from tests.conftest import FrozenClock
from tests.web.conftest import Account, staff_account

OWNER = Actor("owner.li", frozenset({"owner"}))
READER = Actor("trail.reader", frozenset({"auditor"}))
IDLE_SECONDS = 3


def _blocking(page: Page) -> list[str]:
    return [f"{v['impact']} {v['rule']}" for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


def _desk(vault: Vault, name: str, pin: str) -> Account:
    account = staff_account(vault, name, ["front_desk"])
    set_pin(vault, Actor(name, frozenset({"front_desk"})), account.password, pin)
    return account


def _switch(page: Page, name: str, pin: str) -> None:
    """Two taps and the PIN: 换人, the name; then the PIN, sent with Enter."""
    page.get_by_role("button", name="换人").click()
    page.get_by_role("link", name=name).click()
    page.get_by_label("您的数字密码").fill(pin)
    page.get_by_label("您的数字密码").press("Enter")
    expect(page.locator(".who")).to_have_text(name)


def test_two_desk_staff_switch_on_a_shared_tablet_and_it_locks_when_idle(
    browser: Browser,
    live_server: str,
    vault: Vault,
    clock: FrozenClock,
    request: pytest.FixtureRequest,
) -> None:
    add_store(vault, OWNER, "east", {"name": "东门店", "idle_seconds": str(IDLE_SECONDS)})
    manager = staff_account(vault, "manager.east", ["store_manager"])
    _desk(vault, "desk.chen", "2468")
    _desk(vault, "desk.zhou", "13579")
    context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 768})
    context.add_init_script(path=AXE)
    page = context.new_page()

    page.goto(f"{live_server}/login")
    page.get_by_label("账号").fill(manager.name)
    page.get_by_label("密码").fill(manager.password)
    page.get_by_label("动态验证码", exact=False).fill(manager.code(clock))
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/devices")
    page.get_by_label("门店").select_option("east")
    page.get_by_label("平板名称").fill("前台平板 1")
    page.get_by_role("button", name="设为共享平板").click()
    expect(page.get_by_text("此浏览器已设为共享平板。")).to_be_visible()
    assert _blocking(page) == []

    _switch(page, "desk.chen", "2468")
    shoot(page, request, "desk-chen")
    page.get_by_role("button", name="换人").click()
    expect(page.get_by_role("heading", name="现在由谁使用平板？")).to_be_visible()
    assert _blocking(page) == []
    shoot(page, request, "lock")
    page.get_by_role("link", name="desk.zhou").click()
    assert _blocking(page) == []
    page.get_by_label("您的数字密码").fill("13579")
    page.get_by_label("您的数字密码").press("Enter")
    expect(page.locator(".who")).to_have_text("desk.zhou")

    # Left alone: the page's own timer sends the lock form once the idle time has passed.
    page.wait_for_url(f"{live_server}/lock", timeout=(IDLE_SECONDS + 10) * 1000)
    expect(page.get_by_role("heading", name="现在由谁使用平板？")).to_be_visible()
    shoot(page, request, "idle-locked")
    context.close()

    trail = list_audit_events(vault, READER, limit=200)
    switches = [
        e.actor for e in reversed(trail) if e.action == Action.SIGN_IN and "PIN" in (e.reason or "")
    ]
    locks = [(e.actor, e.reason) for e in reversed(trail) if e.action == Action.SIGN_OUT]
    assert switches == ["desk.chen", "desk.zhou"]
    assert locks[-1] == ("desk.zhou", "shared device of store east locked when idle")
    assert ("desk.chen", "shared device of store east locked to switch") in locks
