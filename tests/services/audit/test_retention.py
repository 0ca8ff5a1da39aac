"""Audit retention: the six-month floor, the three-year default, and purges that keep the chain."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from privault.db.inspection import table_counts
from privault.domain.errors import AuditTrailBrokenError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.audit.retention import purge_audit, set_audit_retention
from privault.services.audit.trail import verify_audit_trail
from privault.services.customers.records import find_customers
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register


def _today(clock: FrozenClock) -> date:
    return clock.now.date()


def _count(vault: Vault) -> int:
    # Read from the store: counting the rows must not add a reading event of its own.
    with vault.database.data_engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM audit_events")).scalar_one())


def _heads(vault: Vault) -> list[tuple[int, int, int]]:
    # Read from the store: no service shows a chain's head and where it now starts (base_seq).
    with vault.database.data_engine.connect() as connection:
        rows = connection.execute(text("SELECT chain, seq, base_seq FROM audit_heads ORDER BY 1"))
        return [(int(c), int(s), int(b)) for c, s, b in rows]


def _sql(vault: Vault, statement: str, **params: object) -> None:
    # Writes to the store by hand: these tests play the intruder that bypasses the services.
    with vault.database.data_engine.begin() as connection:
        connection.execute(text(statement), params)


MOBILES = ("13800005678", "13900005678", "13700005678")


@pytest.fixture
def aged(vault: Vault, operator: Actor, clock: FrozenClock) -> int:
    """Events written 200 days ago, then some today; returns how many are the old ones.

    Each search by tail writes three events in one transaction, so on PostgreSQL too some
    chain holds at least three old events and three recent ones.
    """
    for mobile in MOBILES:
        register(vault, operator, {"name": "张三丰", "mobile": mobile})
    find_customers(vault, operator, "mobile_tail", "5678")
    old = _count(vault)
    clock.advance(days=200)
    find_customers(vault, operator, "mobile_tail", "5678")
    return old


def _longest_chain(vault: Vault) -> list[int]:
    """Ids of the chain with the most events, in seq order."""
    # Read from the store: no service shows an event's id, chain or seq.
    with vault.database.data_engine.connect() as connection:
        rows = connection.execute(text("SELECT id, chain FROM audit_events ORDER BY chain, seq"))
        chains: dict[int, list[int]] = {}
        for event_id, chain in rows:
            chains.setdefault(int(chain), []).append(int(event_id))
    return max(chains.values(), key=len)


def test_purging_younger_entries_than_the_default_three_years_is_refused(
    vault: Vault, operator: Actor, clock: FrozenClock, aged: int
) -> None:
    before = table_counts(vault.database)
    latest = _today(clock) - timedelta(days=1095)
    with pytest.raises(InvalidInputError) as refusal:
        purge_audit(vault, operator, _today(clock) - timedelta(days=1000))
    assert refusal.value.message == (
        "before: audit entries younger than 1095 days are kept; "
        f"the latest date you may purge before is {latest.isoformat()}"
    )
    assert table_counts(vault.database) == before


def test_purging_younger_entries_than_the_floor_is_refused(
    vault: Vault, operator: Actor, clock: FrozenClock, aged: int
) -> None:
    set_audit_retention(vault, operator, 183)
    before = table_counts(vault.database)
    heads = _heads(vault)
    with pytest.raises(InvalidInputError, match="younger than 183 days are kept"):
        purge_audit(vault, operator, _today(clock) - timedelta(days=182))
    assert table_counts(vault.database) == before
    assert _heads(vault) == heads


@pytest.mark.parametrize("days", [0, 30, 182, -1])
def test_a_retention_below_six_months_is_refused(vault: Vault, operator: Actor, days: int) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refusal:
        set_audit_retention(vault, operator, days)
    assert "at least 183 days" in refusal.value.message
    assert "Cybersecurity Law" in refusal.value.message
    assert table_counts(vault.database) == before


def test_setting_the_retention_is_audited(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    result = set_audit_retention(vault, operator, 400)
    assert (result.days, result.previous_days) == (400, 1095)
    assert result.latest_purge_date == _today(clock) - timedelta(days=400)
    latest = list_audit_events(vault, operator, limit=1)[0]
    assert (latest.action, latest.reason) == (
        Action.AUDIT_RETENTION,
        "audit retention 1095 -> 400 days",
    )
    assert set_audit_retention(vault, operator, 183).previous_days == 400


def test_a_legal_purge_deletes_the_old_events_and_the_rest_still_verifies(
    vault: Vault, operator: Actor, clock: FrozenClock, aged: int
) -> None:
    set_audit_retention(vault, operator, 183)
    total = _count(vault)
    result = purge_audit(vault, operator, _today(clock) - timedelta(days=183))
    assert result.purged == aged
    assert result.retention_days == 183
    assert _count(vault) == total - aged + 1  # and the purge's own event
    moved = [head for head in _heads(vault) if head[2] > 0]
    assert len(moved) == result.chains > 0
    report = verify_audit_trail(vault, operator)
    assert report.is_intact, report.problems
    latest = list_audit_events(vault, operator, limit=2)
    assert latest[1].action == Action.AUDIT_PURGE
    assert latest[1].reason == (
        f"{aged} events before {result.before.isoformat()} purged from {result.chains} chains"
    )


def test_a_purge_keeps_whatever_is_not_older_than_its_date(
    vault: Vault, operator: Actor, clock: FrozenClock, aged: int
) -> None:
    set_audit_retention(vault, operator, 183)
    result = purge_audit(vault, operator, _today(clock) - timedelta(days=201))
    assert (result.purged, result.chains) == (0, 0)
    assert all(base == 0 for _, _, base in _heads(vault))


def test_old_events_deleted_directly_are_still_detected_after_a_purge(
    vault: Vault, operator: Actor, clock: FrozenClock, aged: int
) -> None:
    set_audit_retention(vault, operator, 183)
    purge_audit(vault, operator, _today(clock) - timedelta(days=183))
    first, after, *_ = _longest_chain(vault)
    _sql(vault, "DELETE FROM audit_events WHERE id = :i", i=first)
    problem = verify_audit_trail(vault, operator).first_problem
    assert problem is not None
    assert problem.message == f"event {after}: 1 event missing before it in chain {problem.chain}"


def test_old_events_deleted_without_moving_the_start_are_detected(
    vault: Vault, operator: Actor, aged: int
) -> None:
    first, second, third, *_ = _longest_chain(vault)
    _sql(vault, "DELETE FROM audit_events WHERE id IN (:a, :b)", a=first, b=second)
    problem = verify_audit_trail(vault, operator).first_problem
    assert problem is not None
    assert problem.message == f"event {third}: 2 events missing before it in chain {problem.chain}"


def test_a_purge_refuses_to_destroy_a_tampered_stretch(
    vault: Vault, operator: Actor, clock: FrozenClock, aged: int
) -> None:
    set_audit_retention(vault, operator, 183)
    # Read from the store: no service shows an event's id or seq to pick one to tamper with.
    with vault.database.data_engine.connect() as connection:
        query = text("SELECT max(id) FROM audit_events WHERE seq = 2 AND id <= :old")
        tampered = int(connection.execute(query, {"old": aged}).scalar_one())
    _sql(vault, "UPDATE audit_events SET actor = 'mallory' WHERE id = :i", i=tampered)
    before = table_counts(vault.database)
    heads = _heads(vault)
    with pytest.raises(AuditTrailBrokenError) as refusal:
        purge_audit(vault, operator, _today(clock) - timedelta(days=183))
    assert f"event {tampered}: contents changed since it was written" in refusal.value.message
    assert "nothing was purged" in refusal.value.message
    assert table_counts(vault.database) == before
    assert _heads(vault) == heads


def test_purging_and_setting_retention_need_the_permission(
    vault: Vault, clock: FrozenClock
) -> None:
    desk = Actor(name="desk:li", roles=frozenset({"front_desk"}))
    with pytest.raises(PolicyDeniedError):
        purge_audit(vault, desk, _today(clock) - timedelta(days=2000))
    with pytest.raises(PolicyDeniedError):
        set_audit_retention(vault, desk, 400)


def test_a_hand_edited_retention_below_the_floor_still_keeps_six_months(
    vault: Vault, operator: Actor, clock: FrozenClock, aged: int
) -> None:
    set_audit_retention(vault, operator, 183)
    _sql(vault, "UPDATE installation SET value = '1' WHERE key = 'audit_retention_days'")
    with pytest.raises(InvalidInputError, match="younger than 183 days are kept"):
        purge_audit(vault, operator, _today(clock) - timedelta(days=10))
