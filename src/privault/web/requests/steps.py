"""The fulfilment steps of one request as forms: send a code, verify, fulfil, refuse, extend,
acknowledge. Each step is the service's; a refused step shows its form again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.requests.answers import (
    acknowledge_request,
    extend_request,
    fulfil_request,
    refuse_request,
)
from privault.services.requests.verification import SentCode, send_code, verify_request
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.i18n import choose_language, gettext
from privault.web.officer_frame import form_errors
from privault.web.requests.pages import show_request

router = APIRouter(dependencies=[GenuineForm])
ROWS = 3  # correction rows offered at once
T = TypeVar("T")


def _step(
    request: Request,
    vault: Vault,
    actor: Actor,
    request_id: str,
    form: str,
    values: dict[str, Any],
    run: Callable[[], T],
    then: Callable[[T], Response] | None = None,
) -> Response:
    """Done: `then` shows the outcome (else back to the request); refused: the step's form
    again, with the error next to its field and the typed values kept."""
    try:
        done = run()
    except PrivaultError as error:
        errors, status = form_errors(request, error, form)
        return show_request(
            request, vault, actor, request_id, errors=errors, values={form: values}, status=status
        )
    if then is not None:
        return then(done)
    return RedirectResponse(f"/requests/{request_id}", status_code=303)


@router.post("/requests/{request_id}/send-code")
def send_code_step(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    request_id: str,
    via: Annotated[str, Form()] = "",
) -> Response:
    def sent_to(sent: SentCode) -> Response:
        lang = choose_language(request)
        template = gettext(lang, "Code sent to %(to)s, valid until %(until)s UTC.")
        notice = template % {"to": sent.to, "until": f"{sent.expires_at:%H:%M}"}
        return show_request(request, vault, actor, request_id, notice=notice)

    return _step(
        request,
        vault,
        actor,
        request_id,
        "send",
        {"via": via},
        lambda: send_code(vault, actor, request_id, via),
        sent_to,
    )


@router.post("/requests/{request_id}/verify")
def verify_step(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    request_id: str,
    method: Annotated[str, Form()] = "",
    code: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    values = {"method": method, "code": code, "note": note}
    return _step(
        request,
        vault,
        actor,
        request_id,
        "verify",
        values,
        lambda: verify_request(
            vault, actor, request_id, method or "", code=code or None, note=note or None
        ),
    )


@router.post("/requests/{request_id}/fulfil")
async def fulfil_step(
    request: Request, vault: VaultDep, actor: StaffActor, request_id: str
) -> Response:
    """Correction rows are field/value pairs; a withdrawal names its purposes (none: all)."""
    form = await request.form()
    fields = [str(form.get(f"field_{i}") or "") for i in range(ROWS)]
    typed = [str(form.get(f"value_{i}") or "") for i in range(ROWS)]
    purposes = [str(p) for p in form.getlist("purposes")]
    changes = {f: v for f, v in zip(fields, typed, strict=True) if f and v.strip()}
    values: dict[str, Any] = {f"field_{i}": fields[i] for i in range(ROWS)}
    values |= {f"value_{i}": typed[i] for i in range(ROWS)} | {"purposes": purposes}
    return _step(
        request,
        vault,
        actor,
        request_id,
        "fulfil",
        values,
        lambda: fulfil_request(vault, actor, request_id, changes=changes, purposes=purposes),
    )


@router.post("/requests/{request_id}/refuse")
def refuse_step(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    request_id: str,
    reason: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    values = {"reason": reason, "note": note}
    return _step(
        request,
        vault,
        actor,
        request_id,
        "refuse",
        values,
        lambda: refuse_request(vault, actor, request_id, reason or None, note or None),
    )


@router.post("/requests/{request_id}/extend")
def extend_step(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    request_id: str,
    regime: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
) -> Response:
    values = {"regime": regime, "reason": reason}
    return _step(
        request,
        vault,
        actor,
        request_id,
        "extend",
        values,
        lambda: extend_request(vault, actor, request_id, regime, reason),
    )


@router.post("/requests/{request_id}/acknowledge")
def acknowledge_step(
    request: Request, vault: VaultDep, actor: StaffActor, request_id: str
) -> Response:
    return _step(
        request,
        vault,
        actor,
        request_id,
        "acknowledge",
        {},
        lambda: acknowledge_request(vault, actor, request_id),
    )
