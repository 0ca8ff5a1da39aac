"""The officer's request page names who asked when it was not the customer, and how the
customer's identity was verified (California's data points included)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.requests.agents import open_agent_request, verify_by_data_points
from privault.services.requests.regimes import set_customer_regimes
from privault.services.requests.relatives import open_relative_request
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register
from tests.web.conftest import sign_in, staff_account

PROOF = "death certificate and household register seen at the counter"
PERMISSION = "permission signed by the customer, scanned to the request file"


def test_the_request_page_names_the_relative_or_agent_and_the_data_points(
    client: TestClient, vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    values = {"name": "张三丰", "mobile": "13812345678", "birth_date": "1990-03-07"}
    customer = register(vault, operator, values, MEMBER)
    set_customer_regimes(vault, operator, customer, "CN,CA")
    relative = open_relative_request(
        vault, operator, customer, "access", "store", relation="配偶", proof=PROOF
    )
    agent = open_agent_request(
        vault, operator, customer, "explanation", "email", agent="Privacy Helpers LLC",
        permission=PERMISSION,
    )  # fmt: skip
    verify_by_data_points(vault, operator, agent.id, {"name": "张三丰", "mobile": "13812345678"})
    sign_in(client, staff_account(vault, "officer.w3", ["privacy_officer"]), clock)

    by_relative = client.get(f"/requests/{relative.id}", headers={"Accept-Language": "zh"})
    by_agent = client.get(f"/requests/{agent.id}", headers={"Accept-Language": "zh"})

    assert "已故顾客的近亲属 · spouse; proof: " + PROOF in by_relative.text
    assert "授权代理人 · agent: Privacy Helpers LLC" in by_agent.text
    assert "已通过比对信息项核验" in by_agent.text
