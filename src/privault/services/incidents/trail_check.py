"""The audit trail's integrity, checked in the step that reads the affected customers from it.

With a checkpoint (kept outside the database) only what was written since is walked: each chain
from its checkpointed link to its head, the checkpointed event itself compared with the mark.
Without one the whole trail is walked, as `privault audit verify` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from privault.db.trail_reader import TrailReader
from privault.domain.audit import ChainLink
from privault.domain.audit_checkpoint import ChainMark, Checkpoint, compare_mark, is_comparable
from privault.domain.audit_trail import ChainHead, ChainWalk, Findings, Position, Stretch
from privault.infra.trail_walk import default_workers, walk_trail
from privault.infra.trail_walker import HelperJob, walk_stretch
from privault.services.use_case import UseCase


@dataclass(frozen=True)
class TrailIntegrity:
    events_checked: int
    problem_count: int
    first_problem: str | None
    from_checkpoint: bool

    @property
    def is_intact(self) -> bool:
        return self.problem_count == 0


def check_trail(uc: UseCase, checkpoint: Checkpoint | None) -> TrailIntegrity:
    vault = uc.vault
    with vault.database.audit_snapshot() as reader:
        if checkpoint is None:
            helper = HelperJob(vault.database.driver_target(), vault.settings.key_file)
            trail = walk_trail(
                reader, vault.audit_key.link, helper=helper, workers=default_workers()
            )
            return _integrity(trail.events, trail.findings, from_checkpoint=False)
        events, findings = _since_checkpoint(reader, checkpoint, vault.audit_key.link)
        return _integrity(events, findings, from_checkpoint=True)


def _since_checkpoint(
    reader: TrailReader, checkpoint: Checkpoint, link: ChainLink
) -> tuple[int, Findings]:
    findings, events = Findings(), 0
    heads = {h.chain: h for h in reader.heads()}
    for mark in checkpoint.marks:
        head = heads.get(mark.chain)
        walk = _walk_from(reader, mark, head, link, findings)
        if walk is None or head is None:
            continue
        events += walk.count
        findings.merge(walk.findings)
        end = walk.end_problem(head)
        if end is not None:
            findings.add(end)
    return events, findings


def _walk_from(
    reader: TrailReader,
    mark: ChainMark,
    head: ChainHead | None,
    link: ChainLink,
    findings: Findings,
) -> ChainWalk | None:
    """The chain from its checkpointed event on; None when it cannot be walked from there."""
    if not is_comparable(mark, head):
        return None  # purged past the checkpoint since
    inside = head is not None and head.base_seq < mark.seq <= head.seq
    found = reader.event(mark.chain, mark.seq) if inside else None
    problem = compare_mark(mark, head, found, None)
    if problem is not None or head is None:
        if problem is not None:
            findings.add(problem)
        return None
    start = Position(found[0] if found else 0, mark.seq, mark.link)
    return walk_stretch(reader, Stretch(mark.chain, mark.seq, head.seq, start), link)


def _integrity(events: int, findings: Findings, *, from_checkpoint: bool) -> TrailIntegrity:
    first = findings.first()
    return TrailIntegrity(
        events, findings.count, first[0].message if first else None, from_checkpoint
    )
