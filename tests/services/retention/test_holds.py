"""Legal holds: placed and lifted with a reason by the privacy officer, audited, and they block
erasure."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import (
    ConflictError,
    InvalidInputError,
    LegalHoldError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.retention.holds import lift_hold, list_holds, place_hold
from privault.services.vault import Vault
from tests.conftest import START, FrozenClock
from tests.factories import register


def _hold_events(vault: Vault, actor: Actor, customer_id: str) -> list[str]:
    events = list_audit_events(vault, actor, customer_id=customer_id)
    return [e.reason or "" for e in reversed(events) if e.action == Action.HOLD_MANAGE]


def test_a_hold_is_placed_listed_and_lifted_with_reasons_and_audited(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = register(vault, operator)
    other = register(vault, operator)
    hold = place_hold(vault, operator, customer_id, "  court order\n 2026-17 ")
    place_hold(vault, operator, other, "tax inspection")

    assert (hold.customer_id, hold.reason, hold.placed_by, hold.placed_at) == (
        customer_id,
        "court order 2026-17",
        operator.name,
        START,
    )
    assert hold.is_active
    assert [h.id for h in list_holds(vault, operator, customer_id)] == [hold.id]
    assert len(list_holds(vault, operator)) == 2

    clock.advance(days=30)
    lifted = lift_hold(vault, operator, hold.id, "case closed")

    assert (lifted.lifted_by, lifted.lift_reason, lifted.is_active) == (
        operator.name,
        "case closed",
        False,
    )
    assert list_holds(vault, operator, customer_id) == []
    assert list_holds(vault, operator, customer_id, include_lifted=True) == [lifted]
    assert _hold_events(vault, operator, customer_id) == [
        f"hold {hold.id} placed",
        f"hold {hold.id} lifted",
    ]


def test_a_held_customer_cannot_be_erased_until_the_hold_is_lifted(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    hold = place_hold(vault, operator, customer_id, "court order 2026-17")
    with pytest.raises(LegalHoldError, match="legal hold is active"):
        erase_customer(vault, operator, customer_id, reason="customer asked")
    lift_hold(vault, operator, hold.id, "case closed")
    assert erase_customer(vault, operator, customer_id, reason="customer asked").reason == (
        "customer asked"
    )


def test_holds_refuse_unknown_or_erased_customers_and_a_second_lift(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    erase_customer(vault, operator, customer_id, reason="customer asked")
    before = table_counts(vault.database)
    with pytest.raises(NotFoundError, match="no customer with id nope"):
        place_hold(vault, operator, "nope", "court order")
    with pytest.raises(NotFoundError, match="was erased"):
        place_hold(vault, operator, customer_id, "court order")
    with pytest.raises(NotFoundError, match="no legal hold"):
        lift_hold(vault, operator, "nope", "done")
    assert table_counts(vault.database) == before

    kept = register(vault, operator)
    hold = place_hold(vault, operator, kept, "court order")
    lift_hold(vault, operator, hold.id, "done")
    with pytest.raises(ConflictError, match="lifted already"):
        lift_hold(vault, operator, hold.id, "done again")


def test_a_hold_needs_a_reason_of_at_most_500_characters(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    with pytest.raises(InvalidInputError, match="reason: say why"):
        place_hold(vault, operator, customer_id, "   ")
    with pytest.raises(InvalidInputError, match="at most 500"):
        place_hold(vault, operator, customer_id, "x" * 501)
    hold = place_hold(vault, operator, customer_id, "x" * 500)
    with pytest.raises(InvalidInputError, match="reason: say why"):
        lift_hold(vault, operator, hold.id, "")
    assert list_holds(vault, operator) == [hold]


def test_only_the_privacy_officer_manages_holds_and_the_auditor_may_read_them(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    manager = Actor("manager", frozenset({"store_manager"}))
    with pytest.raises(PolicyDeniedError, match=r"may not hold\.manage"):
        place_hold(vault, manager, customer_id, "court order")
    with pytest.raises(PolicyDeniedError, match=r"may not hold\.read"):
        list_holds(vault, manager)
    hold = place_hold(vault, operator, customer_id, "court order")
    auditor = Actor("auditor", frozenset({"auditor"}))
    assert list_holds(vault, auditor) == [hold]
    with pytest.raises(PolicyDeniedError, match=r"may not hold\.manage"):
        lift_hold(vault, auditor, hold.id, "done")
