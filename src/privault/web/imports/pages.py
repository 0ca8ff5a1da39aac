"""Importing customers from a CSV or XLSX file in the console, with the import report and the
reject report (row, column and reason; never a value) to download."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.responses import Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.services.consents.catalog_view import describe_catalog
from privault.services.imports.batches import ImportOptions
from privault.services.imports.reports import import_upload, notices_for_import, read_reject_report
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.errors import status_of
from privault.web.explain import error_field, explain
from privault.web.frame import frame, language
from privault.web.templating import render

router = APIRouter()


@router.get("/imports")
def import_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _form(request, vault, actor, {})


@router.post("/imports", dependencies=[GenuineForm])
def upload(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    file: Annotated[UploadFile, File()],
    notice_version: Annotated[str, Form()] = "",
    purposes: Annotated[list[str] | None, Form()] = None,
    evidence: Annotated[str, Form()] = "",
) -> Response:
    entered = {
        "notice_version": notice_version,
        "purposes": set(purposes or []),
        "evidence": evidence,
    }
    options = ImportOptions(notice_version or None, tuple(purposes or ()), evidence or None)
    try:
        done = import_upload(vault, actor, file.filename or "", file.file, options)
    except PrivaultError as error:
        field = error_field(error) or "form"
        errors = {field: explain(language(request), error)}
        return _form(request, vault, actor, entered, errors=errors, status=status_of(error))
    context = frame(request, vault, actor, report=done.report, report_id=done.report_id)
    return render(request, "imports/report.html", context)


@router.get("/imports/{report_id}/rejects.csv")
def reject_report(request: Request, vault: VaultDep, actor: StaffActor, report_id: str) -> Response:
    content = read_reject_report(vault, actor, report_id)
    disposition = f'attachment; filename="rejects-{report_id[:8]}.csv"'
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
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
    versions = notices_for_import(vault, actor)
    known = {"file", "notice_version", "purposes", "evidence"}
    renamed = {"notice": "notice_version", "purpose": "purposes", "consent": "purposes"}
    shown: dict[str, str] = {}
    for key, message in (errors or {}).items():
        target = renamed.get(key, key)
        shown[target if target in known else "form"] = message
    context = frame(
        request,
        vault,
        actor,
        versions=versions,
        catalog=describe_catalog(vault, actor),
        entered=entered,
        errors=shown,
    )
    return render(request, "imports/upload.html", context, status=status)
