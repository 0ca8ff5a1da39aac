"""A quarter's classes computed from the recorded visits and purchases: the rule, who is
profiled (consent to personalisation only), history per quarter, the job, the audit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from privault.db.tables import customer_classes, important_guests
from privault.domain.errors import ConflictError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.classes.computing import compute_classes, compute_ended_quarter
from privault.services.classes.listing import count_classes, list_classes
from privault.services.customers.erasure import erase_customer
from privault.services.customers.restriction import restrict_customer
from privault.services.customers.transactions import record_transaction
from privault.services.jobs.catalog import job_named
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.services.classes.scenes import MANAGER, MARKETING, quarter4


def _classes(vault: Vault, quarter: str | None = None) -> dict[str, str]:
    listed = list_classes(vault, MANAGER, quarter)
    return {c.customer_id: c.customer_class.value for c in listed.customers}


@pytest.mark.legal("PIPL Art. 24")
def test_the_last_quarter_is_classed_from_net_spend_visits_and_the_important_flag(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    q = quarter4(vault, operator, clock)

    report = compute_classes(vault, operator)

    assert report.quarter == "2026Q4"
    assert not report.is_partial
    by_class: dict[str, set[str]] = {}
    for cid, found in _classes(vault).items():
        by_class.setdefault(found, set()).add(q.name(cid))
    assert by_class == {
        "A": {"p1", "p2", "p10"},
        "B": {"p3", "p4"},
        "C": {"p6"},
        "D": {"p5", "p7"},
        "churned": {"p8"},
    }
    assert report.counts == {"A": 3, "B": 2, "C": 1, "D": 2, "churned": 1}


@pytest.mark.legal("PIPL Art. 24", "PIPL Art. 13")
def test_a_customer_without_consent_to_personalisation_gets_no_class(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    q = quarter4(vault, operator, clock)

    compute_classes(vault, operator)

    assert q.ids["p9"] not in _classes(vault)  # the top spender, never profiled


def test_the_run_is_audited_with_its_counts(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    quarter4(vault, operator, clock)

    compute_classes(vault, operator)

    events = list_audit_events(vault, operator, limit=20)
    run = next(e for e in events if e.action == Action.CLASSES_COMPUTE.value)
    assert run.actor == operator.name
    assert run.reason == "classes of 2026Q4: A=3 B=2 C=1 D=2 churned=1"


def test_history_is_kept_per_quarter_with_the_change_since_the_last(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    q = quarter4(vault, operator, clock)
    compute_classes(vault, operator)
    record_transaction(vault, operator, q.ids["p6"], "purchase", "900")
    clock.now = datetime(2027, 3, 30, 2, tzinfo=UTC)
    record_transaction(vault, operator, q.ids["p7"], "visit", None)
    clock.now = datetime(2027, 4, 1, 2, tzinfo=UTC)

    compute_classes(vault, operator, "2027Q1")

    listed = {c.customer_id: c for c in list_classes(vault, MANAGER, "2027Q1").customers}
    p6, p1, p7 = (listed[q.ids[k]] for k in ("p6", "p1", "p7"))
    assert (p6.before, p6.customer_class, p6.change.value) == ("C", "A", "up")
    assert (p1.before, p1.customer_class, p1.change.value) == ("A", "churned", "down")
    assert (p7.before, p7.customer_class, p7.change.value) == ("D", "B", "up")
    assert _classes(vault, "2026Q4")[q.ids["p6"]] == "C"  # the old quarter stays as it was


def test_a_quarter_under_way_is_computed_as_partial_and_the_job_redoes_it_once_ended(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    quarter4(vault, operator, clock)
    clock.now = datetime(2026, 12, 30, tzinfo=UTC)
    assert compute_classes(vault, operator, "2026Q4").is_partial
    clock.now = datetime(2027, 1, 1, 1, tzinfo=UTC)

    job = job_named("customer-classes")
    assert job is not None
    done = job.work(vault, SYSTEM)
    again = compute_ended_quarter(vault, SYSTEM)

    assert done == {"computed": 1, "classified": 9}
    assert again == {"computed": 0}
    assert not count_classes(vault, MARKETING).is_partial


def test_a_quarter_not_begun_or_badly_written_is_refused(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    with pytest.raises(ConflictError):
        compute_classes(vault, operator, "2027Q2")
    with pytest.raises(InvalidInputError) as refused:
        compute_classes(vault, operator, "Q4")
    assert refused.value.field == "quarter"


@pytest.mark.parametrize("actor", [MARKETING, Actor("tech.li", frozenset({"service_staff"}))])
def test_marketing_and_serving_staff_may_not_compute(vault: Vault, actor: Actor) -> None:
    with pytest.raises(PolicyDeniedError):
        compute_classes(vault, actor)


@pytest.mark.legal("PIPL Art. 47")
def test_erasure_removes_the_class_history_and_the_important_mark(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    q = quarter4(vault, operator, clock)
    compute_classes(vault, operator)

    erase_customer(vault, operator, q.ids["p10"], reason="customer asked")

    with vault.database.data_engine.connect() as c:
        for table in (customer_classes, important_guests):
            left = select(func.count()).where(table.c.customer_id == q.ids["p10"])
            assert c.execute(left).scalar_one() == 0
    assert count_classes(vault, MARKETING).counts["A"] == 2


@pytest.mark.legal("GDPR Art. 18", "PIPL Art. 24")
def test_a_restricted_customer_is_neither_classed_nor_listed(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    q = quarter4(vault, operator, clock)
    compute_classes(vault, operator)

    restrict_customer(vault, operator, q.ids["p2"], reason="customer asked to restrict processing")

    assert q.ids["p2"] not in _classes(vault)
    again = compute_classes(vault, operator)
    assert sum(again.counts.values()) == 8  # nine consenting, one restricted
    assert q.ids["p2"] not in _classes(vault)
