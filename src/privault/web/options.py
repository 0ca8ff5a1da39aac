"""OPTIONS on any route answers 204 with `Allow` naming the methods the route takes (HTTP's
own way to ask, and what a client reads after a 405); a path no route has is left to 404."""

from __future__ import annotations

import re
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

Table = list[tuple[re.Pattern[str], frozenset[str]]]


def _table(app: Any) -> Table:
    found: Table = []
    for route in iter_route_contexts(app.router.routes):
        pattern, methods = getattr(route, "path_regex", None), route.methods
        if pattern is not None and methods:
            found.append((pattern, frozenset(methods)))
    return found


class AllowedMethods:
    """Plain ASGI middleware; the routes are read once, at the first OPTIONS request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._routes: Table | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        if self._routes is None:
            self._routes = _table(scope["app"])
        path = scope["path"]
        allowed = {m for pattern, methods in self._routes if pattern.match(path) for m in methods}
        if not allowed:
            await self.app(scope, receive, send)
            return
        names = ", ".join(sorted(allowed | {"OPTIONS"}))
        await Response(status_code=204, headers={"Allow": names})(scope, receive, send)
