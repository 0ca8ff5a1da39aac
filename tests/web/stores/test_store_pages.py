"""/settings/stores (issue 18 point 3): the owner and the privacy officer list, add, edit and
deactivate stores in Chinese and English; bad input is named next to its field and changes
nothing; other roles are refused; the staff page and the day view offer the active stores."""

from __future__ import annotations

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Actor
from privault.services.service_day.bookings import BookingRequest, book
from privault.services.staff.accounts import list_staff
from privault.services.stores.registry import add_store, list_stores
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.web.conftest import ADMIN, choose_language, form_token, sign_in, staff_account

OWNER = Actor("owner.li", frozenset({"owner"}))


def _as(client: TestClient, vault: Vault, clock: FrozenClock, role: str) -> None:
    sign_in(client, staff_account(vault, f"staff.{role.replace('_', '.')}", [role]), clock)


def _post(client: TestClient, path: str, values: dict[str, str]) -> httpx.Response:
    token = form_token(client, "/settings/stores")
    return client.post(path, data={"csrf_token": token, **values}, follow_redirects=False)


@pytest.mark.parametrize("role", ["owner", "privacy_officer"])
def test_a_store_is_added_edited_and_deactivated_from_the_page(
    client: TestClient, vault: Vault, clock: FrozenClock, role: str
) -> None:
    _as(client, vault, clock, role)
    choose_language(client, "zh", "/settings/stores")
    assert "尚未登记任何门店" in client.get("/settings/stores").text

    added = _post(client, "/settings/stores", {"code": "east", "name": "东门店", "zone": ""})
    assert (added.status_code, added.headers["location"]) == (303, "/settings/stores?done=added")
    page = client.get("/settings/stores?done=added").text
    assert "门店已添加" in page
    assert "东门店" in page
    assert "同本店设置" in page
    assert 'value="东门店"' in client.get("/settings/stores/east").text

    edited = _post(client, "/settings/stores/east", {"name": "东门旗舰店", "name_en": "East"})
    assert edited.status_code == 303
    gone = _post(client, "/settings/stores/east/deactivate", {})
    assert gone.status_code == 303
    [east] = list_stores(vault, OWNER)
    assert (east.details.name, east.details.name_en, east.is_active) == (
        "东门旗舰店",
        "East",
        False,
    )
    choose_language(client, "en", "/settings/stores")
    assert "Reactivate" in client.get("/settings/stores").text


def test_bad_input_is_named_next_to_its_field_and_changes_nothing(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    add_store(vault, OWNER, "east", {"name": "东门店"})
    _as(client, vault, clock, "owner")
    choose_language(client, "zh", "/settings/stores")
    before = table_counts(vault.database)

    twice = _post(client, "/settings/stores", {"code": "east", "name": "又一个"})
    zone = _post(client, "/settings/stores", {"code": "west", "name": "西", "zone": "Mars/X"})
    edit = _post(client, "/settings/stores/east", {"name": ""})

    assert twice.status_code == zone.status_code == edit.status_code == 422
    assert 'data-field="add.code"' in twice.text
    assert "门店 east 已存在" in twice.text
    assert 'data-field="add.zone"' in zone.text
    assert "未知时区 Mars/X" in zone.text
    assert 'value="Mars/X"' in zone.text  # what was typed is shown again
    assert 'data-field="edit.name"' in edit.text
    assert "error-summary" in edit.text
    assert table_counts(vault.database)["stores"] == before["stores"]
    assert [s.details.name for s in list_stores(vault, OWNER)] == ["东门店"]


def test_a_store_with_bookings_ahead_stays_active_with_the_reason_shown(
    client: TestClient, vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    add_store(vault, OWNER, "east", {"name": "东门店"})
    slot = BookingRequest(date="2026-11-30", starts="10:00", ends="11:00", salutation="王先生")
    book(vault, operator, BookingRequest(**{**slot.__dict__, "store": "east"}))
    _as(client, vault, clock, "privacy_officer")
    choose_language(client, "zh", "/settings/stores")

    refused = _post(client, "/settings/stores/east/deactivate", {})

    assert refused.status_code == 422
    assert "还有 1 个未完成的预约" in refused.text
    assert [s.is_active for s in list_stores(vault, OWNER)] == [True]


@pytest.mark.parametrize("role", ["front_desk", "store_manager", "admin", "auditor"])
def test_other_roles_neither_see_nor_open_the_stores_page(
    client: TestClient, vault: Vault, clock: FrozenClock, role: str
) -> None:
    _as(client, vault, clock, role)
    assert 'href="/settings/stores"' not in client.get("/").text
    assert client.get("/settings/stores").status_code == 403
    assert _post(client, "/settings/stores", {"code": "x", "name": "x"}).status_code == 403
    assert list_stores(vault, OWNER) == []


def test_the_staff_form_and_the_day_view_offer_the_active_stores(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    add_store(vault, OWNER, "east", {"name": "东门店", "name_en": "East gate"})
    add_store(vault, OWNER, "west", {"name": "西门店"})
    _as(client, vault, clock, "admin")
    choose_language(client, "en", "/staff")
    staff_page = client.get("/staff").text
    assert 'name="stores" value="east"' in staff_page
    assert "East gate (east)" in staff_page
    token = form_token(client, "/staff")
    data = {"csrf_token": token, "name": "desk.two", "roles": "front_desk", "mobile": "13800000007"}
    added = client.post("/staff", data={**data, "stores": ["east", "west"]})
    assert added.status_code == 200
    [row] = [r for r in list_staff(vault, ADMIN) if r.name == "desk.two"]
    assert sorted(row.stores) == ["east", "west"]

    _as(client, vault, clock, "front_desk")
    choose_language(client, "zh", "/service-day")
    day = client.get("/service-day?store=west").text
    assert '<select id="store" name="store">' in day
    assert '<option value="west" selected>西门店 (west)</option>' in day
