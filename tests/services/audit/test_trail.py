"""Verifying the audit trail: a trail made by real use cases, then tampered with directly in SQL.

Each case names exactly the first bad event the verification must report. On PostgreSQL the
trail spreads over 16 chains; the tampering targets the longest one.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from privault.config import Settings
from privault.domain.audit import Channel
from privault.domain.audit_trail import Problem, VerifyReport
from privault.domain.errors import AuditTrailBrokenError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.infra import trail_walk as audit_walk
from privault.services.audit.events import list_audit_events
from privault.services.audit.trail import export_checkpoint, verify_audit_trail
from privault.services.customers.records import find_customers, get_customer, reveal_field
from privault.services.use_case import Entry, Origin, request_origin, use_case
from privault.services.vault import Vault, open_vault
from tests.conftest import FrozenClock
from tests.factories import register

Row = tuple[int, int, int]  # id, chain, seq
CHANGED = "contents changed since it was written"


MOBILES = ("13800001234", "13900001234", "13700001234", "13600001234", "13500001234")


@pytest.fixture
def trail(vault: Vault, operator: Actor) -> list[Row]:
    """The chain holding a search that found five customers, in a trail written by
    registrations, searches, a view and a reveal."""
    ids = [register(vault, operator, {"name": "张三丰", "mobile": m}) for m in MOBILES]
    find_customers(vault, operator, "mobile_tail", "1234")  # five events in one transaction
    get_customer(vault, operator, ids[0])
    reveal_field(vault, operator, ids[1], "mobile", "service")
    find_customers(vault, operator, "mobile", MOBILES[0])
    chain = _searched(vault)[0][1]
    return [r for r in _rows(vault) if r[1] == chain]


@pytest.fixture
def searched(vault: Vault, trail: list[Row]) -> list[Row]:
    """The five search events: each names a customer and fields, so any edit changes them."""
    return _searched(vault)


def _searched(vault: Vault) -> list[Row]:
    # Reads in SQL: tampering needs row ids, chains and positions, which no service shows.
    with vault.database.data_engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, chain, seq FROM audit_events "
                "WHERE reason = 'found by mobile_tail' ORDER BY id"
            )
        ).all()
    assert len(rows) == len(MOBILES)
    return [(int(i), int(c), int(s)) for i, c, s in rows]


def _rows(vault: Vault) -> list[Row]:
    # Reads in SQL: tampering needs row ids, chains and positions, which no service shows.
    with vault.database.data_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, chain, seq FROM audit_events ORDER BY chain, seq")
        ).all()
    return [(int(i), int(c), int(s)) for i, c, s in rows]


def _sql(vault: Vault, *statements: str, **params: object) -> None:
    # Writes behind the chain's back: the tampering the verification must find.
    with vault.database.data_engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement), params)


def _is_pg(vault: Vault) -> bool:
    return vault.database.data_engine.dialect.name == "postgresql"


def _first(vault: Vault, operator: Actor) -> Problem:
    report = verify_audit_trail(vault, operator)
    assert not report.is_intact
    assert report.first_problem is not None
    return report.first_problem


def test_an_untouched_trail_verifies(vault: Vault, operator: Actor, trail: list[Row]) -> None:
    written = len(_rows(vault))
    report = verify_audit_trail(vault, operator)
    assert report.is_intact, report.problems
    assert report.events_checked == written
    assert report.chains_checked == (16 if _is_pg(vault) else 1)
    assert report.first_problem is None


def test_verifying_is_audited_after_its_snapshot(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    first = verify_audit_trail(vault, operator)
    latest = list_audit_events(vault, operator, limit=1)[0]
    assert latest.action == Action.AUDIT_VERIFY
    assert latest.reason == (
        f"{first.events_checked} events in {first.chains_checked} chains: intact"
    )
    second = verify_audit_trail(vault, operator)
    assert second.is_intact
    assert second.events_checked == first.events_checked + 2  # the verify and the list events


def test_verifying_needs_the_permission_and_a_refusal_is_audited(
    vault: Vault, operator: Actor
) -> None:
    front_desk = Actor(name="desk:li", roles=frozenset({"front_desk"}))
    with pytest.raises(PolicyDeniedError):
        verify_audit_trail(vault, front_desk)
    latest = list_audit_events(vault, operator, limit=1)[0]
    assert (latest.action, latest.outcome.value, latest.actor) == (
        "audit.verify",
        "denied",
        "desk:li",
    )


@pytest.mark.parametrize(
    "assignment",
    [
        "actor = 'mallory'",
        "role = 'front_desk'",
        "store = 'other'",
        "action = 'customer.view'",
        "outcome = 'denied'",
        "customer_id = NULL",
        "fields = ''",
        "purpose = 'marketing'",
        "request_id = 'forged'",
        "reason = 'nothing to see'",
        "hash = (SELECT hash FROM audit_events ORDER BY id LIMIT 1)",
    ],
)
@pytest.mark.legal("PIPL Art. 54")
def test_an_edited_column_names_its_event(
    vault: Vault, operator: Actor, searched: list[Row], assignment: str
) -> None:
    target = searched[1][0]
    _sql(vault, f"UPDATE audit_events SET {assignment} WHERE id = :id", id=target)  # noqa: S608
    assert _first(vault, operator).message == f"event {target}: {CHANGED}"


def test_an_edited_time_names_its_event(vault: Vault, operator: Actor, trail: list[Row]) -> None:
    target = trail[2][0]
    earlier = "at - interval '1 microsecond'" if _is_pg(vault) else "'2026-11-23 09:29:59.999999'"
    _sql(vault, f"UPDATE audit_events SET at = {earlier} WHERE id = :id", id=target)  # noqa: S608
    assert _first(vault, operator).message == f"event {target}: {CHANGED}"


def test_an_edited_chain_names_its_event(vault: Vault, operator: Actor, trail: list[Row]) -> None:
    target = trail[1][0]
    _sql(vault, "UPDATE audit_events SET chain = 99 WHERE id = :id", id=target)
    assert _first(vault, operator).message == (
        f"event {target}: names chain 99, which does not exist: changed or added after the fact"
    )


def test_an_edited_seq_names_its_event(vault: Vault, operator: Actor, trail: list[Row]) -> None:
    target, chain, seq = trail[1]
    _sql(vault, "UPDATE audit_events SET seq = seq + 1000 WHERE id = :id", id=target)
    head = trail[-1][2]
    assert _first(vault, operator).message == (
        f"event {target}: claims seq {seq + 1000} of chain {chain}, which ends at seq {head}: "
        "changed or added after the fact"
    )


def test_swapped_seqs_name_the_lower_event(vault: Vault, operator: Actor, trail: list[Row]) -> None:
    (a, _, seq_a), (b, _, seq_b) = trail[1], trail[2]
    _sql(
        vault,
        "UPDATE audit_events SET seq = -1 WHERE id = :a",
        "UPDATE audit_events SET seq = :seq_a WHERE id = :b",
        "UPDATE audit_events SET seq = :seq_b WHERE id = :a",
        a=a,
        b=b,
        seq_a=seq_a,
        seq_b=seq_b,
    )
    assert _first(vault, operator).message == f"event {a}: {CHANGED}"


@pytest.mark.legal("PIPL Art. 54")
def test_a_deleted_event_in_the_middle_names_the_one_after_it(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    _sql(vault, "DELETE FROM audit_events WHERE id = :id", id=trail[1][0])
    after, chain, _ = trail[2]
    assert (
        _first(vault, operator).message
        == f"event {after}: 1 event missing before it in chain {chain}"
    )


def test_two_deleted_events_are_counted(vault: Vault, operator: Actor, trail: list[Row]) -> None:
    _sql(vault, "DELETE FROM audit_events WHERE id IN (:a, :b)", a=trail[1][0], b=trail[2][0])
    after, chain, _ = trail[3]
    assert (
        _first(vault, operator).message
        == f"event {after}: 2 events missing before it in chain {chain}"
    )


def test_a_deleted_first_event_names_the_new_first(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    _sql(vault, "DELETE FROM audit_events WHERE id = :id", id=trail[0][0])
    after, chain, _ = trail[1]
    assert (
        _first(vault, operator).message
        == f"event {after}: 1 event missing before it in chain {chain}"
    )


def test_a_deleted_last_event_names_the_chain_and_the_last_good_one(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    _sql(vault, "DELETE FROM audit_events WHERE id = :id", id=trail[-1][0])
    last_good, chain, _ = trail[-2]
    problem = _first(vault, operator)
    assert problem.message == f"chain {chain}: 1 event missing at the end, after event {last_good}"
    assert (problem.event_id, problem.chain, problem.after_event) == (None, chain, last_good)


def test_a_rewritten_head_alone_is_named(vault: Vault, operator: Actor, trail: list[Row]) -> None:
    chain = trail[0][1]
    _sql(vault, "UPDATE audit_heads SET hash = :h WHERE chain = :c", h=bytes(32), c=chain)
    assert _first(vault, operator).message == (
        f"chain {chain}: its head does not match its last event, event {trail[-1][0]}"
    )


def test_deleted_heads_are_named_before_the_events_they_leave_behind(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    _sql(vault, "DELETE FROM audit_heads")
    report = verify_audit_trail(vault, operator)  # its own event cannot be written, and says so
    assert _messages(report)[:2] == [
        "chain 0: its head row is missing",
        "chain 1: its head row is missing"
        if _is_pg(vault)
        else ("event 1: names chain 0, which does not exist: changed or added after the fact"),
    ]
    with pytest.raises(AuditTrailBrokenError, match="chain heads are missing"):
        get_customer(vault, operator, _customer(vault))


def test_a_head_moved_to_another_chain_is_named(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    last = 15 if _is_pg(vault) else 0
    _sql(vault, "UPDATE audit_heads SET chain = 1000000 WHERE chain = :c", c=last)
    report = verify_audit_trail(vault, operator)
    assert set(_messages(report)[:2]) == {
        f"chain {last}: its head row is missing",
        "chain 1000000: a head row for a chain that cannot exist",
    }


def _customer(vault: Vault) -> str:
    # Reads in SQL: with the chain heads gone every service refuses, which is what is tested.
    with vault.database.data_engine.connect() as connection:
        return str(connection.execute(text("SELECT id FROM customers LIMIT 1")).scalar_one())


def test_verifying_while_others_append_sees_one_consistent_moment(
    vault: Vault, operator: Actor, settings: Settings, clock: FrozenClock, trail: list[Row]
) -> None:
    """Heads and events are read as of one snapshot: events appended meanwhile never show
    up as forged, nor the heads ahead of the events as a cut tail."""
    other = open_vault(settings, clock=clock)
    started, done = threading.Event(), threading.Event()

    def append() -> None:
        started.wait()
        try:
            for _ in range(150):
                # Appends straight to the trail: many events fast, racing the verification.
                with use_case(other, operator) as uc:
                    uc.record_all([Entry(Action.SEARCH)] * 3)
                    uc.commit()
        finally:
            done.set()
            other.close()

    writer = threading.Thread(target=append)
    writer.start()
    started.set()
    reports = [verify_audit_trail(vault, operator)]
    while not done.is_set():
        reports.append(verify_audit_trail(vault, operator))
    writer.join()
    written = len(_rows(vault))
    reports.append(verify_audit_trail(vault, operator))
    assert all(r.is_intact for r in reports), [r.problems for r in reports]
    assert reports[-1].events_checked == written


def test_a_cut_tail_with_its_head_rewritten_passes_without_a_checkpoint(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    """The known limit of a hash chain alone, and the reason checkpoints exist (next test)."""
    _cut_tail(vault, trail, keep=len(trail) - 1)
    assert verify_audit_trail(vault, operator).is_intact


def test_a_checkpoint_catches_a_cut_tail_with_its_head_rewritten(
    vault: Vault, operator: Actor, trail: list[Row], tmp_path: Path
) -> None:
    document = export_checkpoint(vault, operator)
    path = tmp_path / "checkpoint.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    chain = trail[0][1]
    marks = document["chains"]
    assert isinstance(marks, list)
    checkpointed = next(m["seq"] for m in marks if m["chain"] == chain)
    # Cut the chain just before its checkpointed event (the export's own event may follow it).
    last_good = _cut_tail(vault, _chain_rows(vault, chain), keep=checkpointed - 1)
    report = verify_audit_trail(vault, operator, checkpoint=path)
    assert report.first_problem is not None
    assert report.first_problem.message == (
        f"chain {chain}: cut short after event {last_good}: the checkpoint records seq "
        f"{checkpointed}, the chain now ends at seq {checkpointed - 1}"
    )
    assert report.problem_count == 1
    assert report.checkpoint_chains == (16 if _is_pg(vault) else 1)


def _chain_rows(vault: Vault, chain: int) -> list[Row]:
    return [r for r in _rows(vault) if r[1] == chain]


def _cut_tail(vault: Vault, rows: list[Row], keep: int) -> int:
    """Deletes all but the first `keep` events of a chain and rewrites its head to match."""
    last_id, chain, last_seq = rows[keep - 1]
    _sql(
        vault,
        "DELETE FROM audit_events WHERE chain = :c AND seq > :s",
        "UPDATE audit_heads SET seq = :s, hash = (SELECT hash FROM audit_events WHERE id = :i) "
        "WHERE chain = :c",
        c=chain,
        s=last_seq,
        i=last_id,
    )
    return last_id


def test_swapped_ids_name_the_lower_event(vault: Vault, operator: Actor, trail: list[Row]) -> None:
    (a, chain, _), (b, _, _) = trail[1], trail[2]
    _swap_ids(vault, a, b)
    assert _first(vault, operator).message == (
        f"event {a}: out of order: chain {chain} places it after event {b}, which was written later"
    )


def test_swapped_ids_far_apart_name_the_lower_event(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    (a, chain, _), (b, _, _) = trail[0], trail[-1]
    _swap_ids(vault, a, b)
    assert _first(vault, operator).message.startswith(f"event {a}: out of order: chain {chain}")


def _swap_ids(vault: Vault, a: int, b: int) -> None:
    _sql(
        vault,
        "UPDATE audit_events SET id = -1 WHERE id = :a",
        "UPDATE audit_events SET id = :a WHERE id = :b",
        "UPDATE audit_events SET id = :b WHERE id = -1",
        a=a,
        b=b,
    )


def test_swapped_contents_name_the_lower_event(
    vault: Vault, operator: Actor, searched: list[Row]
) -> None:
    """Two events trade what they say while keeping their places in the chain."""
    a, b = searched[0][0], searched[2][0]
    columns = ("at", "actor", "action", "customer_id", "fields", "reason")
    # Swaps in SQL behind the chain's back: the tampering the verification must find.
    with vault.database.data_engine.begin() as connection:
        select = f"SELECT id, {', '.join(columns)} FROM audit_events WHERE id IN (:a, :b)"  # noqa: S608
        rows = {r.id: r._mapping for r in connection.execute(text(select), {"a": a, "b": b})}
        update = (
            f"UPDATE audit_events SET {', '.join(f'{c} = :{c}' for c in columns)} WHERE id = :me"  # noqa: S608
        )
        for me, other in ((a, b), (b, a)):
            connection.execute(text(update), {**rows[other], "me": me})
    report = verify_audit_trail(vault, operator)
    assert report.first_problem is not None
    assert report.first_problem.message == f"event {a}: {CHANGED}"
    assert report.problem_count == 2


def test_a_forged_event_after_the_head_is_named(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    forged = _forge(vault, trail)
    _, chain, seq = trail[-1]
    assert _first(vault, operator).message == (
        f"event {forged}: claims seq {seq + 1} of chain {chain}, which ends at seq {seq}: "
        "changed or added after the fact"
    )


def test_a_forged_event_with_its_head_moved_is_named(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    forged = _forge(vault, trail)
    _, chain, seq = trail[-1]
    _sql(
        vault,
        "UPDATE audit_heads SET seq = :s, hash = :h WHERE chain = :c",
        s=seq + 1,
        h=b"\x01" * 32,
        c=chain,
    )
    assert _first(vault, operator).message == f"event {forged}: {CHANGED}"


def _forge(vault: Vault, trail: list[Row]) -> int:
    """Copies the chain's last event as a new one after it, with a made-up link."""
    _, chain, seq = trail[-1]
    columns = "at, actor, role, store, action, outcome, customer_id, fields, purpose, request_id"
    _sql(
        vault,
        f"INSERT INTO audit_events ({columns}, reason, chain, seq, hash) "  # noqa: S608
        f"SELECT {columns}, 'forged', chain, seq + 1, :h FROM audit_events "
        "WHERE chain = :c AND seq = :s",
        h=b"\x01" * 32,
        c=chain,
        s=seq,
    )
    return max(r[0] for r in _rows(vault))


