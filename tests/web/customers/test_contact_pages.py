"""Contact data in the console (issue 17): the profile asks the desk to confirm stale contact
data and confirms it with one button; the manager's list shows masked names and the shop's time;
the officer sets the period on /settings; the day view flags the booking."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.customers.contact_confirmation import get_contact_state
from privault.services.service_day.bookings import BookingRequest, book
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import choose_language, form_token, sign_in, staff_account

DESK = Actor("desk.li", frozenset({"front_desk"}))


def _stale_customer(vault: Vault, clock: FrozenClock) -> str:
    customer = register(vault, DESK, {"name": "张三丰", "mobile": "13812345678"})
    clock.advance(days=400)
    return customer


def test_the_desk_is_prompted_on_the_profile_and_day_view_and_confirms_in_one_click(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    customer = _stale_customer(vault, clock)
    book(vault, DESK, BookingRequest(date="2027-12-29", meal="dinner", customer_id=customer))
    sign_in(client, staff_account(vault, "desk.li", ["front_desk"]), clock)
    choose_language(client, "zh", f"/customers/{customer}")

    profile = client.get(f"/customers/{customer}").text
    assert "已超过 365 天未核对" in profile
    assert "上次核对: 2026-11-23 17:30 Asia/Shanghai (400 天前)" in profile
    assert "请核对联系方式" in client.get("/service-day?date=2027-12-29").text

    token = form_token(client, f"/customers/{customer}")
    done = client.post(
        f"/customers/{customer}/contact-confirmed",
        data={"csrf_token": token},
        follow_redirects=False,
    )

    assert (done.status_code, done.headers["location"]) == (
        303,
        f"/customers/{customer}?done=contact",
    )
    assert "已与客户核对联系方式。" in client.get(done.headers["location"]).text
    assert get_contact_state(vault, DESK, customer).is_stale is False
    assert "请核对联系方式" not in client.get("/service-day?date=2027-12-29").text


def test_the_manager_lists_stale_contact_data_masked_the_desk_may_not(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    customer = _stale_customer(vault, clock)
    sign_in(client, staff_account(vault, "mgr.wang", ["store_manager"]), clock)
    choose_language(client, "zh", "/customers/contacts/stale")

    page = client.get("/customers/contacts/stale")

    assert page.status_code == 200
    assert f'data-customer="{customer}"' in page.text
    assert "张*丰" in page.text
    assert "张三丰" not in page.text
    assert "13812345678" not in page.text
    assert "登记时" in page.text
    assert 'href="/customers/contacts/stale"' in client.get("/").text


def test_the_officer_sets_the_period_on_the_settings_page_and_a_bad_one_is_named(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "po.zhou", ["privacy_officer"]), clock)
    choose_language(client, "zh", "/settings")
    assert 'name="days" inputmode="numeric" value="365"' in client.get("/settings").text
    token = form_token(client, "/settings")

    bad = client.post("/settings/contact-freshness", data={"csrf_token": token, "days": "7"})
    saved = client.post(
        "/settings/contact-freshness",
        data={"csrf_token": token, "days": "180"},
        follow_redirects=False,
    )

    assert bad.status_code == 422
    assert "应在 30 到 3650 天之间" in bad.text
    assert saved.status_code == 303
    assert 'value="180"' in client.get("/settings").text


def test_the_officer_sets_the_customers_default_language_on_the_settings_page(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "po.qin", ["privacy_officer"]), clock)
    choose_language(client, "zh", "/settings")
    page = client.get("/settings").text
    assert "对顾客使用的语言" in page
    assert '<option value="zh" selected>中文</option>' in page
    token = form_token(client, "/settings")

    bad = client.post("/settings/customer-language", data={"csrf_token": token, "language": "fr"})
    saved = client.post(
        "/settings/customer-language",
        data={"csrf_token": token, "language": "en"},
        follow_redirects=False,
    )

    assert bad.status_code == 422
    assert saved.status_code == 303
    assert '<option value="en" selected>' in client.get("/settings").text
