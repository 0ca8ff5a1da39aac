"""Checks on what callers pass to a printed document: a blank value the document cannot do
without is refused, naming the field, before anything is drawn."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from privault.domain.errors import InvalidInputError

T = TypeVar("T")


def require_filled(**values: str) -> None:
    for field, value in values.items():
        if not value.strip():
            raise InvalidInputError("required: fill it in", field=field)


def one_of(choices: Mapping[str, T], name: str, field: str) -> T:
    """A named choice (a paper format, a language), or a refusal listing the names."""
    try:
        return choices[name]
    except KeyError:
        raise InvalidInputError(
            "use one of {choices}", field=field, params={"choices": ", ".join(choices)}
        ) from None
