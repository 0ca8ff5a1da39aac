"""/register: the public registration page (issue 17), opened from a QR code at the counter or
a table on the customer's own phone. It shows the current notice and one unticked box per
purpose with the fields that purpose needs; sending registers the customer with channel `web`
(pending entry review where the business reviews that channel). Public: rate-limited per
client, and each page's one-use signed form token refuses a double submission or a replay."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import Response

from privault.domain.consents import Channel
from privault.domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
    PrivaultError,
    RateLimitedError,
)
from privault.domain.stores import Store
from privault.services.consents.catalog_view import (
    CatalogView,
    describe_catalog,
    describe_current_notice,
)
from privault.services.customers.form_check import check_registration
from privault.services.customers.public_registration import (
    PUBLIC_FORM,
    PublicEntry,
    issue_form_token,
    register_on_public_page,
    registration_store,
    store_of_token,
)
from privault.services.customers.records import RegistrationForm
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, VaultDep
from privault.web.customers.registration import needed_for
from privault.web.explain import error_field, explain
from privault.web.form_errors import FORM, FormErrors
from privault.web.i18n import choose_language, gettext
from privault.web.security import client_address
from privault.web.templating import render

router = APIRouter()
PAGE = "customers/register.html"
GENERAL = "This cannot be accepted; check it and try again."
CONSENT_FIELDS = {"consent": "purposes", "purpose": "purposes", "notice": "notice_version"}
ASSIGNED_KINDS = frozenset({"member_no"})
STATUS = {
    ConflictError: 409,
    NotFoundError: 404,
    PolicyDeniedError: 403,
    RateLimitedError: 429,
}


@router.get("/register")
def public_registration_page(request: Request, vault: VaultDep, store: str = "") -> Response:
    """`store`: the store whose counter's QR code was scanned (the default store without)."""
    try:
        chosen = registration_store(vault, store)
    except NotFoundError as error:
        return render(request, PAGE, {"stopped": _said(request, error)}, status=404)
    token = issue_form_token(vault, chosen.code if chosen else "")
    return _page(request, vault, {}, token, store=chosen)


@router.post("/register", dependencies=[GenuineForm])
async def register(request: Request, vault: VaultDep) -> Response:
    form = await request.form()
    entry = _entry(form, client_address(request))
    try:
        register_on_public_page(vault, entry)
    except PrivaultError as error:
        return _refused(request, vault, entry, error)
    return render(request, PAGE, {"done": True})


def _entry(form: FormData, client: str) -> PublicEntry:
    return PublicEntry(
        values={k[2:]: str(v) for k, v in form.items() if k.startswith("f_") and str(v).strip()},
        purposes=tuple(str(p) for p in form.getlist("purposes")),
        notice_version=str(form.get("notice_version", "")),
        token=str(form.get("form_token", "")),
        client=client,
    )


def _refused(request: Request, vault: Vault, entry: PublicEntry, error: PrivaultError) -> Response:
    """A bad field: the form again with the same (unspent) token; a spent, forged or limited
    form: the message alone, nothing changed."""
    message = _said(request, error)
    if isinstance(error, InvalidInputError):
        entered = {"values": dict(entry.values), "purposes": set(entry.purposes)}
        errors = _all_errors(request, vault, entry, error)
        store = store_of_token(vault, entry.token)
        return _page(request, vault, entered, entry.token, errors, status=422, store=store)
    status = next((s for kind, s in STATUS.items() if isinstance(error, kind)), 422)
    return render(request, PAGE, {"stopped": message}, status=status)


def _all_errors(
    request: Request, vault: Vault, entry: PublicEntry, error: InvalidInputError
) -> FormErrors:
    """The refusal and every other problem of the form, each on its field."""
    form = RegistrationForm(entry.values, entry.purposes, Channel.WEB.value, entry.notice_version)
    errors = FormErrors()
    for refusal in [error, *check_registration(vault, PUBLIC_FORM, form)]:
        field = error_field(refusal) or FORM
        errors.add(CONSENT_FIELDS.get(field, field), _said(request, refusal))
    return errors


def _page(
    request: Request,
    vault: Vault,
    entered: dict[str, Any],
    token: str,
    errors: FormErrors | None = None,
    *,
    status: int = 200,
    store: Store | None = None,
) -> Response:
    try:
        notice = describe_current_notice(vault, PUBLIC_FORM)
        catalog = describe_catalog(vault, PUBLIC_FORM)
    except PrivaultError:
        message = gettext(choose_language(request), "Registration is not open yet.")
        return render(request, PAGE, {"stopped": message}, status=503)
    groups = _groups(catalog)
    known = {f.key for _, fields in groups for f in fields} | {"purposes", "notice_version"}
    shown = FormErrors({(k if k in known else FORM): v for k, v in (errors or {}).items()})
    lang = choose_language(request)
    targets = {f.key: (f"f_{f.key}", f.label(lang)) for _, fields in groups for f in fields}
    targets["purposes"] = ("purposes", gettext(lang, "What you agree to"))
    context = {
        "notice": notice,
        "groups": groups,
        "token": token,
        "values": entered.get("values", {}),
        "ticked": entered.get("purposes", set()),
        "errors": shown,
        "summary": shown.summary(targets),
        "needed_for": needed_for(lang, catalog),
        "store": store,
    }
    return render(request, PAGE, context, status=status)


def _groups(catalog: CatalogView) -> list[tuple[Any, list[Any]]]:
    """Each purpose with the fields it needs that an earlier purpose did not show. A member
    number is the shop's to issue (members area), never typed by the customer."""
    shown: set[str] = {f.key for f in catalog.fields if f.kind in ASSIGNED_KINDS}
    groups = []
    for purpose in catalog.purposes:
        fields = [f for f in catalog.fields if purpose.key in f.purposes and f.key not in shown]
        shown |= {f.key for f in fields}
        groups.append((purpose, fields))
    return groups


def _said(request: Request, error: PrivaultError) -> str:
    """In the page's language; a refusal the catalog lacks reads as a general sentence rather
    than English on a Chinese page."""
    lang = choose_language(request)
    text = explain(lang, error)
    if lang == "en" or text != explain("en", error):
        return text
    return gettext(lang, GENERAL)
