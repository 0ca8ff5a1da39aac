"""/api/v1/bookings: a booking system books, lists the day with masked names and moves a booking
through its day; clashes, reopening and other stores are refused with the field or reason, and
each step is audited under the token's name."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Action, Actor
from privault.services.vault import Vault
from privault.web.service_day.api import DayOut
from tests.factories import NOTICE, register
from tests.web.test_api import api_token, audit_rows

DAY = "2026-11-24"  # the day after the frozen clock's, in the shop's calendar
API = "/api/v1/bookings"


def _dinner(**extra: object) -> dict[str, object]:
    return {"date": DAY, "meal": "dinner", "room": "牡丹厅", "party_size": 4, **extra}


def test_a_booking_system_books_lists_the_day_and_moves_a_booking_to_done(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "欧阳娜娜", "mobile": "13812345678"})
    desk = api_token(vault, "front_desk", "main")
    made = client.post(API, json=_dinner(customer_id=customer_id, services=["生日"]), headers=desk)
    assert made.status_code == 201, made.text
    booking = made.json()
    assert (booking["status"], booking["source"], booking["services"]) == (
        "booked",
        "api",
        ["生日"],
    )

    for status in ("arrived", "in_service", "done"):
        moved = client.post(f"{API}/{booking['id']}/status", json={"status": status}, headers=desk)
        assert (moved.status_code, moved.json()["status"]) == (200, status)
    day = client.get(API, params={"date": DAY, "store": "main"}, headers=desk)
    assert day.status_code == 200
    assert day.json()["zone"] == "Asia/Shanghai"
    shown = day.json()["groups"]["牡丹厅"][0]
    assert (shown["id"], shown["status"], shown["salutation"], shown["identity"]) == (
        booking["id"],
        "done",
        "欧阳**",
        {},
    )
    assert "13812345678" not in day.text
    assert client.get(f"{API}/{booking['id']}", headers=desk).json()["closed_at"]
    steps = [r for r in audit_rows(vault, Action.BOOKING_MANAGE) if booking["id"] in (r[2] or "")]
    assert [(actor, outcome) for actor, outcome, _ in steps] == [("api:front-desk", "allowed")] * 4


def test_the_day_view_json_is_exactly_what_its_documented_model_renders(
    vault: Vault, client: TestClient, operator: Actor
) -> None:
    """The day is written without a model per booking: it must still be DayOut, field for
    field, as the OpenAPI document promises (times, dates, flags, an identity)."""
    customer_id = register(vault, operator, {"name": "欧阳娜娜", "mobile": "13812345678"})
    desk = api_token(vault, "front_desk", "main")
    client.post(API, json=_dinner(customer_id=customer_id, services=["生日"]), headers=desk)
    walk_in = {"date": DAY, "starts": "10:00", "ends": "11:00", "salutation": "王先生"}
    assert client.post(API, json=walk_in, headers=desk).status_code == 201
    day = client.get(API, params={"date": DAY, "store": "main"}, headers=desk)
    sent = day.json()
    assert sorted(sent["groups"]) == ["", "牡丹厅"]
    assert DayOut.model_validate(sent).model_dump(mode="json") == sent
    assert day.headers["content-type"] == "application/json"


def test_a_clash_a_reopening_and_another_store_are_refused_with_their_reason(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk", "main")
    first = client.post(API, json=_dinner(salutation="王先生"), headers=desk).json()

    clash = client.post(API, json=_dinner(salutation="李女士"), headers=desk)
    assert clash.status_code == 422
    assert clash.json()["error"]["field"] == "room"
    assert first["id"] in clash.json()["error"]["message"]
    no_name = client.post(API, json=_dinner(room="芙蓉厅"), headers=desk)
    assert (no_name.status_code, no_name.json()["error"]["field"]) == (422, "salutation")

    client.post(f"{API}/{first['id']}/status", json={"status": "cancelled"}, headers=desk)
    reopened = client.post(f"{API}/{first['id']}/status", json={"status": "arrived"}, headers=desk)
    assert reopened.status_code == 409
    assert "never reopened" in reopened.json()["error"]["message"]

    east = api_token(vault, "store_manager", "east")
    elsewhere = client.get(API, params={"date": DAY, "store": "main"}, headers=east)
    assert elsewhere.status_code == 403
    server = api_token(vault, "service_staff", "main")
    assert (
        client.post(API, json=_dinner(room="兰厅", salutation="王先生"), headers=server).status_code
        == 403
    )
    assert client.get(f"{API}/not-an-id", headers=desk).status_code == 422
    assert client.get(API, params={"date": DAY}).status_code == 401
    denied = [r for r in audit_rows(vault, Action.BOOKING_MANAGE) if r[1] == "denied"]
    assert [r[0] for r in denied] == ["api:front-desk", "api:front-desk", "api:service-staff"]


def test_a_walk_in_registered_through_the_customers_api_is_named_on_their_booking(
    vault: Vault, client: TestClient
) -> None:
    desk = api_token(vault, "front_desk", "main")
    walk_in = client.post(API, json=_dinner(salutation="王先生"), headers=desk).json()
    assert (walk_in["customer_id"], walk_in["salutation"]) == (None, "王先生")
    registration = {
        "values": {"name": "王小明", "mobile": "13912345678"},
        "purposes": ["service"],
        "channel": "store",
        "notice_version": NOTICE,
    }
    customer_id = client.post("/api/v1/customers", json=registration, headers=desk).json()["id"]

    linked = client.post(
        f"{API}/{walk_in['id']}/customer", json={"customer_id": customer_id}, headers=desk
    )

    assert linked.status_code == 200
    assert (linked.json()["customer_id"], linked.json()["salutation"]) == (customer_id, "王先生")
    day = client.get(API, params={"date": DAY}, headers=desk).json()
    assert day["groups"]["牡丹厅"][0]["salutation"] == "王先生"
    assert day["groups"]["牡丹厅"][0]["identity"] == {}
