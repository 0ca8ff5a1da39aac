"""The shop's default language for customers (issue 19): set by the owner or officer, audited,
used for every customer who chose none; a customer's own choice wins."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.complaints.intake import record_complaint
from privault.services.customers.language import (
    get_shop_customer_language,
    set_customer_language,
    set_shop_customer_language,
)
from privault.services.vault import Vault
from tests.factories import register

DESK = Actor("desk.li", frozenset({"front_desk"}), frozenset({"main"}))


def test_the_shop_default_applies_to_customers_who_chose_none(
    vault: Vault, operator: Actor
) -> None:
    chose_none = register(vault, operator, {"name": "Ann Lee"})
    chose_zh = register(vault, operator, {"name": "李娜"})
    set_customer_language(vault, operator, chose_zh, "zh")
    assert get_shop_customer_language(vault, operator) == "zh"

    assert set_shop_customer_language(vault, operator, " EN ") == "en"

    assert get_shop_customer_language(vault, operator) == "en"
    asked = record_complaint(vault, DESK, chose_none, "question", "phone", "What do you keep?")
    kept = record_complaint(vault, DESK, chose_zh, "question", "phone", "你们保存什么？")
    assert (asked.language, kept.language) == ("en", "zh")
    settings = [
        e.reason for e in list_audit_events(vault, operator) if e.action == Action.SHOP_SETTINGS
    ]
    assert "customers' default language en (was zh)" in settings


@pytest.mark.parametrize("typed", ["", "fr", "中文"])
def test_a_language_other_than_zh_or_en_is_refused_naming_the_field(
    vault: Vault, operator: Actor, typed: str
) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        set_shop_customer_language(vault, operator, typed)
    assert refused.value.field == "language"
    assert table_counts(vault.database) == before
    assert get_shop_customer_language(vault, operator) == "zh"


def test_the_front_desk_may_not_set_the_shop_default(vault: Vault, operator: Actor) -> None:
    with pytest.raises(PolicyDeniedError):
        set_shop_customer_language(vault, DESK, "en")
    assert get_shop_customer_language(vault, operator) == "zh"
