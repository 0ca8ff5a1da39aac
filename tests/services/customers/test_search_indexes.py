"""Records stored before an index the catalog now plans (the surname index, issue 18 point 7)
get it from the daily search-indexes job, audited as a system action; a second run changes
nothing, and a merged record, whose indexes were removed on purpose, gets none back."""

from __future__ import annotations

from sqlalchemy import delete, select

from privault.db.inspection import table_counts
from privault.db.tables import blind_indexes
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import find_customers
from privault.services.customers.search_indexes import add_missing_indexes
from privault.services.duplicates.merging import merge_customers, unmerge_customers
from privault.services.jobs.runner import run_due_jobs
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.factories import register
from tests.web.test_api import READER


def _drop(vault: Vault, index_name: str) -> None:
    with vault.database.data_engine.begin() as connection:
        connection.execute(delete(blind_indexes).where(blind_indexes.c.index_name == index_name))


def _rows(vault: Vault) -> set[tuple[str, str, bytes]]:
    query = select(blind_indexes.c.customer_id, blind_indexes.c.index_name, blind_indexes.c.digest)
    with vault.database.data_engine.connect() as connection:
        return {(r[0], r[1], bytes(r[2])) for r in connection.execute(query)}


def test_a_customer_whose_surname_row_is_gone_gets_it_back_and_a_second_run_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    zhang = register(vault, operator, {"name": "张三丰", "mobile": "13800001234"})
    register(vault, operator, {"mobile": "13800001235"})  # no name: no surname to index
    whole = _rows(vault)
    _drop(vault, "name_surname")
    assert find_customers(vault, operator, "name_surname", "张").customers == []

    [run] = run_due_jobs(vault, "w1", only="search-indexes")

    assert run.summary == "customers=1"
    assert _rows(vault) == whole
    assert [c.id for c in find_customers(vault, operator, "name_surname", "张").customers] == [
        zhang
    ]
    events = [
        e
        for e in list_audit_events(vault, READER, limit=100)
        if e.action == Action.HOUSEKEEPING.value and e.customer_id
    ]
    assert [(e.customer_id, e.actor, tuple(e.fields), e.reason) for e in events] == [
        (zhang, "system", ("name",), "search index added for a record stored before it")
    ]
    counts = table_counts(vault.database)
    again = add_missing_indexes(vault, SYSTEM)
    assert (again.customers, again.is_done) == (0, True)
    assert table_counts(vault.database) == counts


def test_the_walk_goes_in_batches_and_leaves_unique_indexes_alone(
    vault: Vault, operator: Actor
) -> None:
    for n, name in enumerate(("王芳", "李静", "陈晨")):
        register(vault, operator, {"name": name, "mobile": f"1370000000{n}"})
    whole = _rows(vault)
    _drop(vault, "name_surname")
    _drop(vault, "mobile")  # a unique claim: restored by no silent backfill

    first = add_missing_indexes(vault, SYSTEM, batch=2, max_batches=1)
    rest = add_missing_indexes(vault, SYSTEM, batch=2)

    assert (first.customers, first.batches, first.is_done) == (2, 1, False)
    assert (rest.customers, rest.is_done) == (1, True)
    assert _rows(vault) == {row for row in whole if row[1] != "mobile"}


def test_a_merged_record_is_found_by_surname_no_more_and_the_job_leaves_it_so(
    vault: Vault, operator: Actor
) -> None:
    survivor = register(vault, operator, {"name": "王芳", "mobile": "13700000011"})
    merged = register(vault, operator, {"name": "王芳", "mobile": "13700000012"})
    merge_customers(vault, operator, survivor, merged, {"mobile": "survivor"})

    add_missing_indexes(vault, SYSTEM)

    assert {c.id for c in find_customers(vault, operator, "name_surname", "王").customers} == {
        survivor
    }
    assert not {row for row in _rows(vault) if row[0] == merged}
    unmerge_customers(vault, operator, merged)
    found = find_customers(vault, operator, "name_surname", "王*").customers
    assert {c.id for c in found} == {survivor, merged}
