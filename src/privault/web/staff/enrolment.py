"""The enrolment page, reached without a session: the person types the code their phone or
mailbox received and chooses a password; a role with a second factor then shows its
authenticator secret to them alone and asks for one of its codes. Failures are counted per
client address like sign-ins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from privault.domain.errors import (
    AuthenticationError,
    InvalidInputError,
    PrivaultError,
    RateLimitedError,
)
from privault.infra.qr_codes import qr_data_uri
from privault.services.staff.enrolment import EnrolmentStep, confirm_second_factor, enrol
from privault.services.staff.rate_limits import count_failure, refuse_if_limited
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, VaultDep
from privault.web.explain import explain
from privault.web.frame import language
from privault.web.security import client_address
from privault.web.staff.sign_in import LOGIN_TRIES, LOGIN_WINDOW
from privault.web.templating import render

router = APIRouter()
_PAGE = "staff/enrol.html"


@router.get("/staff/enrol")
def enrol_page(request: Request, vault: VaultDep) -> Response:
    return render(request, _PAGE, {"step": None, "name": ""})


@router.post("/staff/enrol", dependencies=[GenuineForm])
def enrol_step(
    request: Request,
    vault: VaultDep,
    name: Annotated[str, Form()],
    code: Annotated[str, Form()],
    password: Annotated[str, Form()],
    password_again: Annotated[str, Form()],
) -> Response:
    def run() -> EnrolmentStep:
        if password != password_again:
            raise InvalidInputError("type the same new password twice", field="password")
        return enrol(vault, name, code, password)

    return _limited(request, vault, name, run, None)


@router.post("/staff/enrol/confirm", dependencies=[GenuineForm])
def confirm_step(
    request: Request,
    vault: VaultDep,
    name: Annotated[str, Form()],
    password: Annotated[str, Form()],
    totp: Annotated[str, Form()],
) -> Response:
    again = EnrolmentStep(name, "confirming")  # the secret was shown once, not again
    return _limited(
        request, vault, name, lambda: confirm_second_factor(vault, name, password, totp), again
    )


def _limited(
    request: Request,
    vault: Vault,
    name: str,
    run: Callable[[], EnrolmentStep],
    on_failure: EnrolmentStep | None,
) -> Response:
    key = f"enrol:{client_address(request)}"
    try:
        refuse_if_limited(vault, key, limit=LOGIN_TRIES, window=LOGIN_WINDOW)
        step = run()
    except (AuthenticationError, RateLimitedError, InvalidInputError) as error:
        if isinstance(error, AuthenticationError):
            count_failure(vault, key, window=LOGIN_WINDOW)
        return _refused(request, name, error, on_failure)
    # The secret's QR code is drawn here, for this response only: it is shown once, like the secret.
    qr = qr_data_uri(step.totp_uri) if step.totp_uri else None
    return render(request, _PAGE, {"step": step, "name": step.name, "totp_qr": qr})


def _refused(
    request: Request, name: str, error: PrivaultError, step: EnrolmentStep | None
) -> Response:
    status = {AuthenticationError: 401, RateLimitedError: 429}.get(type(error), 422)
    context = {"step": step, "name": name, "error": explain(language(request), error)}
    return render(request, _PAGE, context, status=status)
