"""The installation's role matrix: shown to anyone who may read staff, changed by an admin."""

from __future__ import annotations

import tomllib

from privault.domain.alerts import OpeningHours, parse_hours
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor, RoleMatrix
from privault.domain.roles import parse_roles
from privault.presets import roles_text
from privault.services.use_case import ANONYMOUS, use_case
from privault.services.vault import Vault


def show_roles(vault: Vault, actor: Actor) -> str:
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_READ)
        return uc.uow.installation.get("roles") or roles_text()


def set_roles_document(vault: Vault, actor: Actor, text: str) -> None:
    """Checked whole before it replaces the current matrix; a matrix nobody could change again
    (no role left with staff.manage and policy.edit) is refused."""
    matrix = _roles_document(text)
    with use_case(vault, actor) as uc:
        uc.require(Action.POLICY_EDIT)
        held = {r for row in uc.uow.staff.everyone() for r in row.member.roles}
        dropped = sorted(held - set(matrix))
        if dropped:
            raise InvalidInputError(
                "staff still hold {roles}; move them to other roles first",
                field="roles",
                params={"roles": ", ".join(dropped)},
            )
        uc.uow.installation.put("roles", text)
        uc.record(Action.POLICY_EDIT, reason=f"roles: {', '.join(matrix)}")
        uc.commit()
    vault.forget_catalog()


def _roles_document(text: str) -> RoleMatrix:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError(
            "not valid TOML: {problem}", field="roles", params={"problem": exc}
        ) from None
    matrix = parse_roles(document)
    keepers = [
        r for r, g in matrix.items() if {Action.STAFF_MANAGE, Action.POLICY_EDIT} <= g.actions
    ]
    if not keepers:
        raise InvalidInputError(
            "keep one role with staff.manage and policy.edit, or nobody could change it back",
            field="roles",
        )
    return matrix


def set_opening_hours(vault: Vault, actor: Actor, text: str) -> OpeningHours:
    """Access outside these hours alerts the privacy officer (admin sets them)."""
    hours = parse_hours(text)
    with use_case(vault, actor) as uc:
        uc.require(Action.POLICY_EDIT)
        uc.uow.installation.put("opening_hours", " ".join(text.split()))
        uc.record(Action.POLICY_EDIT, reason=f"opening hours {text}")
        uc.commit()
    vault.forget_catalog()
    return hours


def allowed_actions(vault: Vault, actor: Actor) -> frozenset[Action]:
    """What the actor's roles grant, for showing only what they may do (pages, menus); the
    policy function still decides each use case."""
    with use_case(vault, actor, read_only=True) as uc:
        return granted(actor, uc.roles)


def granted(actor: Actor, matrix: RoleMatrix) -> frozenset[Action]:
    return frozenset(a for role in actor.roles if role in matrix for a in matrix[role].actions)


def role_names(vault: Vault) -> tuple[str, ...]:
    """The installation's roles, in the order of its matrix (no personal data: for forms)."""
    with use_case(vault, ANONYMOUS) as uc:
        return tuple(uc.roles)


def role_grants(vault: Vault, actor: Actor) -> RoleMatrix:
    """The matrix as the console's read-only table shows it (roles x actions)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_READ)
        return uc.roles


def current_opening_hours(vault: Vault, actor: Actor) -> OpeningHours:
    """The hours and the shop's zone, for the settings page (anyone who may read staff)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_READ)
        return uc.vault.opening_hours(uc.uow)
