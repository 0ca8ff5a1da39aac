"""What every console page of the customer area hands its template: who is signed in and the
actions their roles allow (to show only what they may do); `render` adds the form token."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from privault.domain.policy import Actor
from privault.services.vault import Vault
from privault.web.i18n import choose_language
from privault.web.templating import frame_reads


def frame(request: Request, vault: Vault, actor: Actor, **extra: Any) -> dict[str, Any]:
    return {
        "actor": actor,
        "allowed": {a.value for a in frame_reads(request, vault, actor)().allowed},
        **extra,
    }


def language(request: Request) -> str:
    return choose_language(request)


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"
