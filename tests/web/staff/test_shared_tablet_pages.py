"""Shared front-desk tablets in the console: the manager marks this browser on /devices; the
lock page names the store's desk staff (no customer data); a name and a PIN switch; "Switch"
locks; a session left idle past the store's time sends the tablet to the lock page; each person
sets their PIN on /account; the normal sign-in is unchanged."""

from __future__ import annotations

import httpx2 as httpx
from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.stores.registry import add_store
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register, unique_mobile
from tests.web.conftest import Account, choose_language, form_token, sign_in, staff_account

OWNER = Actor("owner.li", frozenset({"owner"}))


def _post(client: TestClient, path: str, page: str, values: dict[str, str]) -> httpx.Response:
    token = form_token(client, page)
    return client.post(path, data={"csrf_token": token, **values}, follow_redirects=False)


def _set_pin(client: TestClient, account: Account, clock: FrozenClock, pin: str) -> None:
    sign_in(client, account, clock)
    done = _post(client, "/account/pin", "/account", {"password": account.password, "pin": pin})
    assert (done.status_code, done.headers["location"]) == (303, "/account?done=pin")
    _post(client, "/logout", "/", {})


def _tablet(client: TestClient, vault: Vault, clock: FrozenClock) -> None:
    add_store(vault, OWNER, "east", {"name": "东门店", "idle_seconds": "30"})
    sign_in(client, staff_account(vault, "manager.east", ["store_manager"]), clock)
    marked = _post(client, "/devices", "/devices", {"store": "east", "device_name": "前台 1"})
    assert (marked.status_code, marked.headers["location"]) == (303, "/devices?done=marked")
    assert "privault_device" in client.cookies
    _post(client, "/lock", "/", {"why": "switch"})


def test_desk_staff_switch_on_the_tablet_with_a_name_and_a_pin(
    client: TestClient, vault: Vault, clock: FrozenClock, operator: Actor
) -> None:
    desk = staff_account(vault, "desk.chen", ["front_desk"])
    _set_pin(client, desk, clock, "2468")
    register(vault, operator, {"name": "欧阳娜娜", "mobile": unique_mobile()})
    _tablet(client, vault, clock)
    choose_language(client, "zh", "/lock")

    names = client.get("/lock").text
    assert "现在由谁使用平板" in names
    assert "东门店 (east) · 前台 1" in names  # the store by its name, as the registry gives it
    assert 'href="/lock?staff=desk.chen"' in names
    assert "manager.east" in names  # the store manager works at the desk too
    assert "欧阳" not in names  # no customer data
    pin_page = client.get("/lock?staff=desk.chen").text
    assert 'name="pin"' in pin_page
    wrong = _post(client, "/lock/switch", "/lock", {"staff": "desk.chen", "pin": "1111"})
    assert wrong.status_code == 401
    assert "数字密码错误或不能在此使用" in wrong.text
    switched = _post(client, "/lock/switch", "/lock", {"staff": "desk.chen", "pin": "2468"})
    assert (switched.status_code, switched.headers["location"]) == (303, "/")

    home = client.get("/").text
    assert "换人" in home
    assert 'data-idle-seconds="30"' in home
    assert '<script src="/static/device_lock.js" defer></script>' in home
    locked = _post(client, "/lock", "/", {"why": "switch"})
    assert (locked.status_code, locked.headers["location"]) == (303, "/lock")
    assert client.get("/", follow_redirects=False).headers["location"] == "/lock"


def test_a_tablet_left_idle_goes_to_the_lock_page(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    desk = staff_account(vault, "desk.chen", ["front_desk"])
    _set_pin(client, desk, clock, "2468")
    _tablet(client, vault, clock)
    _post(client, "/lock/switch", "/lock", {"staff": "desk.chen", "pin": "2468"})

    clock.advance(seconds=25)
    assert client.get("/").status_code == 200  # a request: the idle time starts again
    clock.advance(seconds=25)
    assert client.get("/").status_code == 200
    clock.advance(seconds=31)
    gone = client.get("/customers", follow_redirects=False)
    assert (gone.status_code, gone.headers["location"]) == (303, "/lock")


def test_an_officer_has_no_pin_and_the_lock_page_shows_nothing_without_a_tablet(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    officer = staff_account(vault, "po.wang", ["privacy_officer"])
    sign_in(client, officer, clock)
    choose_language(client, "zh", "/account")
    account = client.get("/account").text
    assert "您的角色只能用密码和身份验证器登录" in account
    refused = _post(
        client, "/account/pin", "/account", {"password": officer.password, "pin": "1234"}
    )
    assert refused.status_code == 422
    assert "您的角色只能用密码和第二因素登录" in refused.text  # in the error summary
    _post(client, "/logout", "/", {})
    assert "此浏览器不是共享平板" in client.get("/lock").text
    assert 'href="/lock?staff=' not in client.get("/lock").text
    switch = _post(client, "/lock/switch", "/lock", {"staff": "po.wang", "pin": "1234"})
    assert switch.headers["location"] == "/login"


def test_a_bad_pin_on_the_account_page_is_named_and_a_desk_person_sets_one(
    client: TestClient, vault: Vault, clock: FrozenClock
) -> None:
    desk = staff_account(vault, "desk.chen", ["front_desk"])
    sign_in(client, desk, clock)
    choose_language(client, "zh", "/account")
    assert "您还没有设置数字密码" in client.get("/account").text
    bad = _post(client, "/account/pin", "/account", {"password": desk.password, "pin": "12"})
    assert bad.status_code == 422
    assert "数字密码为 4 到 6 位数字" in bad.text
    _post(client, "/account/pin", "/account", {"password": desk.password, "pin": "123456"})
    assert "您已设置数字密码" in client.get("/account").text
