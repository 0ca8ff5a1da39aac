"""Member levels: a visit lifts a member at the threshold (in the visit's own transaction) and
not below, reversed and refunded spend does not count, a manual level needs a manager and a
reason, the rules are validated whole, and the daily job catches up without a visit."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.members import DEFAULT_RULES, ChangeKind
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.transactions import record_transaction, reverse_transaction
from privault.services.jobs.runner import run_due_jobs
from privault.services.members.levels import (
    set_level_rules,
    set_member_level,
    show_level_rules,
)
from privault.services.members.membership import enrol_member, get_membership
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register

DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
MANAGER = Actor("manager.main", frozenset({"store_manager"}), frozenset({"main"}))
ADMIN = Actor("admin.kim", frozenset({"admin"}))
LOW_RULES = """window_months = 12
downgrade = false

[[levels]]
key = "standard"
name = "普通"

[[levels]]
key = "silver"
name = "银卡"
visits = 2
"""


def _member(vault: Vault, operator: Actor) -> str:
    customer_id = register(vault, operator, purposes=MEMBER)
    enrol_member(vault, DESK, customer_id)
    return customer_id


def _level(vault: Vault, customer_id: str) -> str:
    return get_membership(vault, MANAGER, customer_id).level.key


def test_a_purchase_reaching_the_threshold_lifts_the_member_in_the_same_use_case(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    record_transaction(vault, DESK, customer_id, "purchase", "1999.99")
    assert _level(vault, customer_id) == "standard"

    record_transaction(vault, DESK, customer_id, "visit", "0.01")

    view = get_membership(vault, MANAGER, customer_id)
    assert (view.level.key, view.level.name) == ("silver", "银卡")
    assert view.why is not None
    assert (view.why.kind, view.why.spend_cents, view.why.visits) == (ChangeKind.RULE, 200_000, 2)
    trail = list_audit_events(vault, operator, customer_id=customer_id, limit=500)
    changes = [(e.actor, e.reason) for e in trail if e.action == Action.MEMBER_LEVEL_CHANGE]
    assert changes[0] == (DESK.name, "member level standard -> silver (rule)")


def test_refunds_and_reversed_entries_do_not_count_as_spend(vault: Vault, operator: Actor) -> None:
    customer_id = _member(vault, operator)
    bought = record_transaction(vault, DESK, customer_id, "purchase", "1500.00")
    reverse_transaction(vault, MANAGER, bought.id, "typed twice")
    record_transaction(vault, DESK, customer_id, "refund", "100.00")
    record_transaction(vault, DESK, customer_id, "purchase", "2000.00")

    assert _level(vault, customer_id) == "standard"  # 2000 - 100 = 1900 net


def test_spend_outside_the_window_no_longer_counts(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = _member(vault, operator)
    record_transaction(vault, DESK, customer_id, "purchase", "1500.00")
    clock.advance(days=400)

    record_transaction(vault, DESK, customer_id, "purchase", "600.00")

    assert _level(vault, customer_id) == "standard"


def test_a_manager_sets_a_level_by_hand_with_a_reason_and_rules_do_not_pull_it_down(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    with pytest.raises(InvalidInputError, match="say why"):
        set_member_level(vault, MANAGER, customer_id, "gold", "")
    with pytest.raises(PolicyDeniedError, match=r"may not members.manage"):
        set_member_level(vault, DESK, customer_id, "gold", "regular guest")

    view = set_member_level(vault, MANAGER, customer_id, "金卡", "opening-week guest of honour")
    record_transaction(vault, DESK, customer_id, "visit", None)

    assert view.why is not None
    assert (view.why.kind, view.why.reason) == (ChangeKind.MANUAL, "opening-week guest of honour")
    assert _level(vault, customer_id) == "gold"


def test_level_rules_are_set_whole_or_not_at_all(vault: Vault, operator: Actor) -> None:
    assert show_level_rules(vault, DESK) == DEFAULT_RULES
    before = table_counts(vault.database)["installation"]
    with pytest.raises(InvalidInputError) as raised:
        set_level_rules(vault, ADMIN, LOW_RULES.replace("visits = 2", "visits = 0"))
    assert raised.value.field == "levels.2.visits"
    with pytest.raises(PolicyDeniedError, match=r"may not member_levels.configure"):
        set_level_rules(vault, DESK, LOW_RULES)
    assert table_counts(vault.database)["installation"] == before
    assert show_level_rules(vault, DESK) == DEFAULT_RULES

    rules = set_level_rules(vault, ADMIN, LOW_RULES)

    assert [lv.key for lv in rules.levels] == ["standard", "silver"]
    assert show_level_rules(vault, MANAGER) == rules
    trail = list_audit_events(vault, operator, limit=50)
    configured = [
        (e.outcome, e.reason) for e in trail if e.action == Action.MEMBER_LEVELS_CONFIGURE
    ]
    assert configured[0] == (Outcome.ALLOWED, "member levels set: 普通 < 银卡")


def test_the_daily_job_lifts_members_whose_rules_are_met_without_a_visit(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    for _ in range(2):
        record_transaction(vault, DESK, customer_id, "visit", None)
    set_level_rules(vault, ADMIN, LOW_RULES)
    assert _level(vault, customer_id) == "standard"

    (run,) = run_due_jobs(vault, "worker-1", only="member-levels")

    assert _level(vault, customer_id) == "silver"
    assert run.summary == "members=1, moved=1"
