"""Whether a purpose may be used: an approved assessment covers it, or it was in use before
assessments existed (then it raises "assessment due" alerts instead of being refused)."""

from __future__ import annotations

from collections.abc import Iterable

from privault.domain.assessments import GRANDFATHERED
from privault.domain.errors import ConflictError
from privault.domain.policy import Action, Actor
from privault.services.assessments.templates import needing
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

UNASSESSED = (
    "{purposes} needs an approved impact assessment before it is used (PIPL Art. 55); "
    "the privacy officer approves it under Assessments"
)


def is_assessed(vault: Vault, actor: Actor, purpose: str, subject: str = "") -> bool:
    """For other areas (a cross-border agreement, a partner): is there an approved assessment
    covering `purpose`, as a whole or for `subject`?"""
    with use_case(vault, actor) as uc:
        uc.require(Action.ASSESSMENT_READ)
        return approved_covering(uc, purpose, subject)


def approved_covering(uc: UseCase, purpose: str, subject: str = "") -> bool:
    """The same inside a caller's use case."""
    return any(a.covers(purpose, subject) for a in uc.uow.assessments.approved_for([purpose]))


def unassessed(uc: UseCase, purposes: Iterable[str]) -> list[str]:
    """The purposes among `purposes` that may not be used yet. Reads nothing when none of them
    needs an assessment, so ordinary registrations cost no query."""
    needed = needing(uc)
    wanted = sorted({p for p in purposes if p in needed})
    if not wanted:
        return []
    old = set((uc.uow.installation.get(GRANDFATHERED) or "").split())
    wanted = [p for p in wanted if p not in old]
    approved = {a.purpose for a in uc.uow.assessments.approved_for(wanted) if not a.subject}
    return [p for p in wanted if p not in approved]


def require_assessed(
    uc: UseCase, purposes: Iterable[str], action: Action, customer_id: str | None = None
) -> None:
    """Refused (recorded as denied, nothing else kept) while a new purpose that needs an
    assessment has no approved one."""
    missing = unassessed(uc, purposes)
    if missing:
        error = ConflictError(UNASSESSED, params={"purposes": ", ".join(missing)})
        uc.refuse(action, error, customer_id=customer_id, purpose=",".join(missing))
