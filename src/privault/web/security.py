"""Headers every response carries: no inline script, no framing, no type sniffing, no referrer."""

from __future__ import annotations

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

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


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        page_csp = response.headers.get("content-security-policy")  # /docs sets its own
        response.headers.update(HEADERS)
        if page_csp:
            response.headers["Content-Security-Policy"] = page_csp
        if request.url.scheme == "https":
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.url.path.startswith(("/api/", "/login", "/portal")):
            response.headers["Cache-Control"] = "no-store"
        return response


def is_https(request: Request) -> bool:
    """Behind a proxy the scheme arrives in X-Forwarded-Proto (uvicorn --proxy-headers)."""
    return request.url.scheme == "https"


def client_address(request: Request) -> str:
    """The caller's address (uvicorn resolves X-Forwarded-For from trusted proxies)."""
    return request.client.host if request.client else "unknown"
