"""Request bodies are capped before they are read: a declared Content-Length over the cap is
answered 413 at once, and a body streamed without one is counted as it arrives and stopped
at the cap. Forms and JSON get `max_body_bytes`; the import routes, which take files, get
`max_upload_bytes` (the importer checks what is inside the file on its own)."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from privault.config import Settings
from privault.web.errors import api_language, error_body
from privault.web.i18n import choose_language, gettext
from privault.web.templating import render

UPLOAD_PREFIXES = ("/api/v1/imports", "/imports")
# A service photo is uploaded on its customer's page (the photo service checks its own limit).
PHOTO_UPLOAD = re.compile(r"^/customers/[^/]+/photos$")
TOO_LARGE = "The request is too large: at most {size} can be sent here."


def cap_for(settings: Settings, path: str) -> int:
    uploads = any(path == p or path.startswith(f"{p}/") for p in UPLOAD_PREFIXES)
    uploads = uploads or bool(PHOTO_UPLOAD.match(path))
    return settings.max_upload_bytes if uploads else settings.max_body_bytes


def size_text(cap: int) -> str:
    if cap % (1024 * 1024) == 0:
        return f"{cap // (1024 * 1024)} MiB"
    return f"{cap // 1024} KiB" if cap % 1024 == 0 else f"{cap} bytes"


class TooLargeError(HTTPException):
    """Raised from the body stream: FastAPI lets an HTTPException through its body parsing,
    so the app's handlers answer it like any other refusal."""

    def __init__(self, cap: int) -> None:
        super().__init__(413, TOO_LARGE.format(size=size_text(cap)))
        self.cap = cap


def too_large_answer(request: Request, cap: int) -> Response:
    """JSON for the API, a page in the reader's language for people."""
    if request.url.path.startswith("/api/"):
        lang = api_language(request)
        body = error_body("too_large", gettext(lang, TOO_LARGE).format(size=size_text(cap)))
        return JSONResponse(body, 413)
    message = gettext(choose_language(request), TOO_LARGE).format(size=size_text(cap))
    return render(request, "error.html", {"message": message}, status=413)


def _declared(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit:
    """Plain ASGI middleware (it must see the stream, which BaseHTTPMiddleware would buffer)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = cap_for(self.settings, scope["path"])
        declared = _declared(scope)
        if declared is not None and declared > cap:
            await too_large_answer(Request(scope), cap)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise TooLargeError(cap)
            return message

        await self.app(scope, counted, send)
