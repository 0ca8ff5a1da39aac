"""The dashboard: counts drawn as server-rendered SVG bar charts, no script."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from privault.services.audit.dashboard import show_dashboard
from privault.web.auth import StaffActor, VaultDep
from privault.web.officer_frame import show

router = APIRouter()


@router.get("/dashboard")
def dashboard_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return show(
        request, vault, actor, "dashboard/show.html", {"board": show_dashboard(vault, actor)}
    )
