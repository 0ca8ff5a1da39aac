"""The console's assessment pages: /assessments (the list, a new draft, the records of
processing to download) and /assessments/{id} (answer, approve, delete). Routes parse and
render; the services decide and audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.assessments.register import (
    approve_assessment,
    delete_assessment,
    edit_assessment,
    get_assessment,
    list_assessments,
    start_assessment,
)
from privault.services.assessments.ropa import export_records
from privault.services.consents.catalog_view import describe_catalog
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show

router = APIRouter()
Text = Annotated[str, Form(max_length=20_000)]
MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@router.get("/assessments")
def assessments_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _list(request, vault, actor, {})


def _list(
    request: Request, vault: Vault, actor: Actor, context: dict[str, Any], status: int = 200
) -> Response:
    context |= {
        "assessments": list_assessments(vault, actor),
        "purposes": describe_catalog(vault, actor).purposes,
    }
    return show(request, vault, actor, "assessments/list.html", context, status=status)


@router.post("/assessments", dependencies=[GenuineForm])
def start(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    purpose: Annotated[str, Form(max_length=64)] = "",
    subject: Annotated[str, Form(max_length=120)] = "",
) -> Response:
    try:
        draft = start_assessment(vault, actor, purpose, subject)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "start")
        return _list(request, vault, actor, {"errors": errors}, status)
    return RedirectResponse(f"/assessments/{draft.id}", status_code=303)


@router.get("/assessments/{assessment_id}")
def assessment_page(
    request: Request, vault: VaultDep, actor: StaffActor, assessment_id: str
) -> Response:
    return _one(request, vault, actor, assessment_id, {})


def _one(
    request: Request,
    vault: Vault,
    actor: Actor,
    assessment_id: str,
    context: dict[str, Any],
    status: int = 200,
) -> Response:
    context["assessment"] = get_assessment(vault, actor, assessment_id)
    return show(request, vault, actor, "assessments/edit.html", context, status=status)


@router.post("/assessments/{assessment_id}", dependencies=[GenuineForm])
async def save(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    assessment_id: str,
) -> Response:
    form = await request.form()
    answers = {
        int(k.removeprefix("answer_")): str(v)
        for k, v in form.items()
        if k.startswith("answer_") and k.removeprefix("answer_").isdigit()
    }
    fields = {k: str(form.get(k, ""))[:20_000] for k in ("title", "risks", "measures")}
    try:
        edit_assessment(vault, actor, assessment_id, answers=answers, **fields)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "edit")
        return _one(request, vault, actor, assessment_id, {"errors": errors}, status)
    return RedirectResponse(f"/assessments/{assessment_id}?done=saved", status_code=303)


@router.post("/assessments/{assessment_id}/approve", dependencies=[GenuineForm])
def approve(request: Request, vault: VaultDep, actor: StaffActor, assessment_id: str) -> Response:
    try:
        approve_assessment(vault, actor, assessment_id)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "edit")
        return _one(request, vault, actor, assessment_id, {"errors": errors}, status)
    return RedirectResponse(f"/assessments/{assessment_id}?done=approved", status_code=303)


@router.post("/assessments/{assessment_id}/delete", dependencies=[GenuineForm])
def delete(request: Request, vault: VaultDep, actor: StaffActor, assessment_id: str) -> Response:
    try:
        delete_assessment(vault, actor, assessment_id)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "edit")
        return _one(request, vault, actor, assessment_id, {"errors": errors}, status)
    return RedirectResponse("/assessments", status_code=303)


@router.get("/ropa/records.{fmt}")
def records_file(
    vault: VaultDep,
    actor: StaffActor,
    fmt: str,
    lang: Annotated[str, Query(max_length=8)] = "zh",
) -> Response:
    """Computed now, never stored: the records of processing as a download."""
    content = export_records(vault, actor, fmt, lang)
    headers = {
        "Content-Disposition": f'attachment; filename="ropa-{lang}.{fmt}"',
        "Cache-Control": "no-store",
    }
    return Response(content, media_type=MEDIA[fmt], headers=headers)
