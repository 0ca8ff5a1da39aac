"""Verifying the audit trail and sealing checkpoints of it; both are audited.

A verification reads the trail as of one snapshot and appends its own event afterwards, so the
event that records it never takes part in it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from pathlib import Path

from privault.db.trail_reader import TrailReader
from privault.domain.audit_checkpoint import (
    Checkpoint,
    checkpoint_document,
    checkpoint_of,
    compare_mark,
    is_comparable,
    parse_checkpoint,
)
from privault.domain.audit_trail import VerifyReport
from privault.domain.errors import AuditTrailBrokenError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.infra.trail_walk import TrailWalk, default_workers, walk_trail
from privault.infra.trail_walker import HelperJob
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

CheckpointSource = Path | Mapping[str, object]
REASON_LENGTH = 300  # audit_events.reason


def verify_audit_trail(
    vault: Vault,
    actor: Actor,
    *,
    checkpoint: CheckpointSource | None = None,
    workers: int | None = None,
) -> VerifyReport:
    """Names the first bad event; with a checkpoint, also whether a chain was cut short."""
    with use_case(vault, actor) as uc:
        uc.require(Action.AUDIT_VERIFY)
        mark = read_checkpoint(vault, checkpoint) if checkpoint is not None else None
        report = _verify(uc, mark, workers or default_workers())
        reason = f"{report.events_checked} events in {report.chains_checked} chains: "
        reason += _outcome(report)
        try:
            uc.record(Action.AUDIT_VERIFY, reason=reason[:REASON_LENGTH])
        except AuditTrailBrokenError:
            # A row forged after a chain's head blocks that chain; the report says so, and
            # showing it matters more than recording this reading of the trail.
            return report
        uc.commit()
        return report


def _verify(uc: UseCase, mark: Checkpoint | None, workers: int) -> VerifyReport:
    """Walks the trail as of one snapshot, and compares it with the checkpoint if given."""
    vault, started = uc.vault, time.perf_counter()
    with vault.database.audit_snapshot() as reader:
        helper = HelperJob(vault.database.driver_target(), vault.settings.key_file)
        trail = walk_trail(reader, vault.audit_key.link, helper=helper, workers=workers)
        compared = _compare(trail, reader, mark) if mark else 0
    return VerifyReport(
        events_checked=trail.events,
        chains_checked=len(trail.heads),
        problem_count=trail.findings.count,
        problems=tuple(trail.findings.first()),
        checked_at=uc.now,
        seconds=time.perf_counter() - started,
        checkpoint_taken_at=mark.taken_at if mark else None,
        checkpoint_chains=compared,
    )


def _outcome(report: VerifyReport) -> str:
    if report.first_problem is None:
        return "intact"
    return f"{report.problem_count} problems, the first: {report.first_problem.message}"


def _compare(trail: TrailWalk, reader: TrailReader, checkpoint: Checkpoint) -> int:
    """Adds a problem for each chain that no longer reaches its checkpointed link."""
    compared = 0
    for mark in checkpoint.marks:
        head = trail.heads.get(mark.chain)
        if not is_comparable(mark, head):
            continue  # purged past the checkpoint since
        compared += 1
        walk = trail.walks.get(mark.chain)
        inside = head is not None and head.base_seq < mark.seq <= head.seq
        found = reader.event(mark.chain, mark.seq) if inside else None
        problem = compare_mark(mark, head, found, walk.last if walk else None)
        if problem is not None:
            trail.findings.add(problem)
    return compared


def read_checkpoint(vault: Vault, source: CheckpointSource) -> Checkpoint:
    """A checkpoint file (or its parsed JSON), accepted only with this installation's MAC."""
    document: object = source
    if isinstance(source, Path):
        try:
            document = json.loads(source.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidInputError(
                "cannot read {path}: {problem}",
                field="checkpoint",
                params={"path": source, "problem": exc.strerror},
            ) from exc
        except ValueError as exc:
            raise InvalidInputError(
                "{path} is not JSON ({problem})",
                field="checkpoint",
                params={"path": source, "problem": exc},
            ) from exc
    checkpoint, mac = parse_checkpoint(document)
    if not vault.audit_key.is_checkpoint_mac(checkpoint.payload, mac):
        raise InvalidInputError(
            "the checkpoint's MAC does not match: it was altered, or it was made by another "
            "installation",
            field="checkpoint",
        )
    return checkpoint


def export_checkpoint(vault: Vault, actor: Actor) -> dict[str, object]:
    """Each chain's head now, with a MAC: keep it outside the database (print it, file it)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.AUDIT_EXPORT_CHECKPOINT)
        heads = uc.uow.audit_trail.heads()
        checkpoint = checkpoint_of(heads, uc.now)
        mac = vault.audit_key.checkpoint_mac(checkpoint.payload)
        reason = f"{len(heads)} chains up to {sum(h.seq for h in heads)} events"
        uc.record(Action.AUDIT_EXPORT_CHECKPOINT, reason=reason)
        uc.commit()
        return checkpoint_document(checkpoint, mac)
