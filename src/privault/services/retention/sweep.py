"""Retention sweeps: a dry run says what would go and why; a real run erases inactive
customers and removes the fields of lapsed purposes in bounded batches, one transaction per
batch, and ends with a destruction certificate."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from privault.db.retention import Candidate
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog
from privault.domain.consents import Channel, ConsentAction
from privault.domain.duplicates import kinds_fed_by, variant_fields
from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.retention import (
    Lapse,
    RetentionRules,
    RetentionRun,
    erased_digest,
    inactivity_reason,
    lapse_reason,
    merge_counts,
    parse_batch_size,
    purpose_counts,
)
from privault.services.consents.ledger import current_notice, withdraw_publications
from privault.services.customers.enrolment import ConsentContext, ledger_entry
from privault.services.customers.erasure import erase
from privault.services.retention.records import Progress, current_rules, write_certificate
from privault.services.retention.scan import all_lapses, held_customers, lapse_page
from privault.services.use_case import Entry, UseCase, grouped, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class RetentionPlan:
    """What a run would do now: customer ids only, never a value."""

    run_id: str
    at: datetime
    rules: list[dict[str, Any]]
    erase: list[str]  # the inactivity rule
    lapses: list[Lapse]  # the purpose rule
    held: list[str]  # would match a rule, but a legal hold covers them
    counts: dict[str, Any]


@dataclass(frozen=True)
class _Sweep:
    run_id: str
    actor: Actor
    catalog: Catalog
    rules: RetentionRules
    now: datetime
    size: int


def plan_retention(vault: Vault, actor: Actor) -> RetentionPlan:
    with use_case(vault, actor) as uc:
        uc.require(Action.RETENTION_RUN)
        catalog, rules, now, uow = uc.catalog, current_rules(vault, uc.uow), uc.now, uc.uow
        inactive = [cid for cid, _ in uow.retention.inactive(rules.inactive_cutoff(now))]
        lapses = all_lapses(uow, catalog, rules, now)
        held = held_customers(uow, catalog, rules, now)
        removed = sum(len(lapse.fields) for lapse in lapses)
        counts = {
            "inactivity": len(inactive),
            "purpose": purpose_counts(lapses),
            "fields_removed": removed,
            "held": len(held),
        }
        run = RetentionRun(str(uuid.uuid4()), now, now, actor.name, True, len(inactive), removed)
        uow.retention.add_run(run)
        uc.record(Action.RETENTION_RUN, reason="dry run")
        uc.commit()
    return RetentionPlan(run.id, now, rules.describe(), inactive, lapses, held, counts)


def run_retention(vault: Vault, actor: Actor, *, batch_size: int = 1000) -> RetentionRun:
    """A run left unfinished by a crash is continued: each batch selects its candidates
    afresh, so what was committed stays done and nothing is done twice."""
    size = parse_batch_size(batch_size)
    sweep, progress = _start(vault, actor, size)
    # Every event of the run carries the run's id as its request id: the trail groups them.
    with grouped(sweep.run_id):
        while True:
            erased = _erase_batch(vault, sweep, progress)
            if erased is None:
                break
            progress = erased
        cursor: Candidate | None = None
        while True:
            cursor, progress = _lapse_batch(vault, sweep, progress, cursor)
            if cursor is None:
                break
        return _finish(vault, sweep, progress)


def _start(vault: Vault, actor: Actor, size: int) -> tuple[_Sweep, Progress]:
    with use_case(vault, actor) as uc:
        uc.require(Action.RETENTION_RUN)
        left = uc.uow.retention.unfinished()
        if left is None:
            run = RetentionRun(str(uuid.uuid4()), uc.now, None, actor.name, False, 0, 0)
            progress = Progress()
            uc.uow.retention.add_run(run, progress.dumps())
            what = f"run {run.id} started"
        else:
            run, progress = left[0], Progress.loads(left[1])
            what = f"run {run.id} resumed after {progress.batches} batches"
        uc.record(Action.RETENTION_RUN, reason=what)
        rules = current_rules(vault, uc.uow)
        sweep = _Sweep(run.id, actor, uc.catalog, rules, uc.now, size)
        uc.commit()
        return sweep, progress


def _erase_batch(vault: Vault, sweep: _Sweep, progress: Progress) -> Progress | None:
    """One transaction: the oldest inactive customers free of holds are crypto-shredded."""
    with use_case(vault, sweep.actor) as uc:
        cutoff = sweep.rules.inactive_cutoff(sweep.now)
        found = uc.uow.retention.inactive(cutoff, limit=sweep.size)
        if not found:
            return None
        by_reason: dict[str, list[str]] = defaultdict(list)
        for cid, last_active in found:
            by_reason[inactivity_reason(last_active)].append(cid)
        for reason, ids in by_reason.items():
            erase(uc, ids, reason=reason, retention_run_id=sweep.run_id)
        done = Progress(
            progress.batches + 1,
            progress.erased + len(found),
            progress.fields_removed,
            progress.purposes,
        )
        _record_batch(uc, sweep, done, f"{len(found)} inactive customers erased")
        uc.commit()
        return done


def _lapse_batch(
    vault: Vault, sweep: _Sweep, progress: Progress, after: Candidate | None
) -> tuple[Candidate | None, Progress]:
    """One transaction over one page of the customers some purpose may have lapsed for."""
    with use_case(vault, sweep.actor) as uc:
        lapses, cursor = lapse_page(
            uc.uow, sweep.catalog, sweep.rules, sweep.now, after, sweep.size
        )
        if not lapses:
            return cursor, progress
        _end_purposes(uc, sweep.catalog, lapses)
        removed = sum(len(lapse.fields) for lapse in lapses)
        done = Progress(
            progress.batches + 1,
            progress.erased,
            progress.fields_removed + removed,
            merge_counts(progress.purposes, purpose_counts(lapses)),
        )
        _record_batch(uc, sweep, done, f"{removed} fields of {len(lapses)} customers removed")
        uc.commit()
        return cursor, done


def _end_purposes(uc: UseCase, catalog: Catalog, lapses: list[Lapse]) -> None:
    """The lapsed purposes' fields go, their consents end, and each customer's event says why."""
    for lapse in lapses:
        _remove_fields(uc.uow, catalog, lapse, uc.now)
    # The ledger says the consent ended, so segments and the next sweep see it inactive;
    # no person acted, so the customer's inactivity clock is left alone.
    ended = ConsentContext(current_notice(uc.uow), Channel.RETENTION, uc.actor.name)
    uc.uow.consents.append(
        [
            ledger_entry(lapse.customer_id, lapse.purposes, ConsentAction.WITHDRAW, ended, uc.now)
            for lapse in lapses
        ],
        is_activity=False,
    )
    for purpose in sorted({p for lapse in lapses for p in lapse.purposes}):
        owners = [lapse.customer_id for lapse in lapses if purpose in lapse.purposes]
        withdraw_publications(uc, owners, [purpose])
    uc.record_all(
        Entry(
            Action.RETENTION_RUN,
            lapse.customer_id,
            lapse.fields,
            purpose=",".join(lapse.purposes),
            reason=lapse_reason(lapse.purposes),
        )
        for lapse in lapses
    )


def _remove_fields(uow: UnitOfWork, catalog: Catalog, lapse: Lapse, now: datetime) -> None:
    """As a withdrawal does: the values and their blind indexes go."""
    if not lapse.fields:
        return
    uow.customers.delete_fields(lapse.customer_id, list(lapse.fields), now)
    names = [n for key in lapse.fields for n in catalog.fields[key].index_names()]
    if names:
        uow.customers.replace_indexes(lapse.customer_id, names, [])
    uow.duplicates.drop_kinds(
        lapse.customer_id, kinds_fed_by(variant_fields(catalog), lapse.fields)
    )


def _record_batch(uc: UseCase, sweep: _Sweep, progress: Progress, what: str) -> None:
    uc.uow.retention.record_progress(
        sweep.run_id, progress.erased, progress.fields_removed, progress.dumps()
    )
    reason = f"run {sweep.run_id} batch {progress.batches}: {what}"
    uc.record(Action.RETENTION_RUN, reason=reason)


def _finish(vault: Vault, sweep: _Sweep, progress: Progress) -> RetentionRun:
    with use_case(vault, sweep.actor) as uc:
        found = uc.uow.retention.get(sweep.run_id)
        if found is None:  # pragma: no cover -- written by _start
            raise NotFoundError("no retention run {id}", params={"id": sweep.run_id})
        erased = uc.uow.retention.erased_by_run(sweep.run_id)
        text = _certificate(uc, sweep, progress, found[0], erased)
        digest = hashlib.sha256(text.encode()).hexdigest()
        uc.uow.retention.finish(sweep.run_id, uc.now, text, digest)
        reason = (
            f"run {sweep.run_id} finished: {len(erased)} customers erased, "
            f"{progress.fields_removed} fields removed, certificate {digest[:16]}"
        )
        uc.record(Action.RETENTION_RUN, reason=reason)
        uc.commit()
    write_certificate(vault, sweep.run_id, text)
    return replace(
        found[0],
        finished_at=uc.now,
        certificate_sha256=digest,
        customers_erased=progress.erased,
        fields_removed=progress.fields_removed,
    )


def _certificate(
    uc: UseCase, sweep: _Sweep, progress: Progress, run: RetentionRun, erased: list[str]
) -> str:
    """The destruction certificate: what the run did, by which rules; ids only as a digest."""
    held = held_customers(uc.uow, sweep.catalog, sweep.rules, sweep.now)
    certificate = {
        "run_id": sweep.run_id,
        "started_at": run.started_at.isoformat(),
        "finished_at": uc.now.isoformat(),
        "run_by": run.run_by,
        "finished_by": sweep.actor.name,
        "rules": sweep.rules.describe(),
        "counts": {
            "inactivity": len(erased),
            "purpose": progress.purposes,
            "fields_removed": progress.fields_removed,
            "held": len(held),
            "batches": progress.batches,
        },
        "erased_ids_sha256": erased_digest(erased),
    }
    return json.dumps(certificate, ensure_ascii=False, indent=2, sort_keys=True)
