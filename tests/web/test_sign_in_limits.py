"""Sign-in says nothing about which accounts exist, limits failures (never successes), and
believes a forwarded client address only from a proxy the installation names."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from privault.config import Settings
from privault.crypto import passwords
from privault.domain.errors import AuthenticationError
from privault.domain.policy import Actor
from privault.infra.sms import FileOutbox
from privault.services.portal.sign_in import (
    CODE_TRIES_PER_CLIENT,
    request_code,
    sign_in_with_code,
)
from privault.services.staff import sessions
from privault.services.vault import Vault, open_vault
from privault.web.app import create_app
from privault.web.staff.sign_in import LOGIN_TRIES
from tests.conftest import FrozenClock
from tests.factories import register, unique_mobile
from tests.web.conftest import form_token, staff_account
from tests.web.served import served

_ALERT = re.compile(r'role="alert"[^>]*>(.*?)<', re.S)


def _refusal(client: TestClient, name: str, password: str) -> tuple[int, str]:
    data = {"csrf_token": form_token(client), "name": name, "password": password}
    response = client.post("/login", data=data)
    found = _ALERT.search(response.text)
    return response.status_code, found.group(1).strip() if found else ""


def test_an_unknown_account_and_a_wrong_password_read_the_same(
    vault: Vault, client: TestClient
) -> None:
    staff_account(vault, "li.na", ["front_desk"])
    unknown = _refusal(client, "nobody", "wrong-password")
    wrong = _refusal(client, "li.na", "wrong-password")
    assert unknown[1]
    assert unknown == wrong


def test_an_unknown_account_costs_a_password_check_like_a_known_one(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So that the time an answer takes does not tell whether the account exists."""
    checked: list[str] = []
    real = passwords.verify_password

    def counting(stored: str, password: str) -> bool:
        checked.append(password)
        return real(stored, password)

    monkeypatch.setattr(sessions, "verify_password", counting)
    with pytest.raises(AuthenticationError) as unknown:
        sessions.sign_in(vault, "nobody", "a-guess")
    assert checked == ["a-guess"]
    staff_account(vault, "li.na", ["front_desk"])
    with pytest.raises(AuthenticationError) as wrong:
        sessions.sign_in(vault, "li.na", "a-guess")
    assert unknown.value.message == wrong.value.message


def test_successful_console_sign_ins_never_lock_an_address(
    vault: Vault, client: TestClient
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    right = {"csrf_token": form_token(client), "name": desk.name, "password": desk.password}
    statuses = {
        client.post("/login", data=right, follow_redirects=False).status_code
        for _ in range(LOGIN_TRIES + 2)
    }
    assert statuses == {303}


def test_failed_console_sign_ins_from_one_address_are_limited_even_for_the_right_password(
    vault: Vault, client: TestClient
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    for _ in range(LOGIN_TRIES):
        assert _refusal(client, "nobody", "wrong-password")[0] == 401
    right = {"csrf_token": form_token(client), "name": desk.name, "password": desk.password}
    assert client.post("/login", data=right, follow_redirects=False).status_code == 429


def _code(vault: Vault) -> str:
    assert isinstance(vault.sms, FileOutbox)
    found = re.search(r"\b(\d{6})\b", vault.sms.messages()[-1]["text"])
    assert found
    return found.group(1)


def test_successful_portal_sign_ins_do_not_count_against_the_address(
    vault: Vault, operator: Actor
) -> None:
    """A shop's tablet signs many customers in from one address; only failures count."""
    signed_in = 0
    for n in range(CODE_TRIES_PER_CLIENT + 1):
        mobile = unique_mobile()
        register(vault, operator, {"name": "张三丰", "mobile": mobile})
        request_code(vault, mobile, f"198.51.100.{n}")
        sign_in_with_code(vault, mobile, _code(vault), "203.0.113.9")
        signed_in += 1
    assert signed_in == CODE_TRIES_PER_CLIENT + 1


def _sqlite_home(sqlite_templates: dict[str, Path], tmp_path: Path) -> Path:
    home = tmp_path / "served-home"
    shutil.copytree(sqlite_templates["salon"], home)
    return home


def _failed_sign_in(client: httpx.Client, forwarded_for: str) -> int:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    data = {"csrf_token": token.group(1), "name": "nobody", "password": "wrong-password"}
    return client.post("/login", data=data, headers={"X-Forwarded-For": forwarded_for}).status_code


def test_a_forwarded_for_header_from_an_unnamed_proxy_does_not_dodge_the_limit(
    sqlite_templates: dict[str, Path], tmp_path: Path
) -> None:
    """`privault serve` with no trusted proxy: the socket's peer is the client, whatever a
    header claims, so a guesser cannot make each attempt look like a new address."""
    home = _sqlite_home(sqlite_templates, tmp_path)
    with served(home, tmp_path / "serve.log") as base, httpx.Client(base_url=base) as client:
        statuses = [_failed_sign_in(client, f"192.0.2.{n}") for n in range(LOGIN_TRIES + 1)]
    assert statuses[-1] == 429


def test_a_named_proxy_is_believed_about_the_client_address(
    settings: Settings, clock: FrozenClock
) -> None:
    trusting = settings.model_copy(update={"trusted_proxies": ["10.0.0.0/8"]})
    vault = open_vault(trusting, clock=clock)
    try:
        app = create_app(vault=vault)
        with TestClient(app, client=("10.1.2.3", 40000)) as client:
            statuses = []
            for n in range(LOGIN_TRIES + 1):
                data = {"csrf_token": form_token(client), "name": "nobody", "password": "x"}
                headers = {"X-Forwarded-For": f"192.0.2.{n}"}
                statuses.append(client.post("/login", data=data, headers=headers).status_code)
        # Each attempt came from another client behind the proxy: none of them is limited.
        assert set(statuses) == {401}
    finally:
        vault.close()
