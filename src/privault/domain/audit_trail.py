"""Verifying the audit hash chain: walk each chain in order and name what does not fit.

Every event is checked against the stored link of the event before it, so a stretch of a chain
can be walked on its own (in another process) and joined to the stretch before it afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from privault.domain.audit import ChainLink

# id, seq, chain payload (chain_payload's bytes, built by the database), stored link
TrailRow = tuple[int, int, bytes, bytes]
KEPT_PROBLEMS = 10  # a report lists the first few; the count covers the rest
CHANGED = "contents changed since it was written"


@dataclass(frozen=True)
class Position:
    """The last event a walk has seen (id 0 at a chain's start) and its link."""

    event_id: int
    seq: int
    link: bytes


@dataclass(frozen=True)
class ChainHead:
    """A chain's last link, and where it starts once old events were purged."""

    chain: int
    seq: int
    link: bytes
    base_seq: int
    base_link: bytes

    @property
    def start(self) -> Position:
        return Position(0, self.base_seq, self.base_link)


@dataclass(frozen=True)
class Stretch:
    """Events after < seq <= upto of one chain, walked as one piece."""

    chain: int
    after: int
    upto: int
    start: Position | None  # None: its first event is checked when the pieces are joined


@dataclass(frozen=True)
class Problem:
    message: str
    event_id: int | None = None  # the event at fault
    chain: int | None = None
    after_event: int | None = None  # a chain-level fault: the last good event before it

    @property
    def rank(self) -> tuple[int, int]:
        """Lowest event id first; a fault after event N ranks just behind event N."""
        if self.event_id is not None:
            return (self.event_id, 0)
        return (self.after_event or 0, 1)

    def __lt__(self, other: Problem) -> bool:
        return self._key < other._key

    @property
    def _key(self) -> tuple[tuple[int, int], int, str]:
        return (self.rank, -1 if self.chain is None else self.chain, self.message)


def event_problem(event_id: int, reason: str, chain: int | None = None) -> Problem:
    return Problem(f"event {event_id}: {reason}", event_id=event_id, chain=chain)


def chain_problem(chain: int, reason: str, after_event: int | None = None) -> Problem:
    return Problem(f"chain {chain}: {reason}", chain=chain, after_event=after_event or None)


def events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


@dataclass
class Findings:
    """The lowest-ranked problems found so far, and how many there were in all.

    A mass edit can break every event; memory stays bounded by keeping only the first few.
    """

    count: int = 0
    kept: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.count += 1
        self.kept.append(problem)
        if len(self.kept) > 4 * KEPT_PROBLEMS:
            self.kept = self.first()

    def merge(self, other: Findings) -> None:
        self.count += other.count
        self.kept = sorted([*self.kept, *other.kept])[:KEPT_PROBLEMS]

    def first(self) -> list[Problem]:
        return sorted(self.kept)[:KEPT_PROBLEMS]


class ChainWalk:
    """One chain, or one stretch of it, in seq order.

    A walk started without a position takes its first event as given; `join` checks that event
    against the end of the stretch before it.
    """

    def __init__(self, chain: int, start: Position | None) -> None:
        self.chain = chain
        self.count = 0
        self.findings = Findings()
        self.first: TrailRow | None = None
        self.last = start

    def feed(self, rows: Sequence[TrailRow], link: ChainLink) -> None:
        if not rows:
            return
        skip = 0
        if self.last is None:
            self.first, skip = rows[0], 1
            self.last = Position(rows[0][0], rows[0][1], rows[0][3])
        last_id, last_seq, last_link = self.last.event_id, self.last.seq, self.last.link
        # The hot loop of a verification: one comparison chain per event, diagnosis only on a miss.
        for row in rows[skip:] if skip else rows:
            event_id, seq, payload, stored = row
            if seq != last_seq + 1 or event_id <= last_id or link(last_link, payload) != stored:
                self._fault(row, Position(last_id, last_seq, last_link), link)
            last_id, last_seq, last_link = event_id, seq, stored
        self.count += len(rows)
        self.last = Position(last_id, last_seq, last_link)

    def join(self, stretch: ChainWalk, link: ChainLink) -> None:
        """Continues this walk with the stretch that follows it, walked on its own."""
        if stretch.first is None or stretch.last is None:
            return
        if self.last is None:
            self.first = stretch.first
        else:
            self.feed([stretch.first], link)
            self.count -= 1
        self.count += stretch.count
        self.findings.merge(stretch.findings)
        self.last = stretch.last

    def _fault(self, row: TrailRow, before: Position, link: ChainLink) -> None:
        event_id, seq, payload, stored = row
        if not isinstance(seq, int) or seq <= before.seq:
            reason = CHANGED
        elif seq > before.seq + 1:
            reason = f"{events(seq - before.seq - 1)} missing before it in chain {self.chain}"
        elif link(before.link, payload) != stored:
            reason = CHANGED
        else:
            reason = (
                f"out of order: chain {self.chain} places it after event {before.event_id}, "
                "which was written later"
            )
        self.findings.add(event_problem(event_id, reason, self.chain))

    def end_problem(self, head: ChainHead) -> Problem | None:
        """The walk must end exactly at the head: a shorter chain lost its last events."""
        last = self.last or head.start
        after = f"after event {last.event_id}" if last.event_id else "after its start"
        if last.seq < head.seq:
            missing = events(head.seq - last.seq)
            return chain_problem(
                head.chain, f"{missing} missing at the end, {after}", last.event_id
            )
        if last.link != head.link:
            end = f"event {last.event_id}" if last.event_id else "its start"
            return chain_problem(
                head.chain, f"its head does not match its last event, {end}", last.event_id
            )
        return None


def stray_problem(event_id: int, chain: int, seq: int, heads: dict[int, ChainHead]) -> Problem:
    """An event outside every chain's range: its chain or seq was changed, or it was added."""
    head = heads.get(chain)
    if head is None:
        where = f"names chain {chain}, which does not exist"
    elif seq > head.seq:
        where = f"claims seq {seq} of chain {chain}, which ends at seq {head.seq}"
    else:
        return event_problem(
            event_id,
            f"lies before the start of chain {chain} (seq {head.base_seq}): "
            "the start was moved past it",
            chain,
        )
    return event_problem(event_id, f"{where}: changed or added after the fact", chain)


@dataclass(frozen=True)
class VerifyReport:
    events_checked: int
    chains_checked: int
    problem_count: int
    problems: tuple[Problem, ...]  # the first few, lowest event id first
    checked_at: datetime
    seconds: float
    checkpoint_taken_at: datetime | None = None
    checkpoint_chains: int = 0  # chains compared with the checkpoint (purged ones cannot be)

    @property
    def is_intact(self) -> bool:
        return self.problem_count == 0

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None
