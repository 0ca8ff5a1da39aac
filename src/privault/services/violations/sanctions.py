"""Sanctions for a violation: a warning, a suspension that disables the account for its term,
or a dismissal that disables it for good. Ended suspensions are lifted by `apply_sanctions`
(the CLI or the scheduler), which also starts suspensions dated ahead."""

from __future__ import annotations

import uuid
from datetime import date

from privault.domain.errors import ConflictError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.staff import StaffStatus
from privault.domain.violations import Sanction, parse_kind, sanction_term
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


def impose_sanction(
    vault: Vault,
    actor: Actor,
    violation_id: str,
    kind: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Sanction:
    chosen = parse_kind(kind)
    with use_case(vault, actor) as uc:
        uc.require(Action.VIOLATION_MANAGE)
        violation = uc.uow.violations.get(violation_id.strip()) if violation_id.strip() else None
        if violation is None:
            raise NotFoundError("no violation {id}", params={"id": violation_id[:64]})
        if violation.staff_name == actor.name:
            raise ConflictError("nobody sanctions themselves; another privacy officer must")
        today = uc.now.date()
        first, last = sanction_term(chosen, starts_on or today, ends_on, today)
        sanction = Sanction(
            str(uuid.uuid4()), violation.id, violation.staff_name, chosen, first, last,
            uc.now, actor.name,
        )  # fmt: skip
        uc.uow.violations.add_sanction(sanction)
        if sanction.disables_on(today):
            _disable(uc, sanction)
        uc.record(Action.VIOLATION_MANAGE, reason=_reason(sanction))
        uc.commit()
        return sanction


def _reason(s: Sanction) -> str:
    term = f" to {s.ends_on.isoformat()}" if s.ends_on else ""
    return f"{s.kind.value} of {s.staff_name} from {s.starts_on.isoformat()}{term}"


def _disable(uc: UseCase, sanction: Sanction) -> None:
    """Sign-in is refused from now on, and open sessions end at once."""
    uc.uow.staff.set(sanction.staff_name, status=StaffStatus.DISABLED)
    uc.uow.staff.end_sessions(at=uc.now, name=sanction.staff_name)
    uc.record(Action.STAFF_MANAGE, reason=f"disabled {sanction.staff_name}: {sanction.kind.value}")


def apply_sanctions(vault: Vault, actor: Actor) -> tuple[int, int]:
    """(disabled, enabled): suspensions and dismissals that began are enforced; an account
    whose suspension ended is enabled again, unless another sanction still holds it."""
    with use_case(vault, actor) as uc:
        uc.require(Action.VIOLATION_MANAGE)
        return _apply(uc, Action.VIOLATION_MANAGE)


def enforce_sanctions(vault: Vault, actor: Actor) -> dict[str, int]:
    """The scheduler's daily run of `apply_sanctions`, as housekeeping."""
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        disabled, enabled = _apply(uc, Action.HOUSEKEEPING)
        return {"disabled": disabled, "enabled": enabled}


def _apply(uc: UseCase, action: Action) -> tuple[int, int]:
    today = uc.now.date()
    disabled = _start_due(uc, today)
    enabled = 0
    for ended in uc.uow.violations.suspensions_ended(today):
        uc.uow.violations.mark_lifted(ended.id, uc.now)
        if _is_held(uc, ended.staff_name, today):
            continue
        row = uc.uow.staff.get(ended.staff_name)
        if row is not None and row.member.status is StaffStatus.DISABLED:
            uc.uow.staff.set(ended.staff_name, status=StaffStatus.ACTIVE)
            uc.record(Action.STAFF_MANAGE, reason=f"enabled {ended.staff_name}: suspension ended")
            enabled += 1
    uc.record(action, reason=f"sanctions applied: {disabled} disabled, {enabled} enabled")
    uc.commit()
    return disabled, enabled


def _start_due(uc: UseCase, today: date) -> int:
    started = 0
    for name in uc.uow.violations.sanctioned_staff():
        row = uc.uow.staff.get(name)
        if row is None or row.member.status is StaffStatus.DISABLED:
            continue
        holding = [s for s in uc.uow.violations.sanctions_of(name) if s.disables_on(today)]
        if holding:
            _disable(uc, holding[0])
            started += 1
    return started


def _is_held(uc: UseCase, name: str, today: date) -> bool:
    return any(s.disables_on(today) for s in uc.uow.violations.sanctions_of(name))
