"""The chain walker, checkpoints and retention rules, on synthetic chains."""

from __future__ import annotations

import hashlib
import itertools
from datetime import UTC, date, datetime, timedelta

import pytest

from privault.domain.audit_checkpoint import (
    ChainMark,
    Checkpoint,
    checkpoint_document,
    compare_mark,
    parse_checkpoint,
)
from privault.domain.audit_retention import (
    check_purge_date,
    check_retention_days,
    effective_days,
    latest_purge_date,
)
from privault.domain.audit_trail import (
    ChainHead,
    ChainWalk,
    Findings,
    Position,
    Problem,
    TrailRow,
    chain_problem,
    event_problem,
    stray_problem,
)
from privault.domain.errors import InvalidInputError

START = Position(0, 0, bytes(32))


def link(previous: bytes, payload: bytes) -> bytes:
    return hashlib.sha256(previous + payload).digest()


def chain(count: int, *, first_id: int = 1, step: int = 1) -> list[TrailRow]:
    rows: list[TrailRow] = []
    previous = bytes(32)
    for seq in range(1, count + 1):
        payload = f"event {seq}".encode()
        previous = link(previous, payload)
        rows.append((first_id + (seq - 1) * step, seq, payload, previous))
    return rows


def walk(rows: list[TrailRow], start: Position | None = START) -> ChainWalk:
    walker = ChainWalk(0, start)
    walker.feed(rows, link)
    return walker


def messages(walker: ChainWalk) -> list[str]:
    return [p.message for p in walker.findings.first()]


def test_an_intact_chain_has_no_findings() -> None:
    walker = walk(chain(50))
    assert (walker.count, walker.findings.count) == (50, 0)
    assert walker.last == Position(50, 50, chain(50)[-1][3])


def test_each_kind_of_fault_is_named() -> None:
    rows = chain(10, step=3)
    rows[2] = (rows[2][0], rows[2][1], b"edited", rows[2][3])
    del rows[5]
    rows[7], rows[6] = (rows[6][0], *rows[7][1:]), (rows[7][0], *rows[6][1:])
    assert messages(walk(rows)) == [
        "event 7: contents changed since it was written",
        "event 19: 1 event missing before it in chain 0",
        "event 22: out of order: chain 0 places it after event 25, which was written later",
    ]


@pytest.mark.parametrize("cuts", [(), (1,), (3, 7), (1, 2, 9), (0, 5, 10)])
def test_stretches_walked_apart_and_joined_match_one_walk(cuts: tuple[int, ...]) -> None:
    rows = chain(10)
    rows[4] = (rows[4][0], rows[4][1], b"edited", rows[4][3])
    del rows[7]
    whole = walk(rows)
    bounds = [0, *cuts, len(rows)]
    joined = walk(rows[: bounds[1]])
    for low, high in itertools.pairwise(bounds[1:]):
        joined.join(walk(rows[low:high], None), link)
    assert (joined.count, joined.last, messages(joined)) == (
        whole.count,
        whole.last,
        messages(whole),
    )


def test_findings_keep_the_first_problems_and_count_all() -> None:
    findings = Findings()
    for event_id in range(1000, 0, -1):
        findings.add(event_problem(event_id, "x"))
    assert findings.count == 1000
    assert [p.event_id for p in findings.first()] == list(range(1, 11))


def test_a_chain_fault_ranks_right_after_its_last_good_event() -> None:
    problems = [
        event_problem(8, "x"),
        chain_problem(1, "cut", after_event=7),
        event_problem(7, "x"),
        chain_problem(2, "gone"),
    ]
    assert [p.message for p in sorted(problems)] == [
        "chain 2: gone",
        "event 7: x",
        "chain 1: cut",
        "event 8: x",
    ]


def test_the_walk_must_end_at_the_head() -> None:
    rows = chain(5)
    head = ChainHead(0, 5, rows[-1][3], 0, bytes(32))
    assert walk(rows).end_problem(head) is None
    short = walk(rows[:3]).end_problem(head)
    assert short is not None
    assert short.message == "chain 0: 2 events missing at the end, after event 3"
    empty = ChainWalk(0, None).end_problem(head)
    assert empty is not None
    assert empty.message == "chain 0: 5 events missing at the end, after its start"
    moved = ChainHead(0, 5, bytes(32), 0, bytes(32))
    problem = walk(rows).end_problem(moved)
    assert problem is not None
    assert problem.message == "chain 0: its head does not match its last event, event 5"


