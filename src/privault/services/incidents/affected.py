"""The customers an incident affected, read from the audit trail (not guessed), with the
trail's integrity checked in the same step: a broken trail is said, next to the answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from privault.db.incidents import Affected
from privault.domain.incidents import trail_scope
from privault.domain.policy import Action, Actor
from privault.services.audit.trail import CheckpointSource, read_checkpoint
from privault.services.incidents.register import open_incident
from privault.services.incidents.trail_check import TrailIntegrity, check_trail
from privault.services.use_case import use_case
from privault.services.vault import Vault

DEFAULT_REGIMES = ("CN",)  # a customer erased since: the installation's first regime


@dataclass(frozen=True)
class TrailFilter:
    since: datetime
    until: datetime
    staff: str | None = None
    token: str | None = None
    store: str | None = None
    fields: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


@dataclass(frozen=True)
class AffectedCustomers:
    incident_id: str
    customers: int
    events: int
    people_by_regime: dict[str, int]
    integrity: TrailIntegrity
    scope: str


def find_affected_customers(
    vault: Vault,
    actor: Actor,
    incident_id: str,
    wanted: TrailFilter,
    *,
    checkpoint: CheckpointSource | None = None,
) -> AffectedCustomers:
    """Replaces the incident's affected customers with those the trail shows; a window in
    the future is refused and changes nothing."""
    with use_case(vault, actor) as uc:
        uc.require(Action.INCIDENT_MANAGE)
        incident = open_incident(uc.uow, incident_id)
        scope = trail_scope(
            wanted.since, wanted.until, uc.now, staff=wanted.staff, token=wanted.token,
            store=wanted.store, fields=wanted.fields, actions=wanted.actions,
        )  # fmt: skip
        mark = read_checkpoint(vault, checkpoint) if checkpoint is not None else None
        integrity = check_trail(uc, mark)
        counts = uc.uow.incidents.matching_customers(scope)
        affected = _affected(uc.uow.incidents.regimes_of(list(counts)), counts)
        uc.uow.incidents.replace_affected(incident.id, affected)
        uc.uow.incidents.set(
            incident.id,
            scope=scope.describe()[:600],
            trail_checked_at=uc.now,
            trail_events_checked=integrity.events_checked,
        )
        result = _result(incident.id, affected, integrity, scope.describe())
        uc.record(Action.INCIDENT_MANAGE, reason=_reason(result)[:300])
        uc.commit()
        return result


def _affected(regimes: dict[str, tuple[str, ...]], counts: dict[str, int]) -> list[Affected]:
    return [
        Affected(cid, regimes.get(cid, DEFAULT_REGIMES), n) for cid, n in sorted(counts.items())
    ]


def _result(
    incident_id: str, affected: Iterable[Affected], integrity: TrailIntegrity, scope: str
) -> AffectedCustomers:
    found = list(affected)
    return AffectedCustomers(
        incident_id,
        len(found),
        sum(a.events for a in found),
        dict(Counter(r for a in found for r in a.regimes)),
        integrity,
        scope,
    )


def _reason(result: AffectedCustomers) -> str:
    trail = "intact" if result.integrity.is_intact else f"{result.integrity.problem_count} problems"
    return (
        f"incident {result.incident_id}: {result.customers} affected customers from "
        f"{result.events} events; trail {trail} ({result.integrity.events_checked} checked)"
    )
