"""Checks on what callers pass to a printed document: a blank value the document cannot do
without is refused, naming the field, before anything is drawn."""

from __future__ import annotations

from privault.domain.errors import InvalidInputError


def require_filled(**values: str) -> None:
    for field, value in values.items():
        if not value.strip():
            raise InvalidInputError("required: fill it in", field=field)
