"""/review: the store manager's entry-review queue (issue 17): what waits and for how long,
accept, correct (then accept) and reject (the record is erased); and the QR code pointing at
the public registration page, printable for the counter or a table."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.infra.qr_codes import qr_data_uri
from privault.services.consents.catalog_view import describe_catalog
from privault.services.customers.entry_review import (
    accept_entry,
    correct_entry,
    list_pending_entries,
    reject_entry,
)
from privault.services.stores.registry import active_stores
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, gate, show

router = APIRouter()


@router.get("/review")
def review_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _queue(request, vault, actor)


@router.get("/review/qr")
def qr_page(request: Request, vault: VaultDep, actor: StaffActor, store: str = "") -> Response:
    """The page to print: the code, the address under it, nothing else; one per store, so a
    customer who scans it at a counter registers with that store."""
    gate(vault, actor, Action.ENTRY_REVIEW_READ, "the registration QR code")
    stores = active_stores(vault)
    chosen = next((s for s in stores if s.code == store), None)
    url = _register_url(request)
    if chosen is not None:
        url += "?" + urlencode({"store": chosen.code})
    context = {"qr": qr_data_uri(url), "url": url, "stores": stores, "chosen": chosen}
    context["unknown"] = store if store and chosen is None else ""
    context["default_store"] = vault.settings.default_store
    status = 404 if context["unknown"] else 200
    return show(request, vault, actor, "customers/review_qr.html", context, status=status)


@router.post("/review/{customer_id}/accept", dependencies=[GenuineForm])
def accept(request: Request, vault: VaultDep, actor: StaffActor, customer_id: str) -> Response:
    return _decided(request, vault, actor, lambda: accept_entry(vault, actor, customer_id))


@router.post("/review/{customer_id}/reject", dependencies=[GenuineForm])
def reject(request: Request, vault: VaultDep, actor: StaffActor, customer_id: str) -> Response:
    return _decided(request, vault, actor, lambda: reject_entry(vault, actor, customer_id))


@router.get("/review/{customer_id}/correct")
def correct_page(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    gate(vault, actor, Action.ENTRY_REVIEW_DECIDE, "correcting a new record")
    return _correct_form(request, vault, actor, customer_id, {})


@router.post("/review/{customer_id}/correct", dependencies=[GenuineForm])
async def correct(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    form = await request.form()
    changes = {k[2:]: str(v) for k, v in form.items() if k.startswith("f_") and str(v).strip()}
    try:
        correct_entry(vault, actor, customer_id, changes)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "correct")
        return _correct_form(request, vault, actor, customer_id, changes, errors, status)
    return RedirectResponse("/review?done=corrected", status_code=303)


def _decided(request: Request, vault: Vault, actor: Actor, decide: Any) -> Response:
    try:
        decide()
    except PrivaultError as error:
        errors, status = form_errors(request, error, "decide")
        return _queue(request, vault, actor, errors, status)
    return RedirectResponse("/review?done=1", status_code=303)


def _queue(
    request: Request,
    vault: Vault,
    actor: Actor,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    queue = list_pending_entries(vault, actor)
    context = {
        "entries": queue.entries,
        "total": queue.total,
        "qr": qr_data_uri(_register_url(request)),
        "url": _register_url(request),
        "overdue_days": vault.settings.review_overdue_days,
        "done": request.query_params.get("done"),
        "errors": errors or {},
    }
    return show(request, vault, actor, "customers/review.html", context, status=status)


def _correct_form(
    request: Request,
    vault: Vault,
    actor: Actor,
    customer_id: str,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    fields = [f for f in describe_catalog(vault, actor).fields if not f.is_sensitive]
    context = {"customer_id": customer_id, "fields": fields, "values": values}
    context["errors"] = errors or {}
    return show(request, vault, actor, "customers/review_correct.html", context, status=status)


def _register_url(request: Request) -> str:
    return str(request.url_for("public_registration_page"))
