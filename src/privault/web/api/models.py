"""What every API area shares: bounded text, ids, and the documented shape of a refusal."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path
from pydantic import BaseModel, Field, StringConstraints

# Bounded so that no request can make a service chew on megabytes of one field.
Text = Annotated[str, StringConstraints(max_length=2000)]
CustomerId = Annotated[str, Path(max_length=64, description="The customer's id")]


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


REFUSALS: dict[int | str, dict[str, Any]] = {
    401: _refusal("No valid API token (missing, unknown or revoked)"),
    403: _refusal("The token's role may not do this; the refusal is audited"),
    404: _refusal("No such record"),
    409: _refusal("Conflicts with what is stored (a duplicate, a closed request, a legal hold)"),
    422: _refusal("Invalid input; `field` names it"),
    429: _refusal("Too many attempts; try again later"),
}
