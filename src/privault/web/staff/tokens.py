"""API tokens in the console: the admin creates (shown once) and revokes them; a privacy
officer countersigns one whose role sees personal data, after which it works."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.staff.role_matrix import role_names
from privault.services.staff.tokens import (
    NewToken,
    countersign_token,
    create_token,
    list_tokens,
    revoke_token,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show

router = APIRouter()
steps = APIRouter(dependencies=[GenuineForm])
PAGE = "/staff/tokens"


@router.get(PAGE)
def tokens_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _page(request, vault, actor)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    *,
    created: NewToken | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "tokens": list_tokens(vault, actor),
        "roles": role_names(vault),
        "created": created,
        "errors": errors or {},
        "values": values or {},
    }
    return show(request, vault, actor, "staff/tokens.html", context, status=status)


@steps.post(PAGE)
def add(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    store: Annotated[str, Form()] = "",
) -> Response:
    try:
        made = create_token(vault, actor, name, role, store or None)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "add")
        values = {"add": {"name": name, "role": role, "store": store}}
        return _page(request, vault, actor, errors=errors, values=values, status=status)
    return _page(request, vault, actor, created=made)


def _step(
    request: Request, vault: Vault, actor: Actor, form: str, run: Callable[[], Any]
) -> Response:
    try:
        run()
    except PrivaultError as error:
        errors, status = form_errors(request, error, form)
        return _page(request, vault, actor, errors=errors, status=status)
    return RedirectResponse(PAGE, status_code=303)


@steps.post(PAGE + "/{name}/countersign")
def countersign(request: Request, vault: VaultDep, actor: StaffActor, name: str) -> Response:
    return _step(
        request, vault, actor, f"token-{name}", lambda: countersign_token(vault, actor, name)
    )


@steps.post(PAGE + "/{name}/revoke")
def revoke(request: Request, vault: VaultDep, actor: StaffActor, name: str) -> Response:
    return _step(request, vault, actor, f"token-{name}", lambda: revoke_token(vault, actor, name))


router.include_router(steps)
