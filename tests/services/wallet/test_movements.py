"""Stored value: top-up with its bonus as its own entry, spend never below 0, refund by the
manager, each movement and read audited without amounts, bad input changing nothing."""

from __future__ import annotations

import pytest

from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.ledger import EntryKind, Ledger
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.ledgers.accounts import show_account
from privault.services.vault import Vault
from privault.services.wallet.movements import refund, spend, top_up
from privault.services.wallet.rules import set_bonus_tiers
from tests.factories import register

DESK = Actor("desk.one", frozenset({"front_desk"}))
MARKETING = Actor("mk.one", frozenset({"marketing"}))


def _balance(vault: Vault, customer_id: str) -> int:
    return show_account(vault, DESK, Ledger.WALLET, customer_id).balance


def test_a_top_up_keeps_its_bonus_as_its_own_entry(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    set_bonus_tiers(vault, operator, ["1000:100"])

    paid, bonus = top_up(vault, DESK, customer_id, "1000.00")
    small = top_up(vault, DESK, customer_id, "50")

    assert (paid.kind, paid.amount, bonus.kind, bonus.amount) == (
        EntryKind.TOP_UP,
        100_000,
        EntryKind.BONUS,
        10_000,
    )
    assert bonus.pair_id == paid.id
    assert [e.kind for e in small] == [EntryKind.TOP_UP]
    assert _balance(vault, customer_id) == 115_000


@pytest.mark.legal("PIPL Art. 28")
def test_a_spend_above_the_balance_is_refused_and_audited_without_the_balance(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    top_up(vault, DESK, customer_id, "100")

    with pytest.raises(
        InvalidInputError, match="amount: the stored-value balance is too low"
    ) as refused:
        spend(vault, DESK, customer_id, "100.01")
    spent = spend(vault, DESK, customer_id, "100")

    assert "100" not in refused.value.message
    assert (spent.kind, spent.amount) == (EntryKind.SPEND, -10_000)
    assert _balance(vault, customer_id) == 0
    events = list_audit_events(vault, operator, customer_id=customer_id)
    moves = [(e.outcome.value, e.reason) for e in events if e.action == Action.WALLET_MOVE]
    assert [outcome for outcome, _ in moves].count("denied") == 1
    assert all("100.0" not in (reason or "") for _, reason in moves)
    assert ("allowed", f"wallet spend entry {spent.id}") in moves


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-10", "amount: must not be negative"),
        ("ten", "amount: write the amount as a number"),
        ("10.005", "amount: at most two decimals"),
    ],
)
def test_a_bad_top_up_changes_nothing(
    vault: Vault, operator: Actor, amount: str, message: str
) -> None:
    customer_id = register(vault, operator)
    with pytest.raises(InvalidInputError, match=message):
        top_up(vault, DESK, customer_id, amount)
    account = show_account(vault, DESK, Ledger.WALLET, customer_id)
    assert (account.balance, account.total) == (0, 0)


def test_a_refund_is_the_managers_with_a_reason(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    top_up(vault, DESK, customer_id, "80")

    with pytest.raises(PolicyDeniedError, match=r"may not ledger\.correct"):
        refund(vault, DESK, customer_id, "80", "moving away")
    with pytest.raises(InvalidInputError, match="reason: say why the value is refunded"):
        refund(vault, operator, customer_id, "80", " ")
    back = refund(vault, operator, customer_id, "80", "moving away")

    assert (back.kind, back.amount, back.reason) == (EntryKind.REFUND, -8_000, "moving away")
    assert _balance(vault, customer_id) == 0


@pytest.mark.legal("GB/T 35273-2020 Annex B", "PIPL Art. 28")
def test_marketing_sees_no_balance_and_the_refusal_is_audited(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    top_up(vault, DESK, customer_id, "80")

    with pytest.raises(PolicyDeniedError, match=r"role marketing may not wallet\.read"):
        show_account(vault, MARKETING, Ledger.WALLET, customer_id)
    with pytest.raises(PolicyDeniedError, match=r"may not points\.read"):
        show_account(vault, MARKETING, Ledger.POINTS, customer_id)

    account = show_account(vault, DESK, Ledger.WALLET, customer_id)
    assert account.balance == 8_000
    events = list_audit_events(vault, operator, customer_id=customer_id)
    reads = [(e.actor, e.outcome.value) for e in events if e.action == Action.WALLET_READ]
    assert ("mk.one", "denied") in reads
    assert ("desk.one", "allowed") in reads
