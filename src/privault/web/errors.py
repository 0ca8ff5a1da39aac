"""Refusals as HTTP: a JSON body with a code and a message (and the field) for the API, the same
words on a page for people. Status codes mean what HTTP says.

The API's message is in the language the caller asks for with Accept-Language (Chinese for
`zh`), and in English when it asks for none: an integration's logs keep the words they were
written against, and `code` is the contract either way (issue 18.2)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from privault.domain.errors import InvalidInputError, PrivaultError
from privault.web.explain import explain
from privault.web.i18n import from_accept_language, gettext
from privault.web.reason_text import reason_text

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


def api_language(request: Request) -> str:
    """What the caller asked for with Accept-Language; English when it asked for nothing."""
    header = request.headers.get("accept-language", "")
    return from_accept_language(header) if header.strip() else "en"


def api_message(request: Request, english: str) -> str:
    """A message the web layer writes in English, in the caller's language (in English as
    written: an integration reads its keys as keys)."""
    lang = api_language(request)
    return english if lang == "en" else reason_text(lang, gettext(lang, english))


async def privault_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, PrivaultError)  # noqa: S101 -- registered for this type only
    field = getattr(error, "field", None)  # invalid input, and a duplicate's field
    message = error.reason if isinstance(error, InvalidInputError) else error.message
    lang = api_language(request)
    if lang != "en":
        message = explain(lang, error)
    return JSONResponse(error_body(error.code, message, field), status_of(error))


async def validation_error(request: Request, error: Exception) -> Response:
    """FastAPI's own checks (a missing or mistyped parameter) in the same shape as ours."""
    assert isinstance(error, RequestValidationError)  # noqa: S101
    first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid input"}
    if first.get("type") == "json_invalid":  # not JSON at all: the request is malformed
        ctx = first.get("ctx")  # the parser's words (never the body's own text)
        why = ctx.get("error", "unreadable") if isinstance(ctx, dict) else "unreadable"
        message = f"the body is not valid JSON: {why}"
        if api_language(request) != "en":  # the parser's words are English: the gist only
            message = gettext(api_language(request), "the body is not valid JSON")
        return JSONResponse(error_body("malformed_json", message), 400)
    field = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path"))
    message = api_message(request, str(first["msg"]))
    return JSONResponse(error_body("invalid_input", message, field or None), 422)


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)  # noqa: S101
    code = {
        401: "unauthenticated",
        403: "denied",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
    }
    body = error_body(code.get(error.status_code, "error"), api_message(request, str(error.detail)))
    return JSONResponse(body, error.status_code, headers=getattr(error, "headers", None))
