"""Registering a customer at the front desk: the current notice, one unticked box per purpose,
sensitive fields with their own consent, a guardian for under-14s, and every catalog field."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from privault.domain.consents import GuardianRelation
from privault.domain.errors import PolicyDeniedError, PrivaultError
from privault.domain.policy import Actor
from privault.services.consents.catalog_view import describe_catalog, describe_current_notice
from privault.services.customers.records import RegistrationForm, register_customer
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.errors import status_of
from privault.web.explain import error_field, explain
from privault.web.frame import frame, language
from privault.web.templating import render

router = APIRouter()
CHANNELS = ("store", "phone", "survey")
RELATIONS = tuple(r.value for r in GuardianRelation)
# Where a refusal about the consent itself is shown on the form.
FORM_FIELDS = {
    "purposes",
    "notice_version",
    "guardian_name",
    "guardian_relation",
    "channel",
    "evidence",
    "script_version",
}
CONSENT_FIELDS = {"consent": "purposes", "purpose": "purposes", "notice": "notice_version"}


@router.get("/customers/new")
def registration_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _form(request, vault, actor, {})


@router.post("/customers/new", dependencies=[GenuineForm])
async def register(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    entered = _entered(form)
    try:
        customer_id = register_customer(vault, actor, _registration(entered))
    except PrivaultError as error:
        field = error_field(error) or "form"
        errors = {CONSENT_FIELDS.get(field, field): explain(language(request), error)}
        return _form(request, vault, actor, entered, errors=errors, status=status_of(error))
    return RedirectResponse(f"/customers/{customer_id}", status_code=303)


def _entered(form: FormData) -> dict[str, Any]:
    return {
        "values": {k[2:]: str(v) for k, v in form.items() if k.startswith("f_") and str(v).strip()},
        "purposes": tuple(str(p) for p in form.getlist("purposes")),
        **{
            key: str(form.get(key, "")).strip()
            for key in (
                "notice_version",
                "channel",
                "evidence",
                "guardian_name",
                "guardian_relation",
                "script_version",
            )
        },
    }


def _registration(entered: dict[str, Any]) -> RegistrationForm:
    return RegistrationForm(
        values=entered["values"],
        purposes=entered["purposes"],
        channel=entered["channel"] or "store",
        notice_version=entered["notice_version"],
        guardian_name=entered["guardian_name"] or None,
        guardian_relation=entered["guardian_relation"] or None,
        evidence=entered["evidence"] or None,
        script_version=entered["script_version"] or None,
    )


def _form(
    request: Request,
    vault: Vault,
    actor: Actor,
    entered: dict[str, Any],
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    catalog = describe_catalog(vault, actor)
    known = {f.key for f in catalog.fields} | FORM_FIELDS
    shown = {(k if k in known else "form"): v for k, v in (errors or {}).items()}
    context = frame(
        request,
        vault,
        actor,
        catalog=catalog,
        notice=describe_current_notice(vault, actor),
        general=[f for f in catalog.fields if not f.is_sensitive],
        sensitive=[f for f in catalog.fields if f.is_sensitive],
        ordinary_purposes=[p for p in catalog.purposes if not p.needs_separate_consent],
        separate_purposes=[p for p in catalog.purposes if p.needs_separate_consent],
        channels=CHANNELS,
        relations=RELATIONS,
        entered=entered,
        values=entered.get("values", {}),
        ticked=set(entered.get("purposes", ())),
        errors=shown,
    )
    if "customer.register" not in context["allowed"]:
        message = explain(language(request), PolicyDeniedError("you may not register customers"))
        return render(request, "error.html", {**context, "message": message}, status=403)
    return render(request, "customers/new.html", context, status=status)