def test_helper_processes_find_the_same_first_bad_event(
    vault: Vault, operator: Actor, trail: list[Row], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_walk, "PARALLEL_FROM", 0)
    assert verify_audit_trail(vault, operator, workers=3).is_intact
    _sql(vault, "DELETE FROM audit_events WHERE id = :id", id=trail[2][0])
    _sql(vault, "UPDATE audit_events SET actor = 'x' WHERE id = :id", id=trail[-1][0])
    alone = verify_audit_trail(vault, operator, workers=1)
    helped = verify_audit_trail(vault, operator, workers=3)
    assert helped.problems == alone.problems
    after, chain, _ = trail[3]
    assert _messages(helped) == [
        f"event {after}: 1 event missing before it in chain {chain}",
        f"event {trail[-1][0]}: {CHANGED}",
    ]


def test_a_failed_helper_is_made_up_for_in_the_snapshot(
    vault: Vault, operator: Actor, trail: list[Row], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_walk, "PARALLEL_FROM", 0)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    report = verify_audit_trail(vault, operator, workers=2)
    assert report.is_intact, report.problems
    assert report.events_checked == len(_rows(vault)) - 1  # not its own event


def _messages(report: VerifyReport) -> list[str]:
    return [p.message for p in report.problems]


def test_a_checkpoint_is_audited_and_verifies_an_untouched_trail(
    vault: Vault, operator: Actor, trail: list[Row]
) -> None:
    document = export_checkpoint(vault, operator)
    assert list_audit_events(vault, operator, limit=1)[0].action == Action.AUDIT_EXPORT_CHECKPOINT
    chains = document["chains"]
    assert isinstance(chains, list)
    assert len(chains) == (16 if _is_pg(vault) else 1)
    report = verify_audit_trail(vault, operator, checkpoint=document)
    assert report.is_intact
    assert report.checkpoint_chains == len(chains)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d["chains"][0].update(seq=d["chains"][0]["seq"] - 1),
        lambda d: d.update(taken_at="2020-01-01T00:00:00+00:00"),
        lambda d: d.update(mac="00" * 32),
    ],
)
def test_an_altered_checkpoint_is_refused(
    vault: Vault, operator: Actor, trail: list[Row], tamper: Callable[[Any], None]
) -> None:
    document = json.loads(json.dumps(export_checkpoint(vault, operator)))
    tamper(document)
    with pytest.raises(InvalidInputError, match="MAC does not match"):
        verify_audit_trail(vault, operator, checkpoint=document)


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not JSON"), ('{"format": "other"}', "not a readable audit checkpoint")],
)
def test_an_unreadable_checkpoint_file_is_refused(
    vault: Vault, operator: Actor, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "checkpoint.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=message):
        verify_audit_trail(vault, operator, checkpoint=path)
    with pytest.raises(InvalidInputError, match="cannot read"):
        verify_audit_trail(vault, operator, checkpoint=tmp_path / "missing.json")


def test_control_characters_cannot_move_a_column_boundary_of_the_chain(
    vault: Vault, operator: Actor
) -> None:
    # Through the context by hand: no service writes a purpose and reason of the test's choosing.
    with use_case(vault, operator) as uc:
        uc.record(Action.AUDIT_READ, purpose="call\x1fback", reason="a\x1fb\nc")
        uc.commit()
    [event] = [e for e in list_audit_events(vault, operator) if e.purpose == "call back"]
    assert (event.purpose, event.reason) == ("call back", "a b c")
    assert verify_audit_trail(vault, operator).is_intact


ORIGIN = Origin("req-origin", "192.0.2.7", Channel.API)


@pytest.fixture
def originated(vault: Vault, operator: Actor, trail: list[Row]) -> list[int]:
    """Beside the trail's older-form events (written outside any request, so with no origin),
    the events of a search an integration made through the API: ids, oldest first."""
    token = request_origin.set(ORIGIN)
    try:
        find_customers(vault, Actor("api:pos.main", operator.roles), "mobile_tail", "1234")
    finally:
        request_origin.reset(token)
    with vault.database.data_engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id FROM audit_events WHERE request_id = 'req-origin' ORDER BY id")
        ).all()
    assert len(rows) == len(MOBILES)
    return [int(i) for (i,) in rows]


