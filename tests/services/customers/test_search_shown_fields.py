"""A search opens and records only the fields its caller shows (a result list's columns)."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import find_customers
from privault.services.vault import Vault
from tests.factories import MEMBER, register

LIST = ("name", "mobile", "member_no")
VALUES = {
    "name": "张三丰",
    "mobile": "13812345678",
    "member_no": "VIP-0012345",
    "email": "zhang.san@example.com",
    "birth_date": "1990-05-01",
}


def _searches(vault: Vault, actor: Actor, customer_id: str) -> list[tuple[str, ...]]:
    return [
        e.fields
        for e in list_audit_events(vault, actor, customer_id=customer_id)
        if e.action == Action.SEARCH
    ]


def test_a_list_search_shows_and_records_only_its_columns(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator, VALUES, MEMBER)
    found = find_customers(vault, operator, "mobile", "13812345678", show=LIST)
    assert [c.id for c in found.customers] == [customer]
    assert found.customers[0].fields == {
        "member_no": "*******2345",
        "mobile": "138****5678",
        "name": "张*丰",
    }
    assert _searches(vault, operator, customer) == [("member_no", "mobile", "name")]


def test_a_search_without_columns_shows_every_field_the_role_sees(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, VALUES, MEMBER)
    found = find_customers(vault, operator, "mobile", "13812345678")
    assert set(found.customers[0].fields) == set(VALUES)
    assert _searches(vault, operator, customer) == [tuple(sorted(VALUES))]


def test_columns_never_widen_what_a_role_sees(vault: Vault, operator: Actor) -> None:
    """Asking for a field the customer gave no purpose for shows nothing of it."""
    register(vault, operator, VALUES, MEMBER)
    marketing = Actor("mkt", frozenset({"marketing"}))
    with pytest.raises(PolicyDeniedError):  # marketing works on counts, never on customers
        find_customers(vault, marketing, "mobile", "13812345678", show=("email",))
    found = find_customers(vault, operator, "mobile", "13812345678", show=("allergies",))
    assert found.customers[0].fields == {}


def test_an_unknown_column_is_refused_naming_it_and_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    register(vault, operator, VALUES, MEMBER)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        find_customers(vault, operator, "mobile", "13812345678", show=("name", "shoe_size"))
    assert refused.value.field == "fields"
    assert "shoe_size" in refused.value.reason
    assert table_counts(vault.database) == before
