"""/cards: the booking desk issues a card shown on the server's device or printed, takes it
back, sees both moves in the register (times in the shop's zone), downloads the XLSX; a
return never issued is answered next to its field; the menu offers the register."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pyotp
import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from privault.domain.policy import Actor
from privault.services.staff.accounts import record_training, sign_agreement
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff
from tests.infra.printing.poppler import text
from tests.random_ids import without_random_ids
from tests.services.service_day.cards_setup import DAY, SERVER, add_server, booked_dinner
from tests.web.conftest import ADMIN, Account, form_token, sign_in


@pytest.fixture
def industry() -> str:
    return "restaurant"


def _desk_and_dinner(vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor) -> str:
    """The desk signed in, and a booked dinner with a server to hand its card to."""
    _, booking = booked_dinner(vault, operator)
    add_server(vault)
    _desk(vault, client, clock)
    return booking


def _desk(vault: Vault, client: TestClient, clock: FrozenClock) -> None:
    created = enrolled_staff(vault, ADMIN, "desk.wang", ["front_desk"], ["main"])
    record_training(vault, ADMIN, created.name, "PIPL")
    sign_agreement(vault, ADMIN, created.name)
    secret = pyotp.TOTP(created.totp_secret) if created.totp_secret else None
    sign_in(client, Account(created.name, created.password, secret), clock)


def test_the_desk_issues_shows_returns_and_exports_the_register(
    vault: Vault, client: TestClient, operator: Actor, clock: FrozenClock
) -> None:
    booking = _desk_and_dinner(vault, client, clock, operator)
    page = f"/cards?store=main&date={DAY}"
    assert 'href="/cards"' in client.get("/").text
    offered = client.get(page).text  # the day's open bookings are offered, not typed
    assert f'<option value="{booking}">晚餐 · 牡丹厅 · ' in offered

    data = {"csrf_token": form_token(client, page), "booking": booking, "to": SERVER}
    shown = client.post("/cards/issue", data=data | {"output": "page"})
    assert shown.status_code == 200, shown.text
    assert "清蒸鲈鱼" in shown.text
    assert "不吃花生" in shown.text
    assert "C20261124-001" in shown.text
    assert "139" not in without_random_ids(shown.text)

    back = {"csrf_token": form_token(client, page), "card_no": "C20261124-001", "quantity": "1"}
    assert client.post("/cards/return", data=back, follow_redirects=False).status_code == 303
    register = client.get(page).text
    assert 'data-state="returned"' in register
    assert "2026-11-23 17:30 Asia/Shanghai" in register

    xlsx = client.get(f"/cards/register.xlsx?store=main&date={DAY}")
    rows = list(load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[1][0] == "C20261124-001"


def test_a_return_of_a_card_never_issued_is_answered_next_to_the_field(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    _desk(vault, client, clock)
    page = f"/cards?store=main&date={DAY}"
    back = {"csrf_token": form_token(client, page), "card_no": "C20261124-404", "quantity": "1"}
    refused = client.post("/cards/return", data=back | {"store": "main", "date": DAY})
    assert refused.status_code == 422
    assert 'data-field="return.card_no"' in refused.text


def test_the_printed_card_is_a_pdf(
    vault: Vault, client: TestClient, operator: Actor, clock: FrozenClock
) -> None:
    booking = _desk_and_dinner(vault, client, clock, operator)
    data = {"csrf_token": form_token(client, "/cards"), "booking": booking, "to": SERVER}
    printed = client.post("/cards/issue", data=data | {"output": "pdf"})
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF")


def test_the_kitchen_ticket_is_printed_from_the_register_page_without_the_name(
    vault: Vault, client: TestClient, operator: Actor, clock: FrozenClock, tmp_path: Path
) -> None:
    booking = _desk_and_dinner(vault, client, clock, operator)
    page = f"/cards?store=main&date={DAY}"
    assert 'id="kitchen-ticket"' in client.get(page).text
    data = {"csrf_token": form_token(client, page), "store": "main", "date": DAY}

    printed = client.post("/cards/kitchen", data=data | {"booking": booking})
    unknown = client.post("/cards/kitchen", data=data | {"booking": "no-such-booking"})

    assert printed.headers["content-type"] == "application/pdf"
    shown = text(printed.content, tmp_path)
    assert "牡丹厅" in shown
    assert "不吃花生" in shown
    assert "张" not in shown
    assert unknown.status_code == 404
    assert 'id="kitchen-ticket"' in unknown.text  # answered on the register page
