"""The enrolment page (no session needed) and the staff page's countersign button."""

from __future__ import annotations

import pyotp
import pytest
from fastapi.testclient import TestClient

from privault.crypto.totp import provisioning_uri
from privault.domain.policy import Actor
from privault.infra.qr_codes import qr_data_uri
from privault.services.staff.accounts import add_staff, list_staff
from privault.services.vault import Vault
from privault.web.staff.sign_in import LOGIN_TRIES
from tests.conftest import FrozenClock
from tests.factories import STAFF_PASSWORD, enrolment_code
from tests.web.conftest import ADMIN, Account, form_token, sign_in, staff_account

MOBILE = "13812345678"


def _status(vault: Vault, name: str) -> str:
    [found] = [m.status for m in list_staff(vault, ADMIN) if m.name == name]
    return found


def _enrol(client: TestClient, name: str, code: str, password: str = STAFF_PASSWORD) -> str:
    token = form_token(client, "/staff/enrol")
    data = {"csrf_token": token, "name": name, "code": code}
    response = client.post(
        "/staff/enrol", data=data | {"password": password, "password_again": password}
    )
    return response.text


def test_a_manager_enrols_on_the_page_and_confirms_the_authenticator(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    add_staff(vault, ADMIN, "wang.wu", ["store_manager"], mobile=MOBILE)
    assert client.get("/staff/enrol").status_code == 200
    page = _enrol(client, "wang.wu", enrolment_code(vault, MOBILE))
    secret = page.split('<code class="secret">')[1].split("<")[0]
    qr = page.split('<img class="qr" src="')[1].split('"')[0]
    assert qr == qr_data_uri(provisioning_uri(secret, "wang.wu"))  # the app scans this secret
    assert _status(vault, "wang.wu") == "confirming"
    token = form_token(client, "/staff/enrol")
    confirm = {"csrf_token": token, "name": "wang.wu", "password": STAFF_PASSWORD}
    wrong = client.post("/staff/enrol/confirm", data=confirm | {"totp": "000000"})
    assert wrong.status_code == 401
    assert secret not in wrong.text
    assert 'class="qr"' not in wrong.text  # shown once, like the secret
    done = client.post(
        "/staff/enrol/confirm", data=confirm | {"totp": pyotp.TOTP(secret).at(clock.now)}
    )
    assert done.status_code == 200
    assert 'href="/login"' in done.text
    assert _status(vault, "wang.wu") == "active"
    clock.advance(seconds=30)
    sign_in(client, Account("wang.wu", STAFF_PASSWORD, pyotp.TOTP(secret)), clock)
    assert client.get("/").status_code == 200


def test_wrong_codes_on_the_page_are_refused_then_limited_per_client(
    vault: Vault, client: TestClient
) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    token = form_token(client, "/staff/enrol")
    data = {"csrf_token": token, "name": "li.na", "code": "aaaa-bbbb-cccc"}
    data |= {"password": STAFF_PASSWORD, "password_again": STAFF_PASSWORD}
    statuses = [client.post("/staff/enrol", data=data).status_code for _ in range(LOGIN_TRIES + 1)]
    assert statuses[:LOGIN_TRIES] == [401] * LOGIN_TRIES
    assert statuses[-1] == 429
    assert _status(vault, "li.na") == "enrolling"


def test_a_mismatched_password_is_refused_and_keeps_the_code(
    vault: Vault, client: TestClient
) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], mobile=MOBILE)
    code = enrolment_code(vault, MOBILE)
    token = form_token(client, "/staff/enrol")
    data = {"csrf_token": token, "name": "li.na", "code": code, "password": STAFF_PASSWORD}
    refused = client.post("/staff/enrol", data=data | {"password_again": "something else 1"})
    assert refused.status_code == 422
    assert 'href="/login"' not in _enrol(client, "li.na", "aaaa-bbbb-cccc")
    assert 'href="/login"' in _enrol(client, "li.na", code)


@pytest.mark.legal("PIPL Art. 51")
def test_the_countersign_button_works_for_another_officer_not_the_creator(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    officer: Account = staff_account(vault, "po.zhao", ["privacy_officer"])
    as_officer = Actor("po.zhao", frozenset({"privacy_officer", "admin"}))
    add_staff(vault, as_officer, "po.qian", ["privacy_officer"], mobile=MOBILE)
    add_staff(vault, ADMIN, "po.sun", ["privacy_officer"], mobile="13912345678")
    sign_in(client, officer, clock)
    page = client.get("/staff").text
    assert "/staff/po.qian/countersign" in page
    token = form_token(client, "/staff")
    signed = client.post("/staff/po.sun/countersign", data={"csrf_token": token})
    assert signed.status_code == 200
    assert "139****5678" in signed.text
    assert _status(vault, "po.sun") == "enrolling"
    own = client.post("/staff/po.qian/countersign", data={"csrf_token": token})
    assert own.status_code == 403
    assert _status(vault, "po.qian") == "awaiting"
