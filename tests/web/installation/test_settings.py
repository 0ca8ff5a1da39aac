"""The console's shop settings page: admins and privacy officers see and change the shop's
identity; a bad value is shown next to its field; other roles are refused."""

from __future__ import annotations

import httpx2 as httpx
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Actor
from privault.services.consents.notices import list_notices
from privault.services.installation.shop_identity import get_shop_identity
from privault.services.vault import Vault
from tests.conftest import SHOP, FrozenClock
from tests.factories import NOTICE
from tests.web.conftest import choose_language, form_token, sign_in, staff_account


def _post(client: TestClient, values: dict[str, str]) -> httpx.Response:
    token = form_token(client, "/settings")
    return client.post("/settings", data={"csrf_token": token, **values}, follow_redirects=False)


def test_an_admin_sees_the_identity_and_the_menu_entry(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "admin.wu", ["admin"]), clock)
    page = client.get("/settings")
    assert page.status_code == 200
    for value in SHOP.values():
        assert value in page.text
    assert 'href="/settings"' in client.get("/").text


def test_a_privacy_officer_changes_the_phone_and_the_notice_is_published_again(
    client: TestClient, vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "po.qian", ["privacy_officer"]), clock)
    clock.advance(minutes=5)
    response = _post(client, {**SHOP, "phone": "0755-86013399"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/settings?saved={NOTICE}.1"
    assert get_shop_identity(vault, operator).phone == "0755-86013399"
    assert [n.version for n in list_notices(vault, operator)] == [NOTICE, f"{NOTICE}.1"]
    choose_language(client, "zh", "/settings")
    page = client.get(f"/settings?saved={NOTICE}.1")
    assert f"已据此发布隐私告知 {NOTICE}.1" in page.text


def test_a_bad_email_is_shown_next_to_its_field_and_nothing_changes(
    client: TestClient, vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "admin.wu", ["admin"]), clock)
    before = table_counts(vault.database)
    response = _post(client, {**SHOP, "email": "privacy@"})
    assert response.status_code == 422
    assert 'data-field="shop.email"' in response.text
    assert 'value="privacy@"' in response.text
    assert get_shop_identity(vault, operator).email == SHOP["email"]
    assert table_counts(vault.database)["notices"] == before["notices"]


def test_a_cleared_field_is_refused_by_name(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "admin.wu", ["admin"]), clock)
    response = _post(client, {**SHOP, "officer_name": ""})
    assert response.status_code == 422
    assert 'data-field="shop.officer_name"' in response.text


def test_front_desk_has_no_settings_page(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "desk.li", ["front_desk"]), clock)
    assert client.get("/settings").status_code == 403
    assert 'href="/settings"' not in client.get("/").text
