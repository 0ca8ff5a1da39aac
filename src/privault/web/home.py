"""The console's start page: today's work for the signed-in staff member, then every area
their roles open."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from privault.services.audit.worklist import show_worklist
from privault.services.staff.role_matrix import allowed_actions
from privault.web.auth import StaffActor, VaultDep
from privault.web.menu import menu_for
from privault.web.templating import render

router = APIRouter()


@router.get("/")
def home(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    context = {
        "actor": actor,
        "worklist": show_worklist(vault, actor),
        "menu": menu_for(allowed_actions(vault, actor)),
    }
    return render(request, "home.html", context)
