"""The privacy officer fulfils a deletion request in a real browser, in Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from privault.db.inspection import table_counts
from privault.domain.policy import Actor
from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import staff_account


def test_the_privacy_officer_fulfils_a_deletion_request_in_chinese(
    page: Page,
    live_server: str,
    vault: Vault,
    clock: FrozenClock,
    operator: Actor,
    request: pytest.FixtureRequest,
) -> None:
    customer = register(vault, operator, {"name": "李四", "mobile": "13912340000"})
    officer = staff_account(vault, "zhou.officer", ["privacy_officer"])
    page.goto(f"{live_server}/login")
    page.get_by_label("账号").fill(officer.name)
    page.get_by_label("密码").fill(officer.password)
    page.get_by_label("动态验证码", exact=False).fill(officer.code(clock))
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="您好，zhou.officer")).to_be_visible()

    page.goto(f"{live_server}/requests/new?customer={customer}")
    expect(page.get_by_role("heading", name="登记请求")).to_be_visible()
    expect(page.locator("p.subject")).to_contain_text("李*")  # masked; no id to type
    page.get_by_label("类型").select_option(label="删除")
    page.get_by_label("收到渠道").select_option(label="门店")
    shoot(page, request, "open")
    page.get_by_role("button", name="登记该请求").click()

    expect(page.locator("dd.status")).to_have_text("已收到")
    verify = page.locator("#verify")
    verify.get_by_label("到店出示身份证件").check()
    verify.get_by_label("备注", exact=False).fill("居民身份证，柜台出示")
    shoot(page, request, "verify")
    verify.get_by_role("button", name="核验", exact=True).click()

    expect(page.locator("dd.status")).to_have_text("身份已核验")
    expect(page.locator(".verification-note")).to_have_text("居民身份证，柜台出示")
    page.locator("#fulfil").get_by_role("button", name="办理该请求").click()

    expect(page.locator("dd.status")).to_have_text("已完成")
    expect(page.locator("dd.subject")).to_contain_text("已于 2026-11-23 删除，仅保留删除记录")
    expect(page.locator("#fulfil")).to_have_count(0)
    shoot(page, request, "completed")
    counts = table_counts(vault.database)
    assert (counts["customers"], counts["tombstones"]) == (0, 1)


def test_the_dashboard_charts_are_drawn_by_echarts_under_the_content_security_policy(
    page: Page,
    live_server: str,
    vault: Vault,
    clock: FrozenClock,
    operator: Actor,
    request: pytest.FixtureRequest,
) -> None:
    register(vault, operator, channel="phone")
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    officer = staff_account(vault, "qian.officer", ["privacy_officer"])
    page.goto(f"{live_server}/login")
    page.get_by_label("账号").fill(officer.name)
    page.get_by_label("密码").fill(officer.password)
    page.get_by_label("动态验证码", exact=False).fill(officer.code(clock))
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server}/dashboard")
    charts = page.locator("figure[data-echart] .echart canvas")
    expect(charts).to_have_count(7)
    expect(page.locator("svg.fallback").first).to_be_hidden()
    shoot(page, request, "dashboard")
    assert refused == []
