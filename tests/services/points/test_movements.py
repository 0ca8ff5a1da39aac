"""Points: earned with a recorded purchase (same transaction, audited), undone with its
reversal, redeemed never above the points held, adjusted by the manager."""

from __future__ import annotations

import pytest

from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.ledger import EntryKind, Ledger
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.transactions import record_transaction, reverse_transaction
from privault.services.ledgers.accounts import show_account
from privault.services.points.movements import adjust_points, redeem_points, set_points_rules
from privault.services.vault import Vault
from tests.factories import register

DESK = Actor("desk.one", frozenset({"front_desk"}))


def _points(vault: Vault, customer_id: str) -> int:
    return show_account(vault, DESK, Ledger.POINTS, customer_id).balance


def test_a_purchase_earns_points_at_the_business_rate_audited(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    sale = record_transaction(vault, DESK, customer_id, "purchase", "128.50")
    record_transaction(vault, DESK, customer_id, "visit", None)
    set_points_rules(vault, operator, points_per_yuan="2")
    second = record_transaction(vault, DESK, customer_id, "purchase", "10")

    account = show_account(vault, DESK, Ledger.POINTS, customer_id)
    assert account.balance == 148
    assert [(e.kind, e.amount, e.transaction_id) for e in account.entries] == [
        (EntryKind.EARN, 20, second.id),
        (EntryKind.EARN, 128, sale.id),
    ]
    assert account.entries[-1].expires_at is not None
    assert account.entries[-1].expires_at.year == sale.at.year + 2
    events = list_audit_events(vault, operator, customer_id=customer_id)
    earned = [e.reason for e in events if e.action == Action.POINTS_MOVE]
    assert f"points earn entry {account.entries[-1].id} on purchase {sale.id}" in earned


def test_reversing_a_purchase_reverses_its_points(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    record_transaction(vault, DESK, customer_id, "purchase", "100")
    second = record_transaction(vault, DESK, customer_id, "purchase", "50")

    reverse_transaction(vault, operator, second.id, "wrong customer")

    account = show_account(vault, DESK, Ledger.POINTS, customer_id)
    assert account.balance == 100
    assert (account.entries[0].kind, account.entries[0].amount) == (EntryKind.REVERSAL, -50)
    with vault.unit_of_work() as uow:
        assert uow.points_owed.all_for(customer_id) == []


def test_points_already_spent_are_taken_back_as_far_as_held_and_owed_for_the_rest(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    first = record_transaction(vault, DESK, customer_id, "purchase", "100")
    record_transaction(vault, DESK, customer_id, "purchase", "30")
    redeem_points(vault, DESK, customer_id, "110")

    reversal = reverse_transaction(vault, operator, first.id, "wrong customer")

    account = show_account(vault, DESK, Ledger.POINTS, customer_id)
    assert account.balance == 0  # never below 0
    newest = account.entries[0]
    with vault.unit_of_work() as uow:
        earn = uow.ledgers.earned_on(first.id)
        assert earn is not None
        assert (newest.kind, newest.amount, newest.reverses_id) == (
            EntryKind.REVERSAL,
            -20,
            earn.id,
        )
        owed = uow.points_owed.all_for(customer_id)
    assert [(o.transaction_id, o.points, o.repaid) for o in owed] == [(first.id, 80, 0)]
    reasons = [e.reason for e in list_audit_events(vault, operator, customer_id=customer_id)]
    assert f"points owed {owed[0].id} on reversed purchase {first.id}: already spent" in reasons
    assert f"purchase {first.id} reversed by entry {reversal.id}" in reasons


def test_points_owed_are_repaid_first_from_the_next_points_earned(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    first = record_transaction(vault, DESK, customer_id, "purchase", "100")
    redeem_points(vault, DESK, customer_id, "100")
    reverse_transaction(vault, operator, first.id, "wrong customer")

    record_transaction(vault, DESK, customer_id, "purchase", "60")
    assert _points(vault, customer_id) == 0
    record_transaction(vault, DESK, customer_id, "purchase", "70")

    account = show_account(vault, DESK, Ledger.POINTS, customer_id)
    assert account.balance == 30
    repaid = [e for e in account.entries if e.kind is EntryKind.ADJUST]
    assert [e.amount for e in repaid] == [-40, -60]
    assert repaid[0].reason == f"repays points owed on reversed purchase {first.id}"
    with vault.unit_of_work() as uow:
        assert uow.points_owed.left_for(customer_id) == 0
    reasons = [e.reason for e in list_audit_events(vault, operator, customer_id=customer_id)]
    assert any(r and r.startswith(f"points adjust entry {repaid[0].id} repays") for r in reasons)


def test_a_redemption_above_the_points_is_refused_and_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    record_transaction(vault, DESK, customer_id, "purchase", "30")

    with pytest.raises(InvalidInputError, match="points: write a whole number"):
        redeem_points(vault, DESK, customer_id, "-5")
    with pytest.raises(InvalidInputError, match="amount: the points held are too few"):
        redeem_points(vault, DESK, customer_id, "31")
    taken = redeem_points(vault, DESK, customer_id, "30", "a free wash")

    assert (taken.kind, taken.amount, taken.reason) == (EntryKind.REDEEM, -30, "a free wash")
    assert _points(vault, customer_id) == 0


def test_points_are_adjusted_by_the_manager_with_a_reason(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)

    with pytest.raises(PolicyDeniedError, match=r"may not ledger\.correct"):
        adjust_points(vault, DESK, customer_id, "50", "goodwill")
    with pytest.raises(InvalidInputError, match="reason: say why the points are adjusted"):
        adjust_points(vault, operator, customer_id, "50", "")
    with pytest.raises(InvalidInputError, match="points held are too few"):
        adjust_points(vault, operator, customer_id, "-1", "typo")
    added = adjust_points(vault, operator, customer_id, "50", "goodwill")
    taken = adjust_points(vault, operator, customer_id, "-20", "typo")

    assert (added.amount, added.expires_at is not None, taken.amount) == (50, True, -20)
    assert _points(vault, customer_id) == 30
