"""Erasure by crypto-shredding: the key goes, the rows go, a tombstone stays, holds block it."""

from __future__ import annotations

import pytest

from privault.db.erasure import Tombstone
from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.errors import (
    InvalidInputError,
    LegalHoldError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import find_customers, get_customer, reveal_field
from privault.services.retention.holds import place_hold
from privault.services.vault import Vault
from tests.conftest import START
from tests.factories import MEMBER, register

MOBILE = "13812345678"


def _erased_events(vault: Vault, actor: Actor, customer_id: str) -> list[tuple[str, str]]:
    return [
        (e.outcome.value, e.reason or "")
        for e in list_audit_events(vault, actor, customer_id=customer_id)
        if e.action == Action.ERASE
    ]


@pytest.mark.legal("PIPL Art. 47", "GDPR Art. 17")
def test_erasure_destroys_the_key_rows_and_indexes_and_leaves_a_tombstone(
    vault: Vault, operator: Actor
) -> None:
    kept = register(vault, operator, {"name": "李四", "mobile": "13900000001"}, MEMBER)
    gone = register(vault, operator, {"name": "张三", "mobile": MOBILE}, MEMBER)
    before = table_counts(vault.database)

    stone = erase_customer(vault, operator, gone, reason="customer asked", request_id="r-1")

    assert stone == Tombstone(gone, START, operator.name, "customer asked", "r-1", None)
    after = table_counts(vault.database)
    assert after["data_keys"] == before["data_keys"] - 1
    assert after["customers"] == before["customers"] - 1
    assert after["blind_indexes"] < before["blind_indexes"]
    assert after["tombstones"] == 1
    assert after["shredded"] == 1
    assert find_customers(vault, operator, "mobile", MOBILE).total == 0
    with pytest.raises(NotFoundError, match=r"was erased on 2026-11-23"):
        get_customer(vault, operator, gone)
    with pytest.raises(NotFoundError, match="was erased"):
        reveal_field(vault, operator, gone, "mobile", "service")
    with pytest.raises(NotFoundError, match="was erased"):
        erase_customer(vault, operator, gone, reason="again")
    assert get_customer(vault, operator, kept).fields["name"] == "李*"
    assert _erased_events(vault, operator, gone) == [("allowed", "customer asked (request r-1)")]


def test_erasure_is_refused_during_legal_hold_and_the_refusal_is_audited(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, {"name": "张三", "mobile": MOBILE}, MEMBER)
    place_hold(vault, operator, customer_id, "court order 2026-17")
    before = table_counts(vault.database)

    with pytest.raises(LegalHoldError, match="legal hold is active"):
        erase_customer(vault, operator, customer_id, reason="customer asked")

    after = table_counts(vault.database)
    assert after["audit_events"] == before["audit_events"] + 1
    assert {k: v for k, v in after.items() if k != "audit_events"} == {
        k: v for k, v in before.items() if k != "audit_events"
    }
    assert _erased_events(vault, operator, customer_id)[0][0] == Outcome.DENIED.value
    assert get_customer(vault, operator, customer_id).fields["mobile"] == "138****5678"


def test_erasure_needs_a_reason_and_the_erase_permission(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator, {"name": "张三", "mobile": MOBILE}, MEMBER)
    with pytest.raises(InvalidInputError, match="reason"):
        erase_customer(vault, operator, customer_id, reason="  ")
    desk = Actor("desk", frozenset({"front_desk"}))
    with pytest.raises(PolicyDeniedError, match=r"may not customer\.erase"):
        erase_customer(vault, desk, customer_id, reason="asked at the counter")
    assert get_customer(vault, operator, customer_id).id == customer_id
