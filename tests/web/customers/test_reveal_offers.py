"""The profile offers "reveal" only on the fields the role may reveal (issue 18 point 5): no
button that can only end in a refusal."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Actor
from privault.services.customers.records import reveal_field
from privault.services.customers.reveal_reach import revealable_fields
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register, unique_mobile
from tests.web.conftest import sign_in, staff_account

VALUES = {"name": "张三丰", "email": "zhang@example.com", "hair_type": "dry"}


@pytest.fixture
def customer(vault: Vault) -> str:
    values = {**VALUES, "mobile": unique_mobile()}
    return register(vault, OPERATOR, values, ("service", "membership"))


def _offered(page: str) -> set[str]:
    """The fields whose row carries a reveal dialog."""
    rows = re.findall(r'<div class="row" id="row-(\w+)">(.*?)</dd>', page, re.S)
    return {key for key, body in rows if 'class="reveal"' in body}


def test_the_front_desk_is_offered_reveal_on_contact_fields_only(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    page = client.get(f"/customers/{customer}")
    assert page.status_code == 200
    assert _offered(page.text) == {"mobile", "email"}
    assert 'id="row-name"' in page.text  # shown masked, without a reveal
    # What is not offered would be refused.
    desk = Actor("li.na", frozenset({"front_desk"}))
    with pytest.raises(PolicyDeniedError):
        reveal_field(vault, desk, customer, "name", "membership")


def test_a_store_manager_is_offered_reveal_on_identity_too(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "wang.wu", ["store_manager"]), clock)
    offered = _offered(client.get(f"/customers/{customer}").text)
    assert {"name", "mobile", "email", "hair_type"} <= offered


def test_a_technician_sees_no_profile_and_is_offered_no_reveal(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "zhang.ji", ["service_staff"]), clock)
    page = client.get(f"/customers/{customer}")
    assert page.status_code == 403
    assert 'class="reveal"' not in page.text
    technician = Actor("zhang.ji", frozenset({"service_staff"}))
    with pytest.raises(PolicyDeniedError):
        revealable_fields(vault, technician, customer)
