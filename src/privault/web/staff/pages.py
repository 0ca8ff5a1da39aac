"""Staff and training: add an account (its enrolment code goes to the person's own mobile or
email; nothing secret is shown here), countersign a privileged one, reset, set roles, record
training and the confidentiality agreement, disable, enable, unlock; the API tokens' page
(`tokens`) and the enrolment page (`enrolment`) hang under it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError, PrivaultError
from privault.domain.policy import Actor
from privault.domain.staff import StaffStatus
from privault.services.staff.accounts import (
    add_staff,
    list_staff,
    record_training,
    reset_password,
    set_roles,
    set_status,
    sign_agreement,
    unlock,
)
from privault.services.staff.enrolment import countersign
from privault.services.staff.enrolment_codes import EnrolmentNotice
from privault.services.staff.role_matrix import role_names
from privault.services.stores.registry import active_stores
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show
from privault.web.staff import enrolment, tokens

router = APIRouter()
steps = APIRouter(dependencies=[GenuineForm])


@router.get("/staff")
def staff_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _page(request, vault, actor)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    *,
    told: EnrolmentNotice | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "staff": list_staff(vault, actor),
        "roles": role_names(vault),  # the installation's matrix, as an admin may have changed it
        "store_choices": active_stores(vault),
        "told": told,
        "errors": errors or {},
        "values": values or {},
    }
    return show(request, vault, actor, "staff/list.html", context, status=status)


@steps.post("/staff")
async def add(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    name, display = str(form.get("name") or ""), str(form.get("display_name") or "")
    roles = [str(r) for r in form.getlist("roles")]
    stores = " ".join(str(s) for s in form.getlist("stores"))  # ticked boxes, or one typed line
    mobile, email = str(form.get("mobile") or ""), str(form.get("email") or "")
    try:
        told = add_staff(
            vault,
            actor,
            name,
            roles,
            stores.split(),
            mobile=mobile or None,
            email=email or None,
            display_name=display or None,
        )
    except PrivaultError as error:
        errors, status = form_errors(request, error, "add")
        typed = {"name": name, "display_name": display, "roles": roles, "stores": stores}
        values = {"add": typed | {"mobile": mobile, "email": email}}
        return _page(request, vault, actor, errors=errors, values=values, status=status)
    return _page(request, vault, actor, told=told)


def _step(
    request: Request, vault: Vault, actor: Actor, form: str, typed: str, run: Callable[[], Any]
) -> Response:
    try:
        issued = run()
    except PrivaultError as error:
        errors, status = form_errors(request, error, form)
        return _page(request, vault, actor, errors=errors, values={form: typed}, status=status)
    if isinstance(issued, EnrolmentNotice):  # where the code went, or that it awaits a second
        return _page(request, vault, actor, told=issued)
    return RedirectResponse("/staff", status_code=303)


@steps.post("/staff/{name}/roles")
async def change_roles(request: Request, vault: VaultDep, actor: StaffActor, name: str) -> Response:
    roles = [str(r) for r in (await request.form()).getlist("roles")]
    return _step(
        request,
        vault,
        actor,
        f"roles-{name}",
        " ".join(roles),
        lambda: set_roles(vault, actor, name, roles),
    )


@steps.post("/staff/{name}/training")
def training(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    name: str,
    course: Annotated[str, Form()] = "",
    on: Annotated[str, Form()] = "",
) -> Response:
    return _step(
        request,
        vault,
        actor,
        f"training-{name}",
        course,
        lambda: record_training(vault, actor, name, course, _day(on)),
    )


@steps.post("/staff/{name}/agreement")
def agreement(request: Request, vault: VaultDep, actor: StaffActor, name: str) -> Response:
    return _step(
        request, vault, actor, f"agreement-{name}", "", lambda: sign_agreement(vault, actor, name)
    )


@steps.post("/staff/{name}/disable")
def disable(request: Request, vault: VaultDep, actor: StaffActor, name: str) -> Response:
    return _step(
        request,
        vault,
        actor,
        f"status-{name}",
        "",
        lambda: set_status(vault, actor, name, StaffStatus.DISABLED),
    )


@steps.post("/staff/{name}/enable")
def enable(request: Request, vault: VaultDep, actor: StaffActor, name: str) -> Response:
    return _step(
        request,
        vault,
        actor,
        f"status-{name}",
        "",
        lambda: set_status(vault, actor, name, StaffStatus.ACTIVE),
    )


@steps.post("/staff/{name}/countersign")
def countersign_account(
    request: Request, vault: VaultDep, actor: StaffActor, name: str
) -> Response:
    return _step(
        request, vault, actor, f"status-{name}", "", lambda: countersign(vault, actor, name)
    )


@steps.post("/staff/{name}/reset")
def reset_account(request: Request, vault: VaultDep, actor: StaffActor, name: str) -> Response:
    return _step(
        request, vault, actor, f"status-{name}", "", lambda: reset_password(vault, actor, name)
    )


@steps.post("/staff/{name}/unlock")
def unlock_account(request: Request, vault: VaultDep, actor: StaffActor, name: str) -> Response:
    return _step(request, vault, actor, f"status-{name}", "", lambda: unlock(vault, actor, name))


def _day(raw: str) -> date | None:
    """Empty: today (the service's default)."""
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InvalidInputError("write the date as YYYY-MM-DD", field="on") from None


router.include_router(enrolment.router)
router.include_router(steps)
router.include_router(tokens.router)
