"""The customer privacy portal in Chromium, in Chinese: signing in with the code from the SMS
outbox, downloading a copy, withdrawing marketing consent, and a one-step unsubscribe link."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from privault.domain.policy import Actor
from privault.infra.sms import FileOutbox
from privault.services.customers.records import get_customer
from privault.services.portal.unsubscribe import unsubscribe_link
from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.conftest import OPERATOR
from tests.factories import register, unique_mobile

MARKETING = ("service", "membership", "marketing_sms", "marketing_email")


def active(vault: Vault, customer_id: str) -> set[str]:
    return set(get_customer(vault, OPERATOR, customer_id).purposes)


def sms_code(vault: Vault) -> str:
    assert isinstance(vault.sms, FileOutbox)
    found = re.search(r"\b(\d{6})\b", vault.sms.messages()[-1]["text"])
    assert found
    return found.group(1)


def test_a_customer_signs_in_downloads_a_copy_and_withdraws_marketing_consent(
    page: Page,
    live_server: str,
    vault: Vault,
    operator: Actor,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> None:
    mobile = unique_mobile()
    customer = register(vault, operator, {"name": "张三丰", "mobile": mobile}, MARKETING)
    page.goto(f"{live_server}/portal")
    expect(page.get_by_role("heading", name="隐私政策")).to_be_visible()
    shoot(page, request, "notice")
    page.get_by_role("link", name="阅读隐私告知").click()  # one tap to the notice, below
    expect(page.locator("#notice-title")).to_be_in_viewport()
    page.get_by_label("手机号或电子邮箱").fill(mobile)  # the sign-in form comes first
    page.get_by_role("button", name="发送验证码").click()
    expect(page.get_by_role("heading", name="输入验证码")).to_be_visible()
    page.get_by_label("验证码").fill(sms_code(vault))
    shoot(page, request, "code")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的信息", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{mobile[:3]}****{mobile[-4:]}")).to_be_visible()
    shoot(page, request, "my-data")

    with page.expect_download() as started:
        page.get_by_role("link", name="下载我的个人信息副本").click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    assert saved.suffix == ".pdf"  # the readable copy first
    assert saved.read_bytes()[:5] == b"%PDF-"
    with page.expect_download() as started:
        page.get_by_role("link", name="供其他服务使用（JSON）").click()
    saved = tmp_path / started.value.suggested_filename
    started.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["customer_id"] == customer

    page.get_by_role("link", name="我的同意").click()
    sms = page.locator('[data-purpose="marketing_sms"]')
    expect(sms.get_by_text("已同意")).to_be_visible()
    sms.get_by_role("button", name="撤回同意").click()
    expect(page.get_by_text("您的同意已撤回")).to_be_visible()
    expect(page.locator('[data-purpose="marketing_sms"]').get_by_text("未同意")).to_be_visible()
    shoot(page, request, "consent-withdrawn")
    assert active(vault, customer) == set(MARKETING) - {"marketing_sms"}


def test_an_unsubscribe_link_works_in_one_step_without_signing_in(
    page: Page, live_server: str, vault: Vault, operator: Actor, request: pytest.FixtureRequest
) -> None:
    values = {"name": "李四", "mobile": unique_mobile(), "email": "li.si@example.com"}
    customer = register(vault, operator, values, MARKETING)
    page.goto(live_server + unsubscribe_link(vault, customer, "marketing_email"))
    expect(page.get_by_text("不再接收我们的营销邮件？")).to_be_visible()
    shoot(page, request, "ask")
    page.get_by_role("button", name="退订").click()
    expect(page.get_by_text("您将不再收到营销邮件。")).to_be_visible()
    shoot(page, request, "done")
    assert active(vault, customer) == set(MARKETING) - {"marketing_email"}
