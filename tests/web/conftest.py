"""The web app on the test installation, driven in-process with FastAPI's TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx2 as httpx
import pyotp
import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.staff.accounts import record_training, sign_agreement
from privault.services.vault import Vault
from privault.web.app import create_app
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff

ADMIN = Actor("boss", frozenset({"admin", "privacy_officer"}))
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Account:
    name: str
    password: str
    totp: pyotp.TOTP | None

    def code(self, clock: FrozenClock) -> str:
        return self.totp.at(clock.now) if self.totp else ""


@pytest.fixture
def client(vault: Vault) -> Iterator[TestClient]:
    with TestClient(create_app(vault=vault), base_url="http://testserver") as test_client:
        yield test_client


def staff_account(vault: Vault, name: str, roles: list[str], *, trained: bool = True) -> Account:
    created = enrolled_staff(vault, ADMIN, name, roles)
    if trained:
        record_training(vault, ADMIN, name, "PIPL")
        sign_agreement(vault, ADMIN, name)
    secret = created.totp_secret
    return Account(created.name, created.password, pyotp.TOTP(secret) if secret else None)


def form_token(client: TestClient, path: str = "/login") -> str:
    """The anti-forgery token a page hands out (its cookie is kept by the client)."""
    page = client.get(path)
    found = _TOKEN.search(page.text)
    assert found, f"no form token on {path}"
    return found.group(1)


def assert_only_the_forgery_was_recorded(vault: Vault, before: dict[str, int], call: str) -> None:
    """A forged form changed nothing but the one audit row of its refusal."""
    after = table_counts(vault.database)
    assert after["audit_events"] == before["audit_events"] + 1
    assert {k: v for k, v in after.items() if k != "audit_events"} == {
        k: v for k, v in before.items() if k != "audit_events"
    }
    forged = [e for e in list_audit_events(vault, ADMIN) if e.action == Action.FORGED_REQUEST]
    assert [(e.outcome.value, e.reason) for e in forged] == [
        ("denied", f"{call}: no genuine form token")
    ]


def choose_language(client: TestClient, lang: str, next: str = "/login") -> httpx.Response:
    """What the frame's language buttons send: the form with the page's token."""
    data = {"csrf_token": form_token(client), "lang": lang, "next": next}
    return client.post("/lang", data=data, follow_redirects=False)


def sign_in(client: TestClient, account: Account, clock: FrozenClock) -> None:
    token = form_token(client)
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "name": account.name,
            "password": account.password,
            "totp": account.code(clock),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
