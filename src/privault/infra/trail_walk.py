"""Walking the whole audit trail: every chain from its start to its head, in one snapshot.

A large trail is split into stretches walked in parallel processes. Those read the trail as of
a slightly later moment than the snapshot, so whatever they find wrong is walked again in the
snapshot before it is reported: a purge that ran meanwhile never shows up as tampering.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import dataclass, field, replace

from privault.db.trail_reader import TrailReader
from privault.domain.audit import ChainLink
from privault.domain.audit_trail import (
    ChainHead,
    ChainWalk,
    Findings,
    Stretch,
    chain_problem,
    stray_problem,
)
from privault.infra import trail_walker
from privault.infra.trail_walker import HelperJob, walk_stretch

PARALLEL_FROM = 200_000  # events; a smaller trail is walked faster than a process starts
HELPER_START_EVENTS = 50_000  # about what this process walks while a helper starts up


@dataclass
class TrailWalk:
    heads: dict[int, ChainHead]
    walks: dict[int, ChainWalk]
    findings: Findings = field(default_factory=Findings)

    @property
    def events(self) -> int:
        return sum(w.count for w in self.walks.values())


def walk_trail(
    reader: TrailReader, link: ChainLink, *, helper: HelperJob | None = None, workers: int = 1
) -> TrailWalk:
    """`helper`: where helper processes find the database and the key file, if they may run."""
    trail = TrailWalk({h.chain: h for h in reader.heads()}, {})
    _check_heads(trail, reader.chain_count)
    heads = list(trail.heads.values())
    parts = workers if helper and _is_large(heads) else 1
    groups = _split(heads, parts, _main_share(heads, parts))
    helpers = [_Helper(replace(helper, stretches=g)) for g in groups[1:]] if helper else []
    pieces = [walk_stretch(reader, s, link) for s in groups[0]]  # while the helpers work
    for running in helpers:
        pieces += running.collect()
    for head in heads:
        walk = _join(head, [p for p in pieces if p.chain == head.chain], link)
        end = walk.end_problem(head)
        if helpers and (walk.findings.count or end):
            whole = Stretch(head.chain, head.base_seq, head.seq, head.start)
            walk = walk_stretch(reader, whole, link)
            end = walk.end_problem(head)
        trail.walks[head.chain] = walk
        trail.findings.merge(walk.findings)
        if end is not None:
            trail.findings.add(end)
    for event_id, chain, seq in reader.strays(heads):
        trail.findings.add(stray_problem(event_id, chain, seq, trail.heads))
    return trail


def _check_heads(trail: TrailWalk, expected: int) -> None:
    """Every chain has its head row; a head row for any other chain is reported, not walked."""
    for chain in range(expected):
        if chain not in trail.heads:
            trail.findings.add(chain_problem(chain, "its head row is missing"))
    for chain in list(trail.heads):
        if not 0 <= chain < expected:
            trail.findings.add(chain_problem(chain, "a head row for a chain that cannot exist"))
            del trail.heads[chain]


def _is_large(heads: list[ChainHead]) -> bool:
    return sum(h.seq - h.base_seq for h in heads) >= PARALLEL_FROM


def _main_share(heads: list[ChainHead], parts: int) -> float:
    """This process starts walking at once; each helper first starts an interpreter."""
    if parts == 1:
        return 1.0
    total = sum(h.seq - h.base_seq for h in heads)
    return min(0.9, 1 / parts + HELPER_START_EVENTS * (parts - 1) / parts / max(total, 1))


def _split(heads: list[ChainHead], parts: int, main_share: float) -> list[list[Stretch]]:
    """Part i of every chain goes to group i: group 0 (this process) gets `main_share` of
    every chain, the helpers equal parts of the rest."""
    cuts = [0.0] + [main_share + (1 - main_share) * i / max(parts - 1, 1) for i in range(parts)]
    groups: list[list[Stretch]] = [[] for _ in range(parts)]
    for head in heads:
        bounds = [head.base_seq + int((head.seq - head.base_seq) * c) for c in cuts]
        bounds[-1] = head.seq
        for i in range(parts):
            start = head.start if i == 0 else None
            groups[i].append(Stretch(head.chain, bounds[i], bounds[i + 1], start))
    return groups


def _join(head: ChainHead, pieces: list[ChainWalk], link: ChainLink) -> ChainWalk:
    """The first piece starts at the chain's start; each next one continues it."""
    walk = pieces[0]
    for piece in pieces[1:]:
        walk.join(piece, link)
    return walk


class _Helper:
    """A process walking one group of stretches: `python -m privault.infra.trail_walker`.

    A fresh interpreter, not a fork: a forked child would share the parent's open SQLite files
    and pooled connections, and multiprocessing's spawn would rerun the caller's main script.
    The helper reads the master key file itself, so no key crosses the pipe. A helper that
    fails leaves its stretches out; the join then finds events missing, and those chains are
    walked again in the snapshot.
    """

    def __init__(self, job: HelperJob) -> None:
        self.group = job.stretches
        self.process: subprocess.Popen[bytes] | None = None
        try:
            self.process = subprocess.Popen(  # noqa: S603 -- our own interpreter and module
                [sys.executable, "-m", trail_walker.__name__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            with self.process.stdin or open(os.devnull, "wb") as stdin:
                stdin.write(pickle.dumps(job))
        except OSError:
            pass  # collect() finds nothing, and the chains are walked here instead

    def collect(self) -> list[ChainWalk]:
        if self.process is None:
            return [ChainWalk(s.chain, None) for s in self.group]
        with self.process as process:  # closes the pipes and waits
            out = process.stdout.read() if process.stdout else b""
        if process.returncode != 0:
            return [ChainWalk(s.chain, None) for s in self.group]
        walks: list[ChainWalk] = pickle.loads(out)  # noqa: S301 -- our own child wrote it
        return walks


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 4))
