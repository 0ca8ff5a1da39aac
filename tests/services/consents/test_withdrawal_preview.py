"""What a withdrawal would delete is told before it happens, by the same rule, changing nothing."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Actor
from privault.services.consents.ledger import withdraw_consents
from privault.services.consents.withdrawal_preview import preview_withdrawal
from privault.services.customers.records import get_customer
from privault.services.vault import Vault
from tests.conftest import OPERATOR
from tests.factories import register, unique_mobile

MARKETING_USER = Actor("mkt", frozenset({"marketing"}))


@pytest.fixture
def customer(vault: Vault) -> str:
    values = {"name": "张三", "mobile": unique_mobile(), "allergies": "染发剂"}
    return register(vault, OPERATOR, values, ("service", "sensitive_care"))


def test_the_preview_names_the_fields_the_withdrawal_then_deletes_and_changes_nothing(
    vault: Vault, customer: str
) -> None:
    before = table_counts(vault.database)
    preview = preview_withdrawal(vault, OPERATOR, customer, ["sensitive_care"])
    assert [f.key for f in preview.deleted] == ["allergies"]
    assert preview.deleted[0].label("zh") == "过敏情况"
    assert preview.is_deleting
    assert preview.purpose_names("zh") == "过敏关怀"
    assert table_counts(vault.database) == before  # no audit row, no change
    assert "allergies" in get_customer(vault, OPERATOR, customer).fields
    done = withdraw_consents(vault, OPERATOR, customer, ["sensitive_care"], channel="store")
    assert done.deleted_fields == [f.key for f in preview.deleted]


def test_a_withdrawal_that_deletes_nothing_previews_as_such(vault: Vault, customer: str) -> None:
    register_more = register(vault, OPERATOR, {"name": "李四"}, ("service", "membership"))
    assert not preview_withdrawal(vault, OPERATOR, register_more, ["membership"]).is_deleting


def test_the_preview_refuses_what_the_withdrawal_refuses(vault: Vault, customer: str) -> None:
    with pytest.raises(InvalidInputError):
        preview_withdrawal(vault, OPERATOR, customer, ["marketing_sms"])  # not active
    with pytest.raises(PolicyDeniedError):
        preview_withdrawal(vault, MARKETING_USER, customer, ["sensitive_care"])