@pytest.mark.legal("PIPL Art. 54")
def test_events_with_and_without_an_origin_verify_together(
    vault: Vault, operator: Actor, trail: list[Row], originated: list[int]
) -> None:
    events = list_audit_events(vault, operator, limit=500)
    by_origin = {(e.channel, e.client_address, e.token_name) for e in events}
    assert {(None, None, None), ("api", "192.0.2.7", "pos.main")} <= by_origin
    assert verify_audit_trail(vault, operator).is_intact


@pytest.mark.parametrize(
    "assignment",
    [
        "client_address = '198.51.100.1'",
        "client_address = NULL",
        "channel = 'web'",
        "token_name = 'other'",
        "channel = NULL, client_address = NULL, token_name = NULL",
    ],
)
@pytest.mark.legal("PIPL Art. 54")
def test_an_edited_origin_names_its_event(
    vault: Vault, operator: Actor, originated: list[int], assignment: str
) -> None:
    target = originated[1]
    _sql(vault, f"UPDATE audit_events SET {assignment} WHERE id = :id", id=target)  # noqa: S608
    assert _first(vault, operator).message == f"event {target}: {CHANGED}"


@pytest.mark.parametrize("assignment", ["client_address = '192.0.2.7'", "channel = 'cli'"])
@pytest.mark.legal("PIPL Art. 54")
def test_an_origin_added_to_an_older_event_names_it(
    vault: Vault, operator: Actor, searched: list[Row], assignment: str
) -> None:
    target = searched[1][0]
    _sql(vault, f"UPDATE audit_events SET {assignment} WHERE id = :id", id=target)  # noqa: S608
    assert _first(vault, operator).message == f"event {target}: {CHANGED}"
