"""The ids the API takes in paths and queries, checked as ids before any query or audit row.

Every record id privault hands out is a UUID (customers v7, the others v4); anything else in
an id's place (a NUL, a 20-digit number, a quote) is refused with 422 naming the parameter,
instead of reaching a query, an error message or the audit trail.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_SHAPE = "a UUID such as 0190a5c4-7b1e-7c3d-9f00-3c5e8a1b2d4f"


def path_id(what: str) -> object:
    return Path(pattern=UUID_PATTERN, max_length=36, description=f"{what}: {_SHAPE}")


def query_id(what: str) -> object:
    return Query(pattern=UUID_PATTERN, max_length=36, description=f"{what}: {_SHAPE}")


CustomerId = Annotated[str, path_id("The customer's id")]
RequestId = Annotated[str, path_id("The request's id")]
CustomerFilter = Annotated[str | None, query_id("Only this customer's")]
