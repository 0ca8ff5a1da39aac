"""Who could approve an export: a second person, active, holding a role that approves exports,
neither the requester nor whoever created or last reset the requester's account. An export that
needs one is refused at once when the shop has nobody (a shop with one privacy officer names a
second approver, e.g. the owner), so it never waits for a signature that cannot come; a masked
export remains."""

from __future__ import annotations

from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Action, RoleMatrix
from privault.domain.staff import StaffStatus
from privault.services.use_case import UseCase

NO_APPROVER = (
    "this export holds contact, identity or sensitive fields in clear (or many customers) and "
    "nobody but you can approve it; name a second approver (privault staff add NAME --role "
    "owner) or ask for a masked export"
)


def approvers_for(uc: UseCase, requester: str) -> list[str]:
    """The people who could approve what `requester` asks for, by name."""
    matrix = uc.vault.roles(uc.uow)
    own = uc.uow.staff.get(requester)
    excluded = {requester}
    if own is not None:  # the account's maker or resetter could have acted through it
        excluded |= {own.enrolment.created_by, own.enrolment.last_reset_by or requester}
    return sorted(
        row.member.name
        for row in uc.uow.staff.everyone()
        if row.member.name not in excluded
        and row.member.status is StaffStatus.ACTIVE
        and _approves(row.member.roles, matrix)
    )


def _approves(roles: frozenset[str], matrix: RoleMatrix) -> bool:
    return any(r in matrix and Action.EXPORT_APPROVE in matrix[r].actions for r in roles)


def refuse_without_approver(uc: UseCase, fields: tuple[str, ...], purpose: str) -> None:
    """Refuses (audited) a request nobody could approve."""
    if not approvers_for(uc, uc.actor.name):
        uc.refuse(
            Action.EXPORT_REQUEST, PolicyDeniedError(NO_APPROVER), fields=fields, purpose=purpose
        )
