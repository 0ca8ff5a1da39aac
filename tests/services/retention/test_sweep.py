"""Retention sweeps: the dry run matches the real run, holds block it, each step is audited,
bounded batches (one transaction each) survive a crash, and a certificate is written."""

from __future__ import annotations

import hashlib
import json
import stat

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, NotFoundError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import list_consents
from privault.services.customers.erasure import erase as real_erase
from privault.services.customers.records import get_customer
from privault.services.customers.transactions import record_transaction
from privault.services.retention import sweep as retention_service
from privault.services.retention.holds import lift_hold, place_hold
from privault.services.retention.records import (
    certificate_path,
    get_certificate,
    list_runs,
    set_inactive_days,
)
from privault.services.retention.sweep import plan_retention, run_retention
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import EVERYTHING_SALON, register

CARE = {"name": "王芳", "mobile": "13812340001", "gender": "女", "allergies": "对染发剂过敏"}


def _customers(vault: Vault, actor: Actor, n: int) -> list[str]:
    return [register(vault, actor) for _ in range(n)]


def _retention_events(vault: Vault, actor: Actor) -> list[str]:
    events = list_audit_events(vault, actor, limit=1000)
    return [e.reason or "" for e in reversed(events) if e.action == Action.RETENTION_RUN]


@pytest.mark.legal("PIPL Art. 19", "GB/T 35273-2020 §6.1")
def test_a_dry_run_lists_exactly_what_the_real_run_then_does(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    old = _customers(vault, operator, 3)
    clock.advance(days=400)
    lapsing = register(vault, operator, CARE, EVERYTHING_SALON)
    clock.advance(days=800)  # the first three are 1200 days idle, the care customer 800
    recent = register(vault, operator)
    before = table_counts(vault.database)

    plan = plan_retention(vault, operator)

    assert sorted(plan.erase) == sorted(old)
    assert [(lp.customer_id, lp.fields) for lp in plan.lapses] == [
        (lapsing, ("allergies", "gender"))
    ]
    assert plan.lapses[0].purposes == (
        "birthday_offers",
        "marketing_email",
        "marketing_sms",
        "personalisation",
        "sensitive_care",
    )
    assert plan.counts == {
        "inactivity": 3,
        "purpose": dict.fromkeys(plan.lapses[0].purposes, 1),
        "fields_removed": 2,
        "held": 0,
    }
    after = table_counts(vault.database)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"audit_events", "retention_runs"}  # a dry run changes no customer

    run = run_retention(vault, operator)

    assert (run.customers_erased, run.fields_removed, run.is_dry_run) == (3, 2, False)
    certificate = get_certificate(vault, operator, run.id)
    assert certificate["counts"]["inactivity"] == plan.counts["inactivity"]
    assert certificate["counts"]["purpose"] == plan.counts["purpose"]
    assert certificate["counts"]["fields_removed"] == plan.counts["fields_removed"]
    joined = "\n".join(sorted(plan.erase)).encode()
    assert certificate["erased_ids_sha256"] == hashlib.sha256(joined).hexdigest()
    for gone in old:
        with pytest.raises(NotFoundError, match="retention: inactive since 2026-11-23"):
            get_customer(vault, operator, gone)
    kept = get_customer(vault, operator, lapsing)
    assert {"gender", "allergies"}.isdisjoint(kept.fields)
    assert {"name", "mobile"} <= set(kept.fields)
    # The ledger says the lapsed consents ended, by the retention rule, not by the customer.
    assert kept.purposes == ["membership", "service"]
    ended = {
        r.purpose
        for r in list_consents(vault, operator, lapsing)
        if (r.action, r.channel) == ("withdraw", "retention")
    }
    assert ended == set(plan.lapses[0].purposes)
    assert get_customer(vault, operator, recent).id == recent
    assert table_counts(vault.database)["tombstones"] == 3


