"""/api/v1/customers/{id}/visits: a POS records the bill, an integration reads the history
(masked or in clear by its role), a wrong entry is reversed once, bad input names its field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.services.vault import Vault
from tests.conftest import OPERATOR
from tests.factories import enrolled_staff, register
from tests.web.conftest import ADMIN
from tests.web.test_api import api_token

BILL = {
    "items": [
        {"text": "洗剪吹", "quantity": "1", "amount": "88.00"},
        {"text": "护发素", "quantity": "2", "amount": "40.50"},
    ],
    "served_by": ["tech.li"],
    "booking_id": "3f2b9c1e-0000-4000-8000-000000000001",
}


def test_a_pos_records_a_bill_the_officer_reads_it_in_clear_and_a_reversal_is_once_only(
    vault: Vault, client: TestClient
) -> None:
    enrolled_staff(vault, ADMIN, "tech.li", ["service_staff"], ["main"])
    customer = register(vault, OPERATOR)
    pos = api_token(vault, "store_manager")
    url = f"/api/v1/customers/{customer}/visits"

    created = client.post(url, json=BILL, headers=pos)

    assert created.status_code == 201, created.text
    entry = created.json()
    assert (entry["kind"], entry["amount"], entry["served_by"]) == (
        "purchase",
        "128.50",
        ["tech.li"],
    )
    masked = client.get(url, headers=pos).json()
    assert (masked["shown"], masked["visits"][0]["amount"]) == ("masked", "******")
    clear = client.get(url, headers=api_token(vault, "privacy_officer")).json()
    assert (clear["shown"], clear["zone"], clear["total"]) == ("clear", "Asia/Shanghai", 1)
    assert clear["visits"][0]["items"][1] == {"text": "护发素", "quantity": "2", "amount": "40.50"}

    reverse = f"{url}/{entry['id']}/reverse"
    reversed_ = client.post(reverse, json={"reason": "wrong customer"}, headers=pos)
    assert reversed_.status_code == 201, reversed_.text
    assert (reversed_.json()["amount"], reversed_.json()["reverses_id"]) == ("-128.50", entry["id"])
    again = client.post(reverse, json={"reason": "again"}, headers=pos)
    assert (again.status_code, again.json()["error"]["field"]) == (422, "transaction_id")
    assert "already reversed" in again.json()["error"]["message"]


def test_bad_bills_name_their_field_and_other_customers_entries_are_not_found(
    vault: Vault, client: TestClient
) -> None:
    customer, other = register(vault, OPERATOR), register(vault, OPERATOR)
    pos = api_token(vault, "front_desk")
    url = f"/api/v1/customers/{customer}/visits"
    entry = client.post(url, json={"amount": "9.90"}, headers=pos).json()
    before = table_counts(vault.database)

    bad_line = client.post(url, json={"items": [{"text": "x", "quantity": "0"}]}, headers=pos)
    stranger = client.post(url, json={"served_by": ["nobody"]}, headers=pos)
    elsewhere = client.post(
        f"/api/v1/customers/{other}/visits/{entry['id']}/reverse", json={"reason": "x"}, headers=pos
    )

    assert (bad_line.status_code, bad_line.json()["error"]["field"]) == (422, "items")
    assert (stranger.status_code, stranger.json()["error"]["field"]) == (422, "served_by")
    assert elsewhere.status_code == 404
    assert table_counts(vault.database)["transactions"] == before["transactions"]
    service = api_token(vault, "service_staff")
    assert client.get(url, headers=service).status_code == 403
