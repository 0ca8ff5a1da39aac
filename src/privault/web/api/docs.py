"""/docs: Swagger UI for integrators, started by a static script so the page keeps the CSP
without inline script (only this page may also load Swagger UI's files from its CDN). The frame
around it (a heading, the link to the OpenAPI document) is what a reader gets when the CDN is
out of reach, and what the browser walk's axe check covers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

SWAGGER = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"
# The CSP this page is served with (see security.SecurityHeaders).
DOCS_CSP = (
    f"default-src 'self'; script-src 'self' {SWAGGER}/; style-src 'self' {SWAGGER}/; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>privault API</title>
<link rel="stylesheet" href="{SWAGGER}/swagger-ui.css"></head>
<body><main><h1>privault API</h1>
<p>OpenAPI: <a href="/openapi.json">/openapi.json</a></p>
<div id="swagger-ui"></div></main>
<script src="{SWAGGER}/swagger-ui-bundle.js" defer></script>
<script src="/static/docs.js" defer></script></body></html>"""


@router.get("/docs")
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE, headers={"Content-Security-Policy": DOCS_CSP})
