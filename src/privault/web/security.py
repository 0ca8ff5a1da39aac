"""Headers every response carries: no inline script, no framing, no type sniffing, no referrer."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Scripts and styles come from our own /static only; htmx runs without inline handlers.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


_NO_STORE = ("/api/", "/login", "/portal")


class SecurityHeaders:
    """Plain ASGI middleware: it only adds headers, so it needs none of BaseHTTPMiddleware's
    per-request task and body stream (which cost more than a lookup's policy check)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        https, path = scope.get("scheme") == "https", scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                page_csp = headers.get("content-security-policy")  # /docs sets its own
                headers.update(HEADERS)
                if page_csp:
                    headers["Content-Security-Policy"] = page_csp
                if https:
                    headers["Strict-Transport-Security"] = "max-age=31536000"
                if path.startswith(_NO_STORE):
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def is_https(request: Request) -> bool:
    """Behind a proxy the scheme arrives in X-Forwarded-Proto (uvicorn --proxy-headers)."""
    return request.url.scheme == "https"


def client_address(request: Request) -> str:
    """The caller's address (uvicorn resolves X-Forwarded-For from trusted proxies)."""
    return request.client.host if request.client else "unknown"
