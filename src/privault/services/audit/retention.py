"""How long the audit trail is kept, and purging what is older; both are audited.

A purge deletes each chain's oldest events and moves the chain's start to the last purged link,
so the rest still verifies. It refuses to destroy a part of the trail that fails verification:
deleting it would erase the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from privault.db.unit_of_work import UnitOfWork
from privault.domain.audit import ChainLink
from privault.domain.audit_retention import (
    check_purge_date,
    check_retention_days,
    effective_days,
    latest_purge_date,
)
from privault.domain.audit_trail import ChainHead, ChainWalk, Position
from privault.domain.errors import AuditTrailBrokenError
from privault.domain.policy import Action, Actor
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

SETTING = "audit_retention_days"


@dataclass(frozen=True)
class Retention:
    days: int
    previous_days: int
    latest_purge_date: date  # `purge --before` may name this date at the latest, today


@dataclass(frozen=True)
class Purge:
    before: date
    purged: int  # events deleted
    chains: int  # chains whose start moved
    retention_days: int


def set_audit_retention(vault: Vault, actor: Actor, days: int) -> Retention:
    """Never below the legal floor of six months."""
    with use_case(vault, actor) as uc:
        uc.require(Action.AUDIT_RETENTION)
        check_retention_days(days)
        previous = effective_days(uc.uow.installation.get(SETTING))
        uc.uow.installation.put(SETTING, str(days))
        uc.record(Action.AUDIT_RETENTION, reason=f"audit retention {previous} -> {days} days")
        uc.commit()
        return Retention(days, previous, latest_purge_date(_today(uc), days))


def purge_audit(vault: Vault, actor: Actor, before: date) -> Purge:
    """Deletes the events written before `before` (00:00 UTC), if retention allows."""
    with use_case(vault, actor) as uc:
        uc.require(Action.AUDIT_PURGE)
        days = effective_days(uc.uow.installation.get(SETTING))
        check_purge_date(before, _today(uc), days)
        purged, chains = _purge_chains(uc, before)
        reason = f"{purged} events before {before.isoformat()} purged from {chains} chains"
        uc.record(Action.AUDIT_PURGE, reason=reason)
        uc.commit()
        return Purge(before, purged, chains, days)


def _purge_chains(uc: UseCase, before: date) -> tuple[int, int]:
    """Events purged and chains whose start moved."""
    trail = uc.uow.audit_trail
    heads = trail.heads(lock=True)
    # An event's `at` need not grow along its chain; a chain is cut at its first event
    # that is recent enough, so each chain stays one unbroken run.
    cuts = trail.first_seqs_from(datetime.combine(before, time(), UTC))
    purged = chains = 0
    for head in heads:
        upto = cuts.get(head.chain, head.seq + 1) - 1
        if upto > head.base_seq:
            end = _intact_until(uc.uow, head, upto, uc.vault.audit_key.link)
            purged += trail.purge(head.chain, upto, end.link)
            chains += 1
    return purged, chains


def _intact_until(uow: UnitOfWork, head: ChainHead, upto: int, link: ChainLink) -> Position:
    """The link of event `upto`, after checking every event up to it."""
    walk = ChainWalk(head.chain, head.start)
    for rows in uow.audit_trail.reader().stretch(head.chain, head.base_seq, upto):
        walk.feed(rows, link)
    problems = walk.findings.first()
    if problems or walk.last is None or walk.last.seq != upto:
        if problems:
            raise AuditTrailBrokenError(
                "the audit trail is broken where it would be purged ({problem}); nothing was "
                "purged. Run: privault audit verify",
                params={"problem": problems[0].message},
            )
        raise AuditTrailBrokenError(
            "the audit trail is broken where it would be purged (chain {chain} ends before seq "
            "{seq}); nothing was purged. Run: privault audit verify",
            params={"chain": head.chain, "seq": upto},
        )
    return walk.last


def _today(uc: UseCase) -> date:
    return uc.now.astimezone(UTC).date()
