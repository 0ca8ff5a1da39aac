"""A restaurant's dinner and a salon's day in Chromium (issue 15).

The dinner: the booking desk issues the guest's information card to the server of the room
before the 17:00 cutoff, the server's today list shows the booking (with the allergy badge only
because the guest gave separate consent), the guest is checked in, the bill recorded, the card
returned, and the register shows both moves; a card left out raises the closing-time alert; the
server cannot open a customer not on their bookings. The salon: the technician's today list
and service sheet, then the check-out whose purchase shows on the profile."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
import pytest
from playwright.sync_api import Browser, Page, expect

from privault.domain.policy import Actor
from privault.services.audit.alerts import list_alerts
from privault.services.service_day.bookings import BookingRequest, book
from privault.services.service_day.card_register import check_unreturned_cards
from privault.services.service_day.cards import issue_card
from privault.services.service_day.sections import set_section
from privault.services.staff.accounts import record_training, sign_agreement
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.browser.conftest import shoot
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff, register
from tests.services.service_day.cards_setup import CARE, DAY, DESK, GUEST, SERVER, booked_dinner
from tests.web.conftest import ADMIN, Account

BEFORE_CUTOFF = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # 16:00 Asia/Shanghai
AFTER_CLOSING = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # 22:30 Asia/Shanghai
CARD = "C20261124-001"


@pytest.fixture
def industry() -> str:
    return "restaurant"


def _account(vault: Vault, name: str, roles: list[str]) -> Account:
    created = enrolled_staff(vault, ADMIN, name, roles, ["main"])
    record_training(vault, ADMIN, created.name, "PIPL")
    sign_agreement(vault, ADMIN, created.name)
    secret = pyotp.TOTP(created.totp_secret) if created.totp_secret else None
    return Account(created.name, created.password, secret)


def _signed_in(browser: Browser, server: str, account: Account) -> Page:
    page = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 900}).new_page()
    page.goto(f"{server}/login")
    page.get_by_label("账号").fill(account.name)
    page.get_by_label("密码").fill(account.password)
    page.get_by_role("button", name="登录").click()
    expect(page.locator("header .who")).to_have_text(account.name)
    return page


def test_a_dinner_from_booking_to_returned_card(
    browser: Browser,
    live_server: str,
    vault: Vault,
    operator: Actor,
    clock: FrozenClock,
    request: pytest.FixtureRequest,
) -> None:
    desk = _account(vault, "desk.wang", ["front_desk"])
    server = _account(vault, SERVER, ["service_staff"])
    set_section(vault, operator, "main", "A区", rooms=["牡丹厅", "芙蓉厅"], staff=[SERVER])
    guest = register(vault, operator, GUEST | {"mobile": "13812340000"}, CARE)
    plain = {"name": "王五", "favourite_dishes": "白切鸡"}  # no separate consent, no restriction
    _, left_out = booked_dinner(vault, operator, plain, ("service",), room="芙蓉厅")
    stranger = register(vault, operator, {"name": "李四", "mobile": "13700001111"})
    clock.now = BEFORE_CUTOFF

    front = _signed_in(browser, live_server, desk)
    front.goto(f"{live_server}/customers/{guest}")
    front.get_by_role("link", name="预约", exact=True).click()  # the profile's Book link
    booking_form = front.locator("#book")
    booking_form.locator("summary").click()
    booking_form.locator("#book-date").fill(DAY)
    booking_form.locator("#book-meal").select_option("dinner")
    booking_form.locator("#book-room").fill("牡丹厅")
    booking_form.locator("#book-party_size").fill("6")
    booking_form.get_by_role("button", name="预约").click()
    expect(front.get_by_text("预约已登记")).to_be_visible()
    booked = front.locator('section.card:has(h2:text("牡丹厅")) tr[data-booking]')
    expect(booked).to_contain_text("张*丰")  # named by the masked name the desk saw
    booking = booked.get_attribute("data-booking") or ""
    shoot(front, request, "booked")

    front.goto(f"{live_server}/cards?store=main&date={DAY}")
    form = front.locator("#issue-card")
    form.locator('select[name="booking"]').select_option(booking)
    form.locator('input[name="to"]').fill(SERVER)
    form.get_by_role("button", name="发放并在领取人设备上显示").click()
    expect(front.get_by_text(CARD)).to_be_visible()
    expect(front.get_by_text("清蒸鲈鱼")).to_be_visible()
    shoot(front, request, "card-issued")

    floor = _signed_in(browser, live_server, server)
    floor.goto(f"{live_server}/today")
    mine = floor.locator(f'[data-booking="{booking}"]')
    expect(mine).to_be_visible()
    expect(mine.locator(".badge-danger").first).to_be_visible()
    expect(mine).to_contain_text("不吃花生")
    expect(mine).not_to_contain_text("138")
    other = floor.locator(f'[data-booking="{left_out}"]')
    expect(other).to_contain_text("白切鸡")
    expect(other.locator(".badge-danger")).to_have_count(0)
    shoot(floor, request, "today")
    for customer in (stranger, guest):  # not even their own guest outside today's list
        opened = floor.goto(f"{live_server}/customers/{customer}")
        assert opened is not None
        assert opened.status == 403

    front.goto(f"{live_server}/service-day?store=main&date={DAY}")
    row = front.locator(f'tr[data-booking="{booking}"]')
    row.locator('button[value="arrived"]').click()
    expect(front.locator(f'tr[data-booking="{booking}"]')).to_contain_text("已到店")

    front.goto(f"{live_server}/customers/{guest}")
    bill = front.locator("form.check-out")
    bill.locator("#visit-items").fill("清蒸鲈鱼 1 168.00")
    bill.locator("#visit-served-by").fill(SERVER)
    bill.locator("#visit-booking").fill(booking)
    bill.locator('button[type="submit"]').click()
    expect(front.locator("#visits tbody tr")).to_have_count(1)
    shoot(front, request, "bill")

    front.goto(f"{live_server}/cards?store=main&date={DAY}")
    back = front.locator("#return-card")
    back.locator('input[name="card_no"]').fill(CARD)
    back.get_by_role("button", name="登记回收").click()
    returned = front.locator(f"#card-{CARD}")
    expect(returned).to_have_attribute("data-state", "returned")
    expect(returned).to_contain_text("Asia/Shanghai")
    shoot(front, request, "register")

    out = issue_card(vault, DESK, left_out, SERVER).entry.card_no
    clock.now = AFTER_CLOSING
    check_unreturned_cards(vault, SYSTEM)
    front.goto(f"{live_server}/cards?store=main&date={DAY}")
    expect(front.locator(f"#card-{out}")).to_contain_text("打烊时仍未回收")
    expect(front.locator("#service-alerts-title")).to_be_visible()  # the register's keeper sees it
    expect(front.locator("section.alerts")).to_contain_text("客户信息卡未按时归还")
    kinds = [alert.kind for alert in list_alerts(vault, operator)]
    assert "card_unreturned" in kinds
    shoot(front, request, "left-out")


@pytest.mark.parametrize("industry", ["salon"])
def test_a_salon_day_from_appointment_to_the_purchase_on_the_profile(
    browser: Browser,
    live_server: str,
    vault: Vault,
    operator: Actor,
    clock: FrozenClock,
    request: pytest.FixtureRequest,
) -> None:
    desk = _account(vault, "desk.wang", ["front_desk"])
    technician = _account(vault, "tech.zhao", ["service_staff"])
    values = {
        "name": "欧阳娜娜",
        "mobile": "13812345678",
        "hair_type": "dry",
        "allergies": "染发剂",
    }
    guest = register(vault, operator, values, ("service", "sensitive_care"))
    appointment = BookingRequest(
        date=DAY,
        starts="14:00",
        ends="15:00",
        technician=technician.name,
        services=["洗剪吹"],
        customer_id=guest,
    )
    booking = book(vault, DESK, appointment).id
    clock.now = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 13:00 Asia/Shanghai

    chair = _signed_in(browser, live_server, technician)
    chair.goto(f"{live_server}/today")
    mine = chair.locator(f'[data-booking="{booking}"]')
    expect(mine).to_contain_text("洗剪吹")
    mine.get_by_role("link", name="服务单").click()
    expect(chair.locator(".badge-danger").first).to_be_visible()
    expect(chair.locator("main")).to_contain_text("染发剂")
    expect(chair.locator("main")).not_to_contain_text("138")
    shoot(chair, request, "service-sheet")

    front = _signed_in(browser, live_server, desk)
    front.goto(f"{live_server}/service-day?store=main&date={DAY}&by=technician")
    front.locator(f'tr[data-booking="{booking}"] button[value="arrived"]').click()
    front.goto(f"{live_server}/customers/{guest}")
    bill = front.locator("form.check-out")
    bill.locator("#visit-items").fill("洗剪吹 1 88.00")
    bill.locator("#visit-served-by").fill(technician.name)
    bill.locator("#visit-booking").fill(booking)
    bill.locator('button[type="submit"]').click()
    history = front.locator("#visits tbody tr")
    expect(history).to_have_count(1)
    expect(history).to_contain_text(technician.name)
    shoot(front, request, "purchase-on-profile")
