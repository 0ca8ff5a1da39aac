"""The customer pages of the console: search, the masked profile, reveal with a purpose, and
the edit form (its privacy actions are in customer_privacy.py). Routes parse and render; the
services decide and audit."""

from __future__ import annotations

from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.list_filters import parse_oldest_first
from privault.domain.paging import parse_page
from privault.domain.policy import Actor
from privault.services.consents.catalog_view import describe_catalog, search_options
from privault.services.customers.records import (
    find_customers,
    get_customer,
    reveal_field,
    update_customer,
)
from privault.services.customers.reveal_reach import revealable_fields
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.customers.contact_pages import contact_section
from privault.web.customers.visit_rows import visit_section
from privault.web.errors import status_of
from privault.web.explain import error_field, explain
from privault.web.frame import frame, is_htmx, language
from privault.web.members.section import member_section
from privault.web.templating import catalog_names_for, render

router = APIRouter()


class Wanted(NamedTuple):
    """What the search form asks: an index, the value, a surname narrowing the matches, and
    the order (newest registered first, or oldest)."""

    by: str = "mobile"
    value: str = ""
    surname: str = ""
    order: str = "newest"


LIST_COLUMNS = ("name", "mobile", "member_no")  # what tells customers apart in a result list


@router.get("/customers")
def search_page(
    request: Request, vault: VaultDep, actor: StaffActor, by: str = "mobile", erased: str = ""
) -> Response:
    page = "customers/search_after_erasure.html" if erased == "1" else "customers/search.html"
    return _search(request, vault, actor, page, Wanted(by))


@router.post("/customers", dependencies=[GenuineForm])
def search(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    by: Annotated[str, Form()] = "mobile",
    value: Annotated[str, Form()] = "",
    page: Annotated[str, Form()] = "",
    surname: Annotated[str, Form()] = "",
    order: Annotated[str, Form()] = "newest",
) -> Response:
    """A form POST: the value looked up (a mobile, an email) and the surname narrowing it stay
    out of every URL and log; so do its further pages, asked for by posting the form again."""
    wanted = Wanted(by, value, surname, order)
    return _search(request, vault, actor, "customers/search.html", wanted, page)


def _search(
    request: Request,
    vault: Vault,
    actor: Actor,
    page: str,
    wanted: Wanted,
    number: str = "",
) -> Response:
    options = search_options(vault, actor)
    by, value, surname, order = wanted
    context = frame(request, vault, actor, options=options, by=by, value=value, surname=surname)
    context["order"] = order
    status = 200
    if value.strip():
        try:
            # The list shows a few columns: only those are opened and recorded as seen.
            shown = parse_page(number)
            oldest = parse_oldest_first(order)
            context["result"] = find_customers(
                vault,
                actor,
                by,
                value,
                show=LIST_COLUMNS,
                page=shown,
                surname=surname,
                oldest_first=oldest,
            )
            context["catalog"] = describe_catalog(vault, actor)
        except PrivaultError as error:
            context["error"] = explain(language(request), error, catalog_names_for(request))
            status = status_of(error)
    context["columns"] = LIST_COLUMNS
    return render(request, page, context, status=status)


@router.get("/customers/{customer_id}")
def profile_page(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    return show_profile(request, vault, actor, customer_id)


@router.post("/customers/{customer_id}/reveal", dependencies=[GenuineForm])
def reveal(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    field: Annotated[str, Form()],
    purpose: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    context: dict[str, Any] = {
        "customer_id": customer_id,
        "field": field,
        "purpose": purpose,
        "note": note,
    }
    status = 200
    try:
        context["value"] = reveal_field(vault, actor, customer_id, field, purpose, note)
    except PrivaultError as error:
        context["error"] = explain(language(request), error, catalog_names_for(request))
        status = status_of(error)
    if is_htmx(request):
        return render(request, "customers/_revealed.html", context, status=status)
    return show_profile(request, vault, actor, customer_id, revealed=context, status=status)


@router.post("/customers/{customer_id}", dependencies=[GenuineForm])
async def update(
    request: Request, vault: VaultDep, actor: StaffActor, customer_id: str
) -> Response:
    """Only the fields filled in change; a ticked 'remove' deletes that field."""
    form = await request.form()
    entered = {k[2:]: str(v) for k, v in form.items() if k.startswith("f_") and str(v).strip()}
    removed = {str(v) for v in form.getlist("remove")}
    changes = {**entered, **dict.fromkeys(removed - set(entered), "")}
    try:
        update_customer(vault, actor, customer_id, changes)
    except PrivaultError as error:
        errors = {
            error_field(error) or "fields": explain(
                language(request), error, catalog_names_for(request)
            )
        }
        return show_profile(
            request,
            vault,
            actor,
            customer_id,
            entered=entered,
            removed=removed,
            errors=errors,
            status=status_of(error),
        )
    return RedirectResponse(f"/customers/{customer_id}?saved=1", status_code=303)


def show_profile(
    request: Request,
    vault: Vault,
    actor: Actor,
    customer_id: str,
    *,
    status: int = 200,
    **extra: Any,
) -> Response:
    customer = get_customer(vault, actor, customer_id)
    context = frame(
        request,
        vault,
        actor,
        customer=customer,
        catalog=describe_catalog(vault, actor),
        saved=request.query_params.get("saved") == "1",
        done=request.query_params.get("done", ""),  # a privacy action (customer_privacy.py)
        entered=extra.pop("entered", {}),
        removed=extra.pop("removed", set()),
        errors=extra.pop("errors", {}),
        revealable=revealable_fields(vault, actor, customer_id),
        **extra,
    )
    context |= visit_section(request, vault, actor, customer_id, context["allowed"])
    context |= member_section(request, vault, actor, customer_id, context["allowed"])
    context |= contact_section(vault, actor, customer.id)
    return render(request, "customers/profile.html", context, status=status)
