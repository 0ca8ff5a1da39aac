"""/partners: the privacy officer's register of partners (with the add form), their agreements
(add, terminate, the deletion certificate) and the disclosures (with the send form). Routes parse
and render; the services decide, refuse and audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.partners import AgreementTerms, parse_date, parse_route, split_fields
from privault.domain.partners_checks import skip_parts
from privault.domain.policy import Action, Actor
from privault.services.partners.disclosure import disclose_to_partner
from privault.services.partners.history import list_disclosures, shop_time
from privault.services.partners.registry import (
    PartnerForm,
    add_agreement,
    add_partner,
    list_agreements,
    list_partners,
    record_deletion_certificate,
    terminate_agreement,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, may, show

router = APIRouter()
Text = Annotated[str, Form(max_length=400)]
Optional = Annotated[str, Form(max_length=400)]


@router.get("/partners")
def partners_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _partners(request, vault, actor, {})


@router.post("/partners", dependencies=[GenuineForm])
def add(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    name: Text,
    role: Text,
    country: Text,
    contact: Text,
) -> Response:
    typed = {"name": name, "role": role, "country": country, "contact": contact}
    try:
        add_partner(vault, actor, PartnerForm(name, role, country, contact))
    except PrivaultError as error:
        errors, status = form_errors(request, error, "partner")
        return _partners(request, vault, actor, {"errors": errors, "typed": typed}, status)
    return RedirectResponse("/partners?added=1", status_code=303)


def _partners(
    request: Request, vault: Vault, actor: Actor, extra: dict[str, Any], status: int = 200
) -> Response:
    context = {"partners": list_partners(vault, actor), "errors": {}, "typed": {},
               "may_manage": may(vault, actor, Action.PARTNERS_MANAGE)}  # fmt: skip
    return show(request, vault, actor, "partners/list.html", context | extra, status=status)


@router.get("/partners/agreements")
def agreements_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _agreements(request, vault, actor, {})


@router.post("/partners/agreements", dependencies=[GenuineForm])
def add_agreement_(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    partner_id: Text,
    purpose: Text,
    fields: Text,
    scope: Text,
    confidentiality: Text,
    security: Text,
    starts_on: Text,
    expires_on: Text,
    route: Optional = "",
    assessment_ref: Optional = "",
    assessment_approved_on: Optional = "",
) -> Response:
    typed = {k: v for k, v in locals().items() if isinstance(v, str)}
    try:
        terms = AgreementTerms(
            purpose, split_fields(fields), scope, confidentiality, security,
            parse_date(starts_on, "starts_on"), parse_date(expires_on, "expires_on"),
            route=parse_route(route), assessment_ref=assessment_ref or None,
            assessment_approved_on=parse_date(assessment_approved_on, "assessment_approved_on")
            if assessment_approved_on.strip() else None,
        )  # fmt: skip
        add_agreement(vault, actor, partner_id, terms)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "agreement")
        return _agreements(request, vault, actor, {"errors": errors, "typed": typed}, status)
    return RedirectResponse("/partners/agreements?added=1", status_code=303)


@router.post("/partners/agreements/{agreement_id}/terminate", dependencies=[GenuineForm])
def terminate(request: Request, vault: VaultDep, actor: StaffActor, agreement_id: str) -> Response:
    try:
        terminate_agreement(vault, actor, agreement_id)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "row")
        return _agreements(request, vault, actor, {"errors": errors}, status)
    return RedirectResponse("/partners/agreements?ended=1", status_code=303)


@router.post("/partners/agreements/{agreement_id}/certificate", dependencies=[GenuineForm])
def certificate(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    agreement_id: str,
    reference: Text,
    received_on: Text,
) -> Response:
    try:
        on = parse_date(received_on, "received_on")
        record_deletion_certificate(vault, actor, agreement_id, reference, on)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "row")
        return _agreements(request, vault, actor, {"errors": errors}, status)
    return RedirectResponse("/partners/agreements?certified=1", status_code=303)


def _agreements(
    request: Request, vault: Vault, actor: Actor, extra: dict[str, Any], status: int = 200
) -> Response:
    context = {"agreements": list_agreements(vault, actor), "errors": {}, "typed": {},
               "may_manage": may(vault, actor, Action.PARTNERS_MANAGE)}  # fmt: skip
    if context["may_manage"]:
        context["partners"] = list_partners(vault, actor)
    return show(request, vault, actor, "partners/agreements.html", context | extra, status=status)


@router.get("/partners/disclosures")
def disclosures_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _disclosures(request, vault, actor, {})


@router.post("/partners/disclosures", dependencies=[GenuineForm])
def send(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    agreement_id: Text,
    purpose: Text,
    fields: Text,
    customers: Annotated[str, Form(max_length=2_000_000)],
) -> Response:
    """The customers' ids as typed or pasted, one a line; the result names who was left out."""
    typed = {"agreement_id": agreement_id, "purpose": purpose, "fields": fields}
    try:
        result = disclose_to_partner(vault, actor, agreement_id, purpose, fields, customers.split())
    except PrivaultError as error:
        errors, status = form_errors(request, error, "disclosure")
        return _disclosures(request, vault, actor, {"errors": errors, "typed": typed}, status)
    return _disclosures(request, vault, actor, {"result": result})


def _disclosures(
    request: Request, vault: Vault, actor: Actor, extra: dict[str, Any], status: int = 200
) -> Response:
    listed = list_disclosures(vault, actor)
    may_send = may(vault, actor, Action.PARTNERS_DISCLOSE)
    context: dict[str, Any] = {"listed": listed, "errors": {}, "typed": {}, "may_send": may_send,
                               "shop_time": shop_time, "result": None,
                               "skip_parts": skip_parts}  # fmt: skip
    if may_send:
        context["agreements"] = list_agreements(vault, actor)
    return show(request, vault, actor, "partners/disclosures.html", context | extra, status=status)
