"""A customer's consent history in the console, with withdrawal in one step per purpose and
granting with one box per purpose (withdrawing takes no more steps than consenting)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.consents.catalog_view import describe_catalog, describe_current_notice
from privault.services.consents.ledger import grant_consents, list_consents, withdraw_consents
from privault.services.consents.withdrawal_preview import WithdrawalPreview, preview_withdrawal
from privault.services.customers.records import get_customer
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.errors import status_of
from privault.web.explain import explain
from privault.web.frame import frame, language
from privault.web.templating import render

router = APIRouter()
CHANNEL = "store"  # the console is used at the shop's desk


@router.get("/customers/{customer_id}/consents")
def consents_page(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    return _page(request, vault, actor, customer_id)


@router.post("/customers/{customer_id}/consents/withdraw", dependencies=[GenuineForm])
def withdraw(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    purpose: Annotated[str, Form()],
    confirmed: Annotated[str, Form()] = "",
) -> Response:
    """A withdrawal that deletes data first shows what it deletes; only `confirmed=yes`
    withdraws then. One that deletes nothing is done at once."""
    try:
        if confirmed != "yes":
            preview = preview_withdrawal(vault, actor, customer_id, [purpose])
            if preview.is_deleting:
                return _confirm(request, vault, actor, customer_id, preview)
        done = withdraw_consents(vault, actor, customer_id, [purpose], channel=CHANNEL)
    except PrivaultError as error:
        message = explain(language(request), error)
        return _page(request, vault, actor, customer_id, error=message, status=status_of(error))
    deleted = ",".join(done.deleted_fields)
    target = f"/customers/{customer_id}/consents?withdrawn={purpose}&deleted={deleted}"
    return RedirectResponse(target, status_code=303)


@router.post("/customers/{customer_id}/consents/grant", dependencies=[GenuineForm])
def grant(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    notice_version: Annotated[str, Form()],
    purposes: Annotated[list[str] | None, Form()] = None,
    guardian_name: Annotated[str, Form()] = "",
    guardian_relation: Annotated[str, Form()] = "",
) -> Response:
    try:
        grant_consents(
            vault,
            actor,
            customer_id,
            purposes or [],
            channel=CHANNEL,
            notice_version=notice_version,
            guardian_name=guardian_name or None,
            guardian_relation=guardian_relation or None,
        )
    except PrivaultError as error:
        message = explain(language(request), error)
        return _page(request, vault, actor, customer_id, error=message, status=status_of(error))
    return RedirectResponse(f"/customers/{customer_id}/consents?granted=1", status_code=303)


def _confirm(
    request: Request, vault: Vault, actor: Actor, customer_id: str, preview: WithdrawalPreview
) -> Response:
    context = frame(
        request,
        vault,
        actor,
        customer=get_customer(vault, actor, customer_id),
        preview=preview,
    )
    return render(request, "consents/confirm_withdrawal.html", context)


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    customer_id: str,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    history = list_consents(vault, actor, customer_id)
    customer = get_customer(vault, actor, customer_id)
    catalog = describe_catalog(vault, actor)
    query = request.query_params
    context = frame(
        request,
        vault,
        actor,
        customer=customer,
        history=list(reversed(history)),
        catalog=catalog,
        notice=describe_current_notice(vault, actor),
        inactive=[p for p in catalog.purposes if p.key not in customer.purposes],
        withdrawn=query.get("withdrawn"),
        deleted=[d for d in query.get("deleted", "").split(",") if d],
        granted=query.get("granted") == "1",
        error=error,
    )
    return render(request, "customers/consents.html", context, status=status)
