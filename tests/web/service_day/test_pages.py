"""The service day's console pages: the front desk moves a booking on the day view with the
form token, a server's today page lists only their own bookings (the allergy badge with the
separate consent) and the service sheet, and a server cannot open a customer who is not on
their bookings."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.bookings import BookingStatus
from privault.domain.policy import Actor
from privault.services.service_day.bookings import BookingRequest, book, get_booking
from privault.services.service_day.sections import list_sections
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.photo_files import image_file
from tests.web.conftest import form_token, sign_in, staff_account

TODAY = "2026-11-23"  # the frozen clock's day in Asia/Shanghai
DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
VALUES = {"name": "欧阳娜娜", "mobile": "13812345678", "hair_type": "dry", "allergies": "染发剂"}


def _booked(vault: Vault, customer_id: str, technician: str, starts: str = "14:00") -> str:
    ends = f"{int(starts[:2]) + 1:02d}:00"
    request = BookingRequest(
        date=TODAY, starts=starts, ends=ends, customer_id=customer_id, technician=technician,
        services=["染发"],
    )  # fmt: skip
    return book(vault, DESK, request).id


def test_the_day_view_checks_a_guest_in_and_shows_a_refused_move(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    booking = _booked(vault, register(vault, operator), "tech.li")
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    page = client.get("/service-day", params={"by": "technician"})
    assert page.status_code == 200
    assert booking in page.text
    assert "Asia/Shanghai" in page.text
    assert "签到" in page.text
    where = {"store": "main", "date": TODAY, "by": "technician"}
    token = form_token(client, "/service-day")

    moved = client.post(
        f"/service-day/bookings/{booking}/move",
        data={"csrf_token": token, "to": "arrived", **where},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    assert get_booking(vault, operator, booking).status is BookingStatus.ARRIVED

    refused = client.post(
        f"/service-day/bookings/{booking}/move",
        data={"csrf_token": token, "to": "no_show", **where},
    )
    assert refused.status_code == 409
    assert "不能改为" in refused.text
    assert get_booking(vault, operator, booking).status is BookingStatus.ARRIVED


def test_a_move_without_the_form_token_is_refused(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    booking = _booked(vault, register(vault, operator), "tech.li")
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    forged = client.post(f"/service-day/bookings/{booking}/move", data={"to": "arrived"})
    assert forged.status_code == 403
    assert get_booking(vault, operator, booking).status is BookingStatus.BOOKED


def test_the_today_page_lists_only_the_servers_bookings_with_the_allergy_badge(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator, VALUES, ("service", "sensitive_care"))
    mine = _booked(vault, customer, "tech.li")
    other_customer = register(vault, operator)
    other = _booked(vault, other_customer, "tech.zhao", "16:00")
    sign_in(client, staff_account(vault, "tech.li", ["service_staff"]), clock)

    page = client.get("/today")
    assert page.status_code == 200
    assert mine in page.text
    assert other not in page.text
    assert "过敏／忌口提示" in page.text
    assert "染发剂" in page.text
    assert "13812345678" not in page.text
    assert "欧阳娜娜" not in page.text
    assert 'href="/today"' in client.get("/").text

    sheet = client.get(f"/today/{mine}")
    assert sheet.status_code == 200
    assert "服务单" in sheet.text
    assert "染发剂" in sheet.text

    photos = f"/customers/{customer}/photos?booking={mine}"
    assert photos in sheet.text  # the appointment's before/after photos, from the sheet
    page = client.get(photos)
    assert page.status_code == 200
    assert "返回服务单" in page.text
    added = client.post(
        f"/customers/{customer}/photos",
        data={"csrf_token": form_token(client, photos), "kind": "before", "booking": mine},
        files={"file": ("before.png", image_file("PNG"), "image/png")},
        follow_redirects=False,
    )
    assert (added.status_code, added.headers["location"]) == (303, photos.replace("?", "?added=1&"))
    assert client.get(f"/customers/{other_customer}/photos").status_code == 403


def test_a_server_cannot_open_a_customer_not_on_their_bookings(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    stranger = register(vault, operator, VALUES, ("service", "sensitive_care"))
    theirs = _booked(vault, stranger, "tech.zhao")
    sign_in(client, staff_account(vault, "tech.li", ["service_staff"]), clock)

    assert client.get(f"/today/{theirs}").status_code == 403
    assert client.get(f"/customers/{stranger}").status_code == 403
    token = form_token(client, "/today")
    search = client.post(
        "/customers", data={"csrf_token": token, "by": "mobile", "value": "13812345678"}
    )
    assert search.status_code == 403
    assert "染发剂" not in search.text


def test_the_store_manager_sets_a_section_on_its_page_and_a_stranger_is_refused_by_field(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    staff_account(vault, "head.wang", ["service_staff"])
    sign_in(client, staff_account(vault, "manager.zhou", ["store_manager"]), clock)
    token = form_token(client, "/service-day/sections")
    typed = {"csrf_token": token, "store": "main", "section": "A区", "rooms": "牡丹厅, 芙蓉厅"}

    refused = client.post("/service-day/sections", data=typed | {"staff": "li.x"})
    assert refused.status_code == 422
    assert 'data-field="section.staff"' in refused.text
    assert list_sections(vault, operator, "main") == []

    saved = client.post(
        "/service-day/sections", data=typed | {"staff": "head.wang"}, follow_redirects=False
    )
    assert saved.status_code == 303
    [section] = list_sections(vault, operator, "main")
    assert (section.rooms, section.staff) == (("牡丹厅", "芙蓉厅"), ("head.wang",))
    assert 'data-section="A区"' in client.get("/service-day/sections").text


def test_the_desk_books_on_the_day_view_and_a_refused_booking_names_its_field(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator)
    sign_in(client, staff_account(vault, "desk.wu", ["front_desk"]), clock)
    profile = client.get(f"/customers/{customer}")
    assert f'href="/service-day?customer={customer}#book"' in profile.text
    page = client.get("/service-day", params={"customer": customer})
    assert f'value="{customer}"' in page.text  # the profile's "Book" fills the customer in
    token = form_token(client, "/service-day")
    form = {"csrf_token": token, "store": "main", "date": TODAY, "by": "room", "meal": "dinner"}

    dinner = {
        "customer_id": customer,
        "room": "牡丹厅",
        "party_size": "4",
        "services": "生日，蛋糕",
    }
    made = client.post("/service-day/bookings", data=form | dinner, follow_redirects=False)
    clash = client.post(
        "/service-day/bookings", data=form | {"salutation": "王先生", "room": "牡丹厅"}
    )
    no_name = client.post("/service-day/bookings", data=form | {"room": "芙蓉厅"})

    assert made.status_code == 303
    day = client.get(made.headers["location"])
    assert "预约已登记" in day.text
    assert "生日, 蛋糕" in day.text
    assert "张*丰" in day.text  # the masked name the desk saw, kept as the booking's salutation
    assert clash.status_code == 422
    assert 'data-field="book.room"' in clash.text
    assert 'value="王先生"' in clash.text  # what was typed stays in the form
    assert (no_name.status_code, 'data-field="book.salutation"' in no_name.text) == (422, True)
