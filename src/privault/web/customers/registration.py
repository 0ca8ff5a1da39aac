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
from privault.services.consents.catalog_view import (
    CatalogView,
    describe_catalog,
    describe_current_notice,
)
from privault.services.customers.form_check import check_registration
from privault.services.customers.records import RegistrationForm, register_customer
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.errors import status_of
from privault.web.explain import error_field, explain
from privault.web.form_errors import FormErrors
from privault.web.frame import frame, language
from privault.web.i18n import gettext
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
# The form's own fields in the error summary (their labels are the template's).
OWN_LABELS = {
    "purposes": "What the customer agrees to",
    "guardian_name": "Guardian's name",
    "guardian_relation": "Relation to the customer",
    "channel": "Channel",
    "evidence": "Where the signed form is kept (optional)",
    "script_version": "Phone: version of the consent script read to the customer (verbal consent)",
}


@router.get("/customers/new")
def registration_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _form(request, vault, actor, {})


@router.post("/customers/new", dependencies=[GenuineForm])
async def register(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    form = await request.form()
    entered = _entered(form)
    form_data = _registration(entered)
    try:
        customer_id = register_customer(vault, actor, form_data)
    except PrivaultError as error:
        # A field's refusal: the rest of the form is checked too, so every problem shows at once.
        more = check_registration(vault, actor, form_data) if error_field(error) else []
        refusals = [error, *more]
        errors = FormErrors().add_refusals(
            language(request), refusals, known=_known(vault, actor), renamed=CONSENT_FIELDS
        )
        return _form(request, vault, actor, entered, errors=errors, status=status_of(error))
    return RedirectResponse(f"/customers/{customer_id}", status_code=303)


def _known(vault: Vault, actor: Actor) -> set[str]:
    return {f.key for f in describe_catalog(vault, actor).fields} | FORM_FIELDS


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
    errors: FormErrors | None = None,
    status: int = 200,
) -> Response:
    catalog = describe_catalog(vault, actor)
    lang = language(request)
    shown = errors or FormErrors()
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
        summary=shown.summary(_targets(lang, catalog)),
        needed_for=needed_for(lang, catalog),
    )
    if "customer.register" not in context["allowed"]:
        message = explain(lang, PolicyDeniedError("you may not register customers"))
        return render(request, "error.html", {**context, "message": message}, status=403)
    return render(request, "customers/new.html", context, status=status)


def needed_for(lang: str, catalog: CatalogView) -> dict[str, str]:
    """Each field's purposes by name ("会员服务、预约"): what the customer must agree to for it."""
    names = {p.key: p.name(lang) for p in catalog.purposes}
    joiner = "、" if lang == "zh" else ", "
    return {
        f.key: joiner.join(names[key] for key in f.purposes if key in names) for f in catalog.fields
    }


def _targets(lang: str, catalog: CatalogView) -> dict[str, tuple[str, str]]:
    own = {key: (key, gettext(lang, label)) for key, label in OWN_LABELS.items()}
    return {**own, **{f.key: (f"f_{f.key}", f.label(lang)) for f in catalog.fields}}