def test_a_second_run_finds_nothing_left_to_do(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    _customers(vault, operator, 2)
    register(vault, operator, CARE, EVERYTHING_SALON)
    clock.advance(days=800)
    _customers(vault, operator, 1)
    clock.advance(days=400)
    run_retention(vault, operator)

    plan = plan_retention(vault, operator)
    again = run_retention(vault, operator)

    assert (plan.erase, plan.lapses, plan.held) == ([], [], [])
    assert (again.customers_erased, again.fields_removed) == (0, 0)


@pytest.mark.legal("PIPL Art. 19")
def test_legal_holds_keep_customers_out_of_both_rules_until_lifted(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    idle = _customers(vault, operator, 2)
    clock.advance(days=400)
    lapsing = register(vault, operator, CARE, EVERYTHING_SALON)
    clock.advance(days=800)
    hold = place_hold(vault, operator, idle[0], "tax inspection 2026-09")
    place_hold(vault, operator, lapsing, "insurance claim")

    plan = plan_retention(vault, operator)
    run = run_retention(vault, operator)

    assert plan.erase == [idle[1]]
    assert plan.lapses == []
    assert plan.held == sorted([idle[0], lapsing])
    assert plan.counts["held"] == 2
    assert (run.customers_erased, run.fields_removed) == (1, 0)
    assert get_customer(vault, operator, idle[0]).id == idle[0]
    assert "allergies" in get_customer(vault, operator, lapsing).fields
    assert get_certificate(vault, operator, run.id)["counts"]["held"] == 2

    lift_hold(vault, operator, hold.id, "inspection closed")
    assert run_retention(vault, operator).customers_erased == 1
    with pytest.raises(NotFoundError, match="was erased"):
        get_customer(vault, operator, idle[0])


def test_each_step_of_a_run_is_audited(vault: Vault, operator: Actor, clock: FrozenClock) -> None:
    idle = _customers(vault, operator, 3)
    lapsing = register(vault, operator, CARE, EVERYTHING_SALON)
    clock.advance(days=800)
    record_transaction(vault, operator, lapsing, "visit", None)  # activity, then idle again
    for cid in idle:
        record_transaction(vault, operator, cid, "purchase", "10.00")
    clock.advance(days=1100)
    record_transaction(vault, operator, lapsing, "visit", None)
    clock.advance(days=731)

    plan_retention(vault, operator)
    run = run_retention(vault, operator, batch_size=2)

    reasons = _retention_events(vault, operator)
    assert reasons[0] == "dry run"
    assert reasons[1] == f"run {run.id} started"
    assert reasons[2] == f"run {run.id} batch 1: 2 inactive customers erased"
    assert reasons[3] == f"run {run.id} batch 2: 1 inactive customers erased"
    assert reasons[4].startswith("retention: consent lapsed for birthday_offers")
    assert reasons[5] == f"run {run.id} batch 3: 2 fields of 1 customers removed"
    assert reasons[6].startswith(f"run {run.id} finished: 3 customers erased, 2 fields removed")
    for cid in idle:
        erased = [
            (e.reason, e.outcome.value)
            for e in list_audit_events(vault, operator, customer_id=cid)
            if e.action == Action.ERASE
        ]
        assert erased == [("retention: inactive since 2029-01-31", "allowed")]
    # The run's events after its start share the run id as their request id.
    events = list_audit_events(vault, operator, limit=1000)
    grouped = {e.request_id for e in events if e.action == Action.ERASE}
    assert grouped == {run.id}
    lapse = next(
        e
        for e in list_audit_events(vault, operator, customer_id=lapsing)
        if e.action == Action.RETENTION_RUN
    )
    assert lapse.fields == ("allergies", "gender")
    assert lapse.purpose is not None
    assert "sensitive_care" in lapse.purpose.split(",")


def test_a_run_with_batches_of_two_over_five_candidates_makes_three_batches(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    _customers(vault, operator, 5)
    clock.advance(days=1100)

    run = run_retention(vault, operator, batch_size=2)

    batches = [r for r in _retention_events(vault, operator) if " batch " in r]
    assert [b.split(": ")[1] for b in batches] == [
        "2 inactive customers erased",
        "2 inactive customers erased",
        "1 inactive customers erased",
    ]
    certificate = get_certificate(vault, operator, run.id)
    assert (certificate["counts"]["inactivity"], certificate["counts"]["batches"]) == (5, 3)
    assert table_counts(vault.database)["customers"] == 0


def test_a_run_interrupted_after_its_first_batch_keeps_it_and_a_rerun_finishes(
    vault: Vault, operator: Actor, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _customers(vault, operator, 5)
    clock.advance(days=1100)
    calls: list[int] = []

    def crash_on_second_batch(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("power cut")
        return real_erase(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(retention_service, "erase", crash_on_second_batch)
    with pytest.raises(RuntimeError, match="power cut"):
        run_retention(vault, operator, batch_size=2)

    counts = table_counts(vault.database)
    assert (counts["customers"], counts["tombstones"], counts["shredded"]) == (3, 2, 2)
    [unfinished] = list_runs(vault, operator)
    assert (unfinished.finished_at, unfinished.customers_erased) == (None, 2)

    monkeypatch.setattr(retention_service, "erase", real_erase)
    run = run_retention(vault, operator, batch_size=2)

    assert run.id == unfinished.id
    assert run.customers_erased == 5
    certificate = get_certificate(vault, operator, run.id)
    assert certificate["counts"]["batches"] == 3
    joined = "\n".join(sorted(ids)).encode()
    assert certificate["erased_ids_sha256"] == hashlib.sha256(joined).hexdigest()
    assert table_counts(vault.database)["customers"] == 0
    assert f"run {run.id} resumed after 1 batches" in _retention_events(vault, operator)


def test_the_certificate_is_stored_with_its_hash_and_written_for_the_owner_only(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    _customers(vault, operator, 2)
    clock.advance(days=1100)

    run = run_retention(vault, operator)

    path = certificate_path(vault, run.id)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert hashlib.sha256(text.encode()).hexdigest() == run.certificate_sha256
    certificate = json.loads(text)
    assert certificate == get_certificate(vault, operator, run.id)
    assert certificate["run_id"] == run.id
    assert certificate["run_by"] == operator.name
    assert certificate["rules"][0] == {"rule": "inactivity", "inactive_days": 1095}
    assert {"rule": "purpose", "purpose": "marketing_sms", "retention_days": 730} in (
        certificate["rules"]
    )
    assert (certificate["started_at"], certificate["finished_at"]) == (
        "2029-11-27T09:30:00+00:00",
        "2029-11-27T09:30:00+00:00",
    )
    listed = list_runs(vault, operator)
    assert [(r.id, r.is_dry_run, r.certificate_sha256) for r in listed] == [
        (run.id, False, run.certificate_sha256)
    ]


def test_a_dry_run_has_no_certificate(vault: Vault, operator: Actor) -> None:
    plan = plan_retention(vault, operator)
    with pytest.raises(NotFoundError, match="a dry run changes nothing"):
        get_certificate(vault, operator, plan.run_id)
    with pytest.raises(NotFoundError, match="no retention run"):
        get_certificate(vault, operator, "nope")


@pytest.mark.legal("PIPL Art. 19", "GB/T 35273-2020 §6.1")
def test_activity_restarts_the_clock_and_the_inactive_period_is_a_setting(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    visited, idle = _customers(vault, operator, 2)
    clock.advance(days=500)
    record_transaction(vault, operator, visited, "visit", None)
    clock.advance(days=600)  # idle 1100 days, visited 600

    assert plan_retention(vault, operator).erase == [idle]
    assert set_inactive_days(vault, operator, 365) == 365
    assert sorted(plan_retention(vault, operator).erase) == sorted([visited, idle])
    with pytest.raises(InvalidInputError, match="between 365 and 36500"):
        set_inactive_days(vault, operator, 300)
    reasons = _retention_events(vault, operator)
    assert "inactive period set from 1095 to 365 days" in reasons


def test_only_the_privacy_officer_runs_retention(vault: Vault, operator: Actor) -> None:
    manager = Actor("manager", frozenset({"store_manager"}))
    with pytest.raises(PolicyDeniedError, match=r"may not retention\.run"):
        run_retention(vault, manager)
    with pytest.raises(PolicyDeniedError, match=r"may not retention\.run"):
        plan_retention(vault, manager)
    with pytest.raises(InvalidInputError, match="batch_size"):
        run_retention(vault, operator, batch_size=0)
    assert list_runs(vault, operator) == []