def test_strays_say_where_they_do_not_fit() -> None:
    heads = {0: ChainHead(0, 9, bytes(32), 4, bytes(32))}
    assert stray_problem(3, 7, 1, heads).message == (
        "event 3: names chain 7, which does not exist: changed or added after the fact"
    )
    assert stray_problem(3, 0, 12, heads).message == (
        "event 3: claims seq 12 of chain 0, which ends at seq 9: changed or added after the fact"
    )
    assert stray_problem(3, 0, 2, heads).message == (
        "event 3: lies before the start of chain 0 (seq 4): the start was moved past it"
    )


TAKEN = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
CHECKPOINT = Checkpoint(TAKEN, (ChainMark(0, 12, b"\x01" * 32), ChainMark(1, 3, b"\x02" * 32)))


def test_a_checkpoint_document_round_trips() -> None:
    document = checkpoint_document(CHECKPOINT, b"\xaa" * 32)
    assert parse_checkpoint(document) == (CHECKPOINT, b"\xaa" * 32)


def test_any_change_to_a_checkpoint_changes_what_its_mac_covers() -> None:
    variants = [
        Checkpoint(TAKEN + timedelta(seconds=1), CHECKPOINT.marks),
        Checkpoint(TAKEN, (ChainMark(0, 11, b"\x01" * 32), CHECKPOINT.marks[1])),
        Checkpoint(TAKEN, (ChainMark(0, 12, b"\x03" * 32), CHECKPOINT.marks[1])),
        Checkpoint(TAKEN, CHECKPOINT.marks[:1]),
    ]
    assert len({CHECKPOINT.payload, *(v.payload for v in variants)}) == 5


@pytest.mark.parametrize(
    "document",
    [
        [],
        {"format": "something else"},
        {**checkpoint_document(CHECKPOINT, b""), "taken_at": "2026-11-23T09:30:00"},
        {**checkpoint_document(CHECKPOINT, b""), "chains": [{"chain": 0, "seq": 1, "hash": "zz"}]},
        {**checkpoint_document(CHECKPOINT, b""), "mac": None},
    ],
)
def test_an_unreadable_checkpoint_is_refused(document: object) -> None:
    with pytest.raises(InvalidInputError, match="not a readable audit checkpoint"):
        parse_checkpoint(document)


def _compare(mark: ChainMark, found: tuple[int, bytes] | None = None) -> Problem | None:
    head = ChainHead(0, 12, b"\x01" * 32, 4, b"\x04" * 32)
    return compare_mark(mark, head, found, Position(40, 12, b"\x01" * 32))


def test_a_chain_is_compared_with_its_checkpointed_mark() -> None:
    assert _compare(ChainMark(0, 12, b"\x01" * 32), (40, b"\x01" * 32)) is None
    assert _compare(ChainMark(0, 4, b"\x04" * 32)) is None
    cut = _compare(ChainMark(0, 15, b"\x05" * 32))
    assert cut is not None
    assert cut.message == (
        "chain 0: cut short after event 40: the checkpoint records seq 15, "
        "the chain now ends at seq 12"
    )
    start = _compare(ChainMark(0, 4, b"\x09" * 32))
    assert start is not None
    assert start.message == "chain 0: its start differs from the checkpoint at seq 4"
    differs = _compare(ChainMark(0, 9, b"\x09" * 32), (33, b"\x08" * 32))
    assert differs is not None
    assert differs.message == "event 33: differs from the checkpoint (chain 0)"
    gone = compare_mark(ChainMark(5, 1, b""), None, None, None)
    assert gone is not None
    assert gone.message == "chain 5: in the checkpoint but gone from the trail"


def test_retention_has_a_six_month_floor_and_a_three_year_default() -> None:
    assert check_retention_days(183) == 183
    with pytest.raises(InvalidInputError, match="at least 183 days"):
        check_retention_days(182)
    with pytest.raises(InvalidInputError, match="at most"):
        check_retention_days(10**9)
    assert effective_days(None) == 1095
    assert effective_days("400") == 400
    assert effective_days("1") == 183
    assert effective_days("garbage") == 1095


def test_the_latest_purge_date_is_exactly_the_retention_period_ago() -> None:
    today = date(2026, 11, 23)
    latest = latest_purge_date(today, 183)
    assert latest == date(2026, 5, 24)
    check_purge_date(latest, today, 183)
    with pytest.raises(
        InvalidInputError, match="the latest date you may purge before is 2026-05-24"
    ):
        check_purge_date(latest + timedelta(days=1), today, 183)
