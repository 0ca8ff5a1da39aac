"""Refusals as HTTP: a JSON body with a code and a message (and the field) for the API, the same
words on a page for people. Status codes mean what HTTP says."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from privault.domain.errors import InvalidInputError, PrivaultError

STATUS = {
    "invalid_input": 422,
    "consent_required": 422,
    "duplicate": 409,
    "conflict": 409,
    "legal_hold": 409,
    "not_found": 404,
    "denied": 403,
    "unauthenticated": 401,
    "rate_limited": 429,
    "configuration": 503,
    "audit_broken": 503,
}


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if field:
        error["field"] = field
    return {"error": error}


def status_of(error: PrivaultError) -> int:
    return STATUS.get(error.code, 400)


async def privault_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PrivaultError)  # noqa: S101 -- registered for this type only
    field = getattr(error, "field", None)  # invalid input, and a duplicate's field
    message = error.reason if isinstance(error, InvalidInputError) else error.message
    return JSONResponse(error_body(error.code, message, field), status_of(error))


async def validation_error(request: Request, error: Exception) -> Response:
    """FastAPI's own checks (a missing or mistyped parameter) in the same shape as ours."""
    assert isinstance(error, RequestValidationError)  # noqa: S101
    first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid input"}
    if first.get("type") == "json_invalid":  # not JSON at all: the request is malformed
        ctx = first.get("ctx")  # the parser's words (never the body's own text)
        why = ctx.get("error", "unreadable") if isinstance(ctx, dict) else "unreadable"
        return JSONResponse(error_body("malformed_json", f"the body is not valid JSON: {why}"), 400)
    field = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    return JSONResponse(error_body("invalid_input", str(first["msg"]), field or None), 422)


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)  # noqa: S101
    code = {
        401: "unauthenticated",
        403: "denied",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
    }
    body = error_body(code.get(error.status_code, "error"), str(error.detail))
    return JSONResponse(body, error.status_code, headers=getattr(error, "headers", None))
