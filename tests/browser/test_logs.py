"""No log line carries a personal value: `privault serve` runs as installed, the front desk,
a customer in the portal, a privacy officer and an integration use it with known values, and
the server's whole output is then searched for each value, as typed and URL-encoded."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, quote_plus

import httpx2 as httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from privault.config import Settings
from privault.infra.sms import FileOutbox
from privault.services.vault import open_vault
from tests.browser.conftest import shoot
from tests.conftest import OPERATOR
from tests.factories import register
from tests.web.conftest import Account, staff_account
from tests.web.served import served
from tests.web.test_api import api_token

NAME = "欧阳娜娜"
MOBILE = "13812345678"
EMAIL = "nana.ouyang@example.com"


def _forms(value: str) -> set[str]:
    return {value, quote(value), quote(value, safe=""), quote_plus(value)}


def _seed(home: Path) -> tuple[str, Account, Account, dict[str, str]]:
    """A customer with known values, two staff accounts and a token, on the real clock."""
    vault = open_vault(Settings(home=home, database_url="", keystore_url=""))
    try:
        customer = register(
            vault,
            OPERATOR,
            {"name": NAME, "mobile": MOBILE, "email": EMAIL},
            ("service", "membership"),
        )
        desk = staff_account(vault, "li.na", ["front_desk"])
        officer = staff_account(vault, "zhou.officer", ["privacy_officer"])
        token = api_token(vault, "front_desk")
    finally:
        vault.close()
    return customer, desk, officer, token


def _sign_in(page: Page, server: str, account: Account) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("账号").fill(account.name)
    page.get_by_label("密码").fill(account.password)
    if account.totp:
        page.get_by_label("动态验证码", exact=False).fill(account.totp.now())
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header .who")).to_have_text(account.name)


def _front_desk(page: Page, server: str, desk: Account, request: pytest.FixtureRequest) -> None:
    _sign_in(page, server, desk)
    for by, value in (("mobile", MOBILE), ("email", EMAIL), ("mobile_tail", MOBILE[-4:])):
        page.goto(f"{server}/customers")
        page.get_by_label("查找方式").select_option(by)
        page.get_by_label("查找内容").fill(value)
        page.get_by_role("button", name="查找", exact=True).click()
        expect(page.get_by_role("heading", name="找到 1 位客户")).to_be_visible()
    shoot(page, request, "found")
    page.get_by_role("link", name="打开").click()
    row = page.locator("#row-mobile")
    row.locator("summary", has_text="查看明文").click()
    row.get_by_label("查看目的").select_option("service")
    row.get_by_label("备注（可选）").fill("回电确认预约")
    row.get_by_role("button", name="显示明文").click()
    expect(row.locator("output")).to_have_text(MOBILE)


def _portal(page: Page, server: str, home: Path) -> None:
    page.goto(f"{server}/portal/sign-in")
    page.get_by_label("手机号或电子邮箱").fill(MOBILE)
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_role("heading", name="输入验证码")).to_be_visible()
    sent = FileOutbox(home / "outbox" / "sms.jsonl").messages()[-1]["text"]
    code = re.search(r"\b(\d{6})\b", sent)
    assert code
    page.get_by_label("验证码").fill(code.group(1))
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的信息", exact=True)).to_be_visible()
    page.get_by_role("link", name="我的同意").click()


def _officer(page: Page, server: str, officer: Account, customer: str) -> None:
    _sign_in(page, server, officer)
    page.goto(f"{server}/customers")
    page.get_by_label("查找方式").select_option("email")
    page.get_by_label("查找内容").fill(EMAIL)
    page.get_by_role("button", name="查找", exact=True).click()
    page.goto(f"{server}/requests/new?customer={customer}")
    page.get_by_label("类型").select_option(label="查阅")
    page.get_by_label("收到渠道").select_option(label="门店")
    page.get_by_role("button", name="登记该请求").click()
    expect(page.locator("dd.status")).to_have_text("已收到")
    for path in ("/requests", f"/audit?customer_id={customer}", "/alerts", "/dashboard"):
        page.goto(f"{server}{path}")


def test_a_full_walk_leaves_no_personal_value_in_the_server_logs(
    browser: Browser,
    sqlite_templates: dict[str, Path],
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    home = tmp_path / "home"
    shutil.copytree(sqlite_templates["salon"], home)
    customer, desk, officer, token = _seed(home)
    log = tmp_path / "serve.log"
    with served(home, log) as server:
        walks: list[Callable[[Page], None]] = [
            lambda page: _front_desk(page, server, desk, request),
            lambda page: _portal(page, server, home),
            lambda page: _officer(page, server, officer, customer),
        ]
        for walk in walks:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 768})
            walk(context.new_page())
            context.close()
        with httpx.Client(base_url=server, headers=token) as api:
            found = api.post("/api/v1/customers/find", json={"by": "mobile", "value": MOBILE})
            api.get("/api/v1/customers/find", params={"by": "email", "value": EMAIL})
    logs = [log, *home.rglob("*.log")]
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
    assert "GET /customers" in text or "POST /customers" in text  # the access log was kept
    leaked = {form for value in (NAME, MOBILE, EMAIL) for form in _forms(value) if form in text}
    assert leaked == set()
    assert found.status_code == 200, found.text
    assert found.json()["total"] == 1
