"""What every API area shares: bounded text, ids, and the documented shape of a refusal."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field, StringConstraints

from privault.domain.paging import MAX_PAGE
from privault.web.api import ids

# Bounded so that no request can make a service chew on megabytes of one field.
Text = Annotated[str, StringConstraints(max_length=2000)]
CustomerId = ids.CustomerId  # checked as an id before use (web/api/ids.py)
# A list's page, from 1; the response's `Link` header names the next and previous ones.
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="The page, from 1 (50 a page)")]


class ErrorDetail(BaseModel):
    code: str = Field(
        description="invalid_input, consent_required, duplicate, conflict, legal_hold, "
        "not_found, denied, unauthenticated, rate_limited, ..."
    )
    message: str = Field(description="What went wrong and what to do, for a person")
    field: str | None = Field(None, description="The input at fault, when one is")


class ErrorBody(BaseModel):
    error: ErrorDetail


def _refusal(what: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": what}


# Every status an API route can answer besides its success, in one place: the area routers
# declare them with `responses=REFUSALS`, so the OpenAPI document lists them all.
REFUSALS: dict[int | str, dict[str, Any]] = {
    400: _refusal("Malformed request: the body is not valid JSON (`code`: malformed_json)"),
    401: _refusal("No valid API token (missing, unknown, revoked or awaiting countersignature)"),
    403: _refusal("The token's role may not do this; the refusal is audited"),
    404: _refusal("No such record"),
    409: _refusal("Conflicts with what is stored (a duplicate, a closed request, a legal hold)"),
    413: _refusal("The body is larger than the server accepts (`code`: too_large)"),
    422: _refusal("Invalid input; `field` names it"),
    429: _refusal("Too many attempts; try again later"),
}
