"""Correction and supplement requests: changed values meet the rules of registration
(validation, minimum collection, the age rule, uniqueness); nothing changes when one fails."""

from __future__ import annotations

from collections.abc import Mapping

from privault.db.customers import CustomerRow
from privault.db.unit_of_work import UnitOfWork
from privault.domain.errors import InvalidInputError
from privault.services.customers.changes import apply_changes
from privault.services.use_case import UseCase


def correct_fields(
    uc: UseCase, row: CustomerRow, changes: Mapping[str, str], *, request_id: str
) -> list[str]:
    """A correction changes or removes (an empty value) fields on record, nothing else."""
    held = _held(uc.uow, row.id)
    _require_changes(changes)
    for key in changes:
        uc.catalog.field(key)
        if key not in held:
            raise InvalidInputError(
                "is not on record, so there is nothing to correct; ask for a supplement",
                field=key,
            )
    why = f"correction (request {request_id})"
    return apply_changes(uc, row, changes, reason=why, request_id=request_id)


def supplement_fields(
    uc: UseCase, row: CustomerRow, changes: Mapping[str, str], *, request_id: str
) -> list[str]:
    """A supplement adds fields not on record; it neither changes nor removes one."""
    held = _held(uc.uow, row.id)
    _require_changes(changes)
    for key, value in changes.items():
        uc.catalog.field(key)
        if key in held:
            raise InvalidInputError(
                "is on record already; ask for a correction to change it", field=key
            )
        if not value.strip():
            raise InvalidInputError("give the value to add", field=key)
    why = f"supplement (request {request_id})"
    return apply_changes(uc, row, changes, reason=why, request_id=request_id)


def _held(uow: UnitOfWork, customer_id: str) -> set[str]:
    return set(uow.customers.sealed_fields([customer_id]).get(customer_id, {}))


def _require_changes(changes: Mapping[str, str]) -> None:
    if not changes:
        raise InvalidInputError("give at least one KEY=VALUE", field="changes")
