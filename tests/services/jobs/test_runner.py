"""Jobs that run themselves: each due job runs once across workers as the system actor, each run
is recorded and audited, a failure is contained and alerted, and the jobs do their work."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from privault.domain.errors import NotFoundError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.infra.sms import FileOutbox
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import get_customer
from privault.services.installation.backups import back_up
from privault.services.jobs import catalog
from privault.services.jobs.runner import list_jobs, run_due_jobs
from privault.services.requests.handling import open_request
from privault.services.requests.verification import send_code
from privault.services.retention.holds import place_hold
from privault.services.staff.accounts import add_staff, record_training, set_roles
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff, register

ADMIN = Actor("admin.test", frozenset({"admin"}))
ALL = {job.name for job in catalog.JOBS}


def _ran(vault: Vault, worker: str = "w1", only: str | None = None) -> set[str]:
    return {run.job for run in run_due_jobs(vault, worker, only=only)}


def test_every_job_runs_at_first_and_then_only_when_its_interval_has_passed(
    vault: Vault, clock: FrozenClock
) -> None:
    assert _ran(vault) == ALL
    assert _ran(vault) == set()
    clock.advance(minutes=59)
    assert _ran(vault) == {"campaigns"}  # every five minutes
    clock.advance(minutes=1)
    assert _ran(vault) == {
        "request-deadlines",
        "one-time-code-purge",
        "unreturned-cards",
        "collection-deadlines",
        "birthday-greetings",
        "customer-classes",
    }
    clock.advance(hours=23)
    assert _ran(vault) == ALL


def test_a_second_worker_finds_nothing_to_do_once_the_first_has_run(
    vault: Vault, settings: object, clock: FrozenClock
) -> None:
    assert _ran(vault, "w1") == ALL
    assert _ran(vault, "w2") == set()


def test_a_job_held_by_a_worker_that_died_runs_again_once_its_lease_ends(
    vault: Vault, clock: FrozenClock
) -> None:
    job = catalog.job_named("request-deadlines")
    assert job is not None
    # A worker claims the job and dies before finishing (no service ends a run half-way).
    with vault.unit_of_work() as uow:
        now = clock()
        assert uow.jobs.claim(job.name, "dead", now, now, now + job.schedule.lease)
        uow.commit()
    clock.advance(minutes=29)
    assert _ran(vault, "w2", only="request-deadlines") == set()  # the lease still holds
    clock.advance(minutes=1)
    assert _ran(vault, "w2", only="request-deadlines") == {"request-deadlines"}


def test_each_run_is_recorded_and_audited_as_the_system(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    run_due_jobs(vault, "w1")

    events = [
        e
        for e in list_audit_events(vault, operator, limit=200)
        if e.action == "system.housekeeping"
    ]
    finished = {(e.reason or "").split()[1] for e in events if (e.reason or "").startswith("job ")}
    assert finished == ALL
    assert {e.actor for e in events} == {"system"}
    [deadlines] = [j for j in list_jobs(vault, operator) if j.name == "request-deadlines"]
    assert (deadlines.last_started_at, deadlines.last_outcome) == (clock(), "done")
    assert deadlines.last_summary == "overdue=0, nearly_due=0, alerts_raised=0"
    assert deadlines.next_due_at == clock() + timedelta(hours=1)
    assert not deadlines.is_running


def test_a_failing_job_is_recorded_alerted_and_leaves_the_others_running(
    vault: Vault,
    operator: Actor,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(vault: Vault, actor: Actor) -> dict[str, int]:
        raise ValueError("13800138000 is not allowed")  # a value in the message, never logged

    jobs = tuple(
        catalog.Job(j.name, j.schedule, broken) if j.name == "training-reminders" else j
        for j in catalog.JOBS
    )
    monkeypatch.setattr("privault.services.jobs.runner.JOBS", jobs)
    with caplog.at_level(logging.INFO):
        runs = {run.job: run for run in run_due_jobs(vault, "w1")}

    assert set(runs) == ALL
    assert (runs["training-reminders"].outcome, runs["training-reminders"].summary) == (
        "failed",
        "failed: ValueError",
    )
    assert {runs[n].outcome for n in ALL - {"training-reminders"}} == {"done"}
    assert "13800138000" not in caplog.text
    assert "training-reminders failed: ValueError" in caplog.text
    kinds = [(a.kind, a.staff_name) for a in list_alerts(vault, operator)]
    assert ("job_failed", "system") in kinds


def test_one_job_runs_now_on_demand_and_an_unknown_one_is_named(vault: Vault) -> None:
    assert _ran(vault) == ALL
    assert _ran(vault, only="retention") == {"retention"}
    with pytest.raises(NotFoundError, match="no scheduled job named sweep"):
        run_due_jobs(vault, "w1", only="sweep")


def test_listing_jobs_needs_the_permission(vault: Vault) -> None:
    desk = Actor("desk.test", frozenset({"front_desk"}), frozenset({"main"}))
    with pytest.raises(PolicyDeniedError):
        list_jobs(vault, desk)
    assert {j.name for j in list_jobs(vault, ADMIN)} == ALL


def test_the_system_role_cannot_be_given_to_a_person(vault: Vault) -> None:
    add_staff(vault, ADMIN, "li.na", ["front_desk"], ["main"], mobile="13812345678")
    with pytest.raises(Exception, match="system"):
        set_roles(vault, ADMIN, "li.na", ["system"])


def test_the_retention_job_reports_a_day_ahead_and_then_runs_what_it_reported(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    gone, kept = register(vault, operator), register(vault, operator)
    clock.advance(days=1200)

    assert _ran(vault, only="retention") == {"retention"}

    # The first turn only reports: nobody is erased before the officer has seen it.
    assert get_customer(vault, operator, gone).id == gone
    [planned] = [a for a in list_alerts(vault, operator) if a.kind == "retention_planned"]
    assert "erases about 2 customers" in planned.detail
    place_hold(vault, operator, kept, "case 2026-17")

    clock.advance(hours=24)
    [run] = run_due_jobs(vault, "w1", only="retention")

    assert run.summary.startswith("erased=1, fields_removed=0")
    with pytest.raises(NotFoundError):
        get_customer(vault, operator, gone)
    assert get_customer(vault, operator, kept).id == kept


def test_the_retention_job_runs_nothing_that_was_not_reported_long_enough_before(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer = register(vault, operator)
    clock.advance(days=1200)
    run_due_jobs(vault, "w1", only="retention")
    clock.advance(hours=2)
    [run] = run_due_jobs(vault, "w1", only="retention")
    assert "erased=" not in run.summary
    assert get_customer(vault, operator, customer).id == customer


def test_training_about_to_lapse_raises_one_reminder(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    enrolled_staff(vault, ADMIN, "li.na", ["front_desk"], ["main"])
    record_training(vault, ADMIN, "li.na", "PIPL basics", date(2025, 12, 10))  # lapses 2026-12-10

    run_due_jobs(vault, "w1", only="training-reminders")
    clock.advance(days=1)
    run_due_jobs(vault, "w1", only="training-reminders")

    reminders = [a for a in list_alerts(vault, operator) if a.kind == "training_expiring"]
    assert [(a.staff_name, a.detail) for a in reminders] == [
        ("li.na", "privacy training expires 2026-12-10: record a new course")
    ]


def test_expired_one_time_codes_are_purged_after_a_day(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer = register(vault, operator, {"name": "欧阳娜娜", "mobile": "13812345678"})
    request_id = open_request(vault, operator, customer, "access", "phone").id
    send_code(vault, operator, request_id, "sms")

    [kept] = run_due_jobs(vault, "w1", only="one-time-code-purge")
    clock.advance(days=1, minutes=11)
    [purged] = run_due_jobs(vault, "w1", only="one-time-code-purge")

    assert kept.summary == "codes_purged=0, answer_files_purged=0, messages_purged=0"
    assert purged.summary == "codes_purged=1, answer_files_purged=0, messages_purged=1"
    assert isinstance(vault.sms, FileOutbox)
    assert vault.sms.messages() == []  # the code was dead; nobody needs the number and text
    with vault.unit_of_work(read_only=True) as uow:  # no service reads a code row back
        assert uow.codes.latest(request_id) is None


def test_the_system_actor_sees_no_customer_in_clear(vault: Vault, operator: Actor) -> None:
    from privault.services.customers.records import reveal_field
    from privault.services.use_case import SYSTEM

    customer = register(vault, operator)
    with pytest.raises(PolicyDeniedError):
        reveal_field(vault, SYSTEM, customer, "mobile", purpose="service")
    assert Action.REVEAL.value not in {a.value for a in catalog_actions()}


def catalog_actions() -> frozenset[Action]:
    from privault.domain.policy import SYSTEM_GRANT

    return SYSTEM_GRANT.actions


def test_keystore_backups_past_retention_go_even_when_no_backup_is_made(
    vault: Vault, clock: FrozenClock
) -> None:
    old = back_up(vault, ADMIN)
    clock.advance(days=29)
    [kept] = run_due_jobs(vault, "w1", only="backup-pruning")
    assert old.keystore_file.exists()
    clock.advance(days=2)
    [pruned] = run_due_jobs(vault, "w1", only="backup-pruning")

    assert not old.keystore_file.exists()
    assert old.file.exists()  # the data archive holds no key: it is the shop's to keep
    assert (kept.summary, pruned.summary) == (
        "keystore_backups_deleted=0, leftovers_removed=0",
        "keystore_backups_deleted=1, leftovers_removed=0",
    )
