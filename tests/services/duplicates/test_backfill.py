"""Records stored before duplicate digests existed (an upgraded installation) get them from the
daily duplicates-scan job, in batches, each record audited as a system action; the same run's
scan pairs them, and a finished backfill reads nothing again."""

from __future__ import annotations

from sqlalchemy import delete

from privault.db.tables import duplicate_candidates, duplicate_digests
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.duplicates.backfill import backfill_digests
from privault.services.jobs.runner import run_due_jobs
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.factories import register
from tests.web.test_api import READER


def _as_before_digests(vault: Vault) -> None:
    with vault.database.data_engine.begin() as connection:
        connection.execute(delete(duplicate_candidates))
        connection.execute(delete(duplicate_digests))


def _digested(vault: Vault) -> set[str]:
    with vault.database.unit_of_work() as uow:
        return {cid for cid in _ids(vault) if uow.duplicates.digests_of(cid)}


def _ids(vault: Vault) -> list[str]:
    with vault.database.data_engine.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("SELECT id FROM customers")]


def test_the_scan_job_gives_old_records_digests_audited_as_the_system_and_pairs_them(
    vault: Vault, operator: Actor
) -> None:
    first = register(vault, operator, {"name": "李娜", "mobile": "13912345678"})
    second = register(vault, operator, {"name": "李娜", "mobile": "13912345679"})
    register(vault, operator, {"mobile": "13900000009"})  # no value a variant needs
    _as_before_digests(vault)

    [run] = run_due_jobs(vault, "w1", only="duplicates-scan")

    assert run.summary == "pairs=1, added=1, backfilled=2"
    assert _digested(vault) == {first, second}
    events = [
        e
        for e in list_audit_events(vault, READER, limit=100)
        if e.action == Action.DUPLICATES_BACKFILL.value and e.customer_id
    ]
    assert {(e.customer_id, e.actor, tuple(e.fields)) for e in events} == {
        (first, "system", ("mobile", "name")),
        (second, "system", ("mobile", "name")),
    }


def test_the_backfill_runs_in_batches_and_once_done_reads_nothing_again(
    vault: Vault, operator: Actor
) -> None:
    for n, name in enumerate(("王芳", "李静", "陈晨")):
        register(vault, operator, {"name": name, "mobile": f"1370000000{n}"})
    _as_before_digests(vault)

    first = backfill_digests(vault, SYSTEM, batch=2, max_batches=1)
    rest = backfill_digests(vault, SYSTEM, batch=2)
    again = backfill_digests(vault, SYSTEM, batch=2)

    assert (first.customers, first.batches, first.is_done) == (2, 1, False)
    assert (rest.customers, rest.batches, rest.is_done) == (1, 1, True)
    assert (again.customers, again.is_done) == (0, True)
    assert _digested(vault) == set(_ids(vault))
