"""The check-out form and the reverse button on a customer's profile. Routes parse and render;
the services decide, refuse and audit."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.transactions import split_item_line
from privault.services.customers.transactions import record_transaction, reverse_transaction
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.customers.pages import show_profile
from privault.web.errors import status_of
from privault.web.explain import error_field, explain
from privault.web.frame import language

router = APIRouter()
Field = Annotated[str, Form()]


@router.post("/customers/{customer_id}/visits", dependencies=[GenuineForm])
def check_out(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    items: Field = "",
    amount: Field = "",
    kind: Field = "",
    served_by: Field = "",
    booking_id: Field = "",
) -> Response:
    """One line of `items` per thing sold or served: "洗剪吹 1 88.00"."""
    entered = {"items": items, "amount": amount, "kind": kind, "served_by": served_by}
    entered["booking_id"] = booking_id
    lines = [split_item_line(line) for line in items.splitlines() if line.strip()]
    try:
        recorded = record_transaction(
            vault,
            actor,
            customer_id,
            kind,
            amount,
            served_by=[served_by],
            items=lines,
            booking_id=booking_id,
        )
    except PrivaultError as error:
        refused = {
            "entered": entered,
            "field": error_field(error),
            "error": explain(language(request), error),
        }
        return show_profile(
            request, vault, actor, customer_id, check_out=refused, status=status_of(error)
        )
    # A customer whose contact data is stale: the desk lands on the prompt to confirm it.
    anchor = "contact" if recorded.needs_contact_confirmation else "visits"
    return RedirectResponse(f"/customers/{customer_id}?done=visit#{anchor}", status_code=303)


@router.post("/customers/{customer_id}/visits/{entry_id}/reverse", dependencies=[GenuineForm])
def reverse(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    entry_id: int,
    reason: Field = "",
) -> Response:
    try:
        reverse_transaction(vault, actor, entry_id, reason, customer_id=customer_id)
    except PrivaultError as error:
        refused = {"id": entry_id, "reason": reason, "error": explain(language(request), error)}
        return show_profile(
            request, vault, actor, customer_id, reversal=refused, status=status_of(error)
        )
    return RedirectResponse(f"/customers/{customer_id}?done=reversed#visits", status_code=303)
