"""The privacy actions on a customer's profile: restrict, lift a restriction, erase. Routes
parse and render; the services decide, refuse and audit (holds, roles, reasons)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import InvalidInputError, PrivaultError
from privault.domain.policy import Actor
from privault.services.customers.erasure import erase_customer
from privault.services.customers.restriction import lift_restriction, restrict_customer
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.customers.pages import show_profile
from privault.web.errors import status_of
from privault.web.explain import explain
from privault.web.frame import language

router = APIRouter()
Reason = Annotated[str, Form()]
UNCONFIRMED = "tick the box to confirm that the erasure cannot be undone"


@router.post("/customers/{customer_id}/restrict", dependencies=[GenuineForm])
def restrict(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str, reason: Reason = ""
) -> Response:
    def act() -> object:
        return restrict_customer(vault, actor, customer_id, reason=reason)

    done = f"/customers/{customer_id}?done=restrict"
    return _act(request, vault, actor, customer_id, ("restrict", reason), act, done)


@router.post("/customers/{customer_id}/lift-restriction", dependencies=[GenuineForm])
def lift(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str, reason: Reason = ""
) -> Response:
    def act() -> object:
        return lift_restriction(vault, actor, customer_id, reason=reason)

    done = f"/customers/{customer_id}?done=lift"
    return _act(request, vault, actor, customer_id, ("lift", reason), act, done)


@router.post("/customers/{customer_id}/erase", dependencies=[GenuineForm])
def erase(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    reason: Reason = "",
    confirm: Annotated[str, Form()] = "",
) -> Response:
    """Irreversible: the ticked confirmation is asked before the service is called."""

    def act() -> object:
        if confirm != "yes":
            raise InvalidInputError(UNCONFIRMED, field="confirm")
        return erase_customer(vault, actor, customer_id, reason=reason)

    return _act(request, vault, actor, customer_id, ("erase", reason), act, "/customers?erased=1")


def _act(
    request: Request,
    vault: Vault,
    actor: Actor,
    customer_id: str,
    entered: tuple[str, str],
    act: Callable[[], object],
    done: str,
) -> Response:
    """Done: on to `done` (a page with a notice); refused: the profile again, the refusal
    next to its form and the reason kept."""
    form, reason = entered
    try:
        act()
    except PrivaultError as error:
        refused = {"form": form, "reason": reason, "error": explain(language(request), error)}
        return show_profile(
            request, vault, actor, customer_id, privacy=refused, status=status_of(error)
        )
    return RedirectResponse(done, status_code=303)
