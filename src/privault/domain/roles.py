"""Reading an installation's role matrix (the TOML of presets/roles.toml, or an edited copy)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from privault.domain.catalog import Category
from privault.domain.errors import InvalidInputError
from privault.domain.policy import (
    AUDITOR,
    CUSTOMER_DATA,
    PUBLIC_REGISTRATION_ROLE,
    SYSTEM_ROLE,
    Action,
    RoleGrant,
    RoleMatrix,
)

E = TypeVar("E", Action, Category)
_KEYS = {"actions", "view", "reveal", "reveals_per_hour", "store_scoped"}
# Granted by credentials, never by a role.
_NOT_GRANTABLE = {
    Action.SIGN_IN,
    Action.SIGN_OUT,
    Action.HOUSEKEEPING,
    Action.MEMBER_LEVEL_CHANGE,
}


def parse_roles(document: Mapping[str, Any]) -> RoleMatrix:
    """Refuses, naming the role and key, anything it does not understand: deny by default."""
    roles = document.get("roles")
    if not isinstance(roles, Mapping) or not roles:
        raise InvalidInputError("the role matrix needs a [roles.NAME] table", field="roles")
    if SYSTEM_ROLE in roles:
        raise InvalidInputError(
            "the system role belongs to the scheduled jobs and cannot be defined",
            field=f"roles.{SYSTEM_ROLE}",
        )
    if PUBLIC_REGISTRATION_ROLE in roles:
        raise InvalidInputError(
            "the public_registration role belongs to the public registration page and cannot "
            "be defined",
            field=f"roles.{PUBLIC_REGISTRATION_ROLE}",
        )
    matrix = {str(name): _grant(str(name), spec) for name, spec in roles.items()}
    auditor = matrix.get(AUDITOR)
    if auditor is not None:
        for key, granted in (
            ("reveal", auditor.reveal),
            ("view", auditor.view),
            ("actions", auditor.actions & CUSTOMER_DATA),
        ):
            if granted:
                raise InvalidInputError(
                    "the auditor sees no personal data", field=f"roles.auditor.{key}"
                )
    return matrix


def _grant(name: str, spec: Any) -> RoleGrant:
    where = f"roles.{name}"
    if not isinstance(spec, Mapping):
        raise InvalidInputError("must be a table", field=where)
    unknown = set(spec) - _KEYS
    if unknown:
        raise InvalidInputError(
            "unknown key {unknown}; keys are {keys}",
            field=where,
            params={"unknown": ", ".join(sorted(unknown)), "keys": ", ".join(sorted(_KEYS))},
        )
    actions = frozenset(_members(Action, spec.get("actions", []), f"{where}.actions"))
    if actions & _NOT_GRANTABLE:
        raise InvalidInputError(
            "signing in and the jobs' housekeeping are not grantable actions",
            field=f"{where}.actions",
        )
    limit = spec.get("reveals_per_hour", 0)
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        raise InvalidInputError(
            "must be a whole number, 0 or more", field=f"{where}.reveals_per_hour"
        )
    scoped = spec.get("store_scoped", True)
    if not isinstance(scoped, bool):
        raise InvalidInputError("must be true or false", field=f"{where}.store_scoped")
    return RoleGrant(
        actions=actions,
        view=frozenset(_members(Category, spec.get("view", []), f"{where}.view")),
        reveal=frozenset(_members(Category, spec.get("reveal", []), f"{where}.reveal")),
        reveals_per_hour=limit,
        store_scoped=scoped,
    )


def _members(kind: type[E], values: Any, where: str) -> list[E]:
    if not isinstance(values, list):
        raise InvalidInputError("must be a list", field=where)
    known = {m.value: m for m in kind}
    found = []
    for value in values:
        if value not in known:
            raise InvalidInputError(
                "unknown value {value}; choose from {choices}",
                field=where,
                params={"value": repr(value), "choices": ", ".join(sorted(known))},
            )
        found.append(known[value])
    return found


# Beyond the categories a role views or reveals: what shows personal data without naming a
# field (a data-subject request's contact details, a queue of exports of customers).
_SHOWS_PERSONAL_DATA = CUSTOMER_DATA | {Action.REQUEST_READ}


def sees_personal_data(grant: RoleGrant | None) -> bool:
    """Whether a role's holder may see or handle customers' personal data, read from its grant:
    any category viewed or revealed, or any action on customers' data. A role missing from the
    matrix counts as seeing it (deny by default)."""
    if grant is None:
        return True
    return bool(grant.view or grant.reveal or grant.actions & _SHOWS_PERSONAL_DATA)
