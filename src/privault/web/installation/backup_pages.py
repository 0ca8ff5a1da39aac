"""The backups page (admin, as the matrix grants backup.create and backup.restore): run one now,
list them in shop time with their size, download one (audited), and restore one only after its
name is typed to confirm. The services are the CLI's (`privault backup`, `privault restore`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import FileResponse, RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.installation.backup_files import backup_file, list_backups, restore_named
from privault.services.installation.backups import back_up
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show

router = APIRouter()
steps = APIRouter(dependencies=[GenuineForm])


@router.get("/settings/backups")
def backups_page(
    request: Request, vault: VaultDep, actor: StaffActor, done: str = "", name: str = ""
) -> Response:
    return _page(request, vault, actor, done=done, made=name)


@steps.post("/settings/backups")
def run_backup(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    try:
        made = back_up(vault, actor)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "run")
        return _page(request, vault, actor, errors=errors, status=status)
    return RedirectResponse(f"/settings/backups?done=made&name={made.file.name}", status_code=303)


@router.get("/settings/backups/{name}/download")
def download(vault: VaultDep, actor: StaffActor, name: str) -> Response:
    path = backup_file(vault, actor, name)
    headers = {"Cache-Control": "no-store"}
    return FileResponse(path, filename=path.name, headers=headers)


@steps.post("/settings/backups/restore")
async def restore_backup(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    values = {k: str(form.get(k) or "") for k in ("name", "confirm")}
    try:
        done = restore_named(vault, actor, values["name"], values["confirm"])
    except PrivaultError as error:
        errors, status = form_errors(request, error, "restore")
        return _page(request, vault, actor, values=values, errors=errors, status=status)
    again = done.customers_erased_again
    return RedirectResponse(
        f"/settings/backups?done=restored&name={done.file.name}&again={again}", status_code=303
    )


def _page(request: Request, vault: Vault, actor: Actor, **extra: Any) -> Response:
    status = extra.pop("status", 200)
    context = {"backups": list_backups(vault, actor), "values": {}, "errors": {}, **extra}
    context["again"] = request.query_params.get("again", "")
    return show(request, vault, actor, "settings/backups.html", context, status=status)


router.include_router(steps)
