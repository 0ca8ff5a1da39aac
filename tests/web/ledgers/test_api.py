"""/api/v1/customers/{id}/wallet and /points: a POS tops up, pays and reads balances (yuan as
strings), refusals name their field, another customer's entry is not found, marketing is 403."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.services.vault import Vault
from privault.services.wallet.rules import set_bonus_tiers
from tests.conftest import OPERATOR
from tests.factories import register
from tests.web.test_api import api_token


def test_a_pos_tops_up_pays_and_reads_the_balance(vault: Vault, client: TestClient) -> None:
    customer = register(vault, OPERATOR)
    set_bonus_tiers(vault, OPERATOR, ["500:50"])
    pos = api_token(vault, "front_desk")
    url = f"/api/v1/customers/{customer}/wallet"

    topped = client.post(f"{url}/topup", json={"amount": "500"}, headers=pos)
    paid = client.post(f"{url}/spend", json={"amount": "88.50", "note": "洗剪吹"}, headers=pos)
    over = client.post(f"{url}/spend", json={"amount": "461.51"}, headers=pos)

    assert topped.status_code == 201, topped.text
    assert [(e["kind"], e["amount"]) for e in topped.json()] == [
        ("top_up", "500.00"),
        ("bonus", "50.00"),
    ]
    assert (paid.status_code, paid.json()["amount"]) == (201, "-88.50")
    assert (over.status_code, over.json()["error"]["field"]) == (422, "amount")
    account = client.get(url, headers=pos).json()
    assert (account["balance"], account["total"], account["zone"]) == ("461.50", 3, "Asia/Shanghai")
    assert [e["kind"] for e in account["entries"]] == ["spend", "bonus", "top_up"]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "must not be negative"),
        ("abc", "write the amount as a number"),
        ("1.234", "at most two decimals"),
    ],
)
def test_a_bad_amount_names_its_field_and_changes_nothing(
    vault: Vault, client: TestClient, amount: str, message: str
) -> None:
    customer = register(vault, OPERATOR)
    pos = api_token(vault, "front_desk")
    before = table_counts(vault.database)
    answer = client.post(
        f"/api/v1/customers/{customer}/wallet/topup", json={"amount": amount}, headers=pos
    )
    assert (answer.status_code, answer.json()["error"]["field"]) == (422, "amount")
    assert message in answer.json()["error"]["message"]
    assert table_counts(vault.database)["ledger_entries"] == before["ledger_entries"]


def test_points_are_read_and_redeemed_and_reversed_by_the_manager(
    vault: Vault, client: TestClient
) -> None:
    customer, other = register(vault, OPERATOR), register(vault, OPERATOR)
    desk, manager = api_token(vault, "front_desk"), api_token(vault, "store_manager")
    client.post(f"/api/v1/customers/{customer}/visits", json={"amount": "60"}, headers=desk)
    url = f"/api/v1/customers/{customer}/points"

    redeemed = client.post(f"{url}/redeem", json={"points": "50"}, headers=desk).json()
    wrong = client.post(
        f"/api/v1/customers/{other}/ledgers/{redeemed['id']}/reverse",
        json={"reason": "x"},
        headers=manager,
    )
    by_desk = client.post(
        f"/api/v1/customers/{customer}/ledgers/{redeemed['id']}/reverse",
        json={"reason": "x"},
        headers=desk,
    )
    undone = client.post(
        f"/api/v1/customers/{customer}/ledgers/{redeemed['id']}/reverse",
        json={"reason": "x"},
        headers=manager,
    )

    assert (redeemed["kind"], redeemed["amount"]) == ("redeem", "-50")
    assert wrong.status_code == 404
    assert by_desk.status_code == 403
    assert undone.status_code == 201, undone.text
    assert client.get(url, headers=desk).json()["balance"] == "60"


@pytest.mark.legal("GB/T 35273-2020 Annex B")
def test_marketing_gets_no_balance(vault: Vault, client: TestClient) -> None:
    customer = register(vault, OPERATOR)
    marketing = api_token(vault, "marketing")
    for ledger in ("wallet", "points"):
        answer = client.get(f"/api/v1/customers/{customer}/{ledger}", headers=marketing)
        assert (answer.status_code, answer.json()["error"]["code"]) == (403, "denied")
