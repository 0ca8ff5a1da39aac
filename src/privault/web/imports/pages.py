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
from privault.services.imports.mappings import ImportPreview
from privault.services.imports.reports import (
    import_upload,
    mapping_names,
    notices_for_import,
    preview_upload,
    read_reject_report,
)
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.errors import status_of
from privault.web.explain import error_field, explain
from privault.web.frame import frame, language
from privault.web.i18n import gettext
from privault.web.templating import render

router = APIRouter()
NO_PURPOSE = "tick at least one purpose the customers in the file agreed to"


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
    step: Annotated[str, Form()] = "import",
    mapping: Annotated[str, Form()] = "",
    save_mapping: Annotated[str, Form()] = "",
    column: Annotated[list[str] | None, Form()] = None,
    target: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """`step=preview`: the mapping step (columns and the first rows, masked); `import` with
    the columns as chosen there (`column`/`target` pairs) imports without the ones left out."""
    entered = {
        "notice_version": notice_version,
        "purposes": set(purposes or []),
        "evidence": evidence,
        "mapping": mapping,
        "save_mapping": save_mapping,
    }
    choices = dict(zip(column or [], target or [], strict=False))
    if (refused := _refused_without_purpose(request, vault, actor, entered)) is not None:
        return refused
    try:
        if step == "preview":
            shown = preview_upload(
                vault, actor, file.filename or "", file.file, mapping=mapping or None
            )
            return _mapping_step(request, vault, actor, shown, entered)
        options = ImportOptions(
            notice_version or None,
            tuple(purposes or ()),
            evidence or None,
            mapping=mapping or None,
            choices=tuple(choices.items()),
            confirm=bool(choices),
            save_mapping=save_mapping or None,
        )
        done = import_upload(vault, actor, file.filename or "", file.file, options)
    except PrivaultError as error:
        field = error_field(error) or "form"
        errors = {field: explain(language(request), error)}
        return _form(request, vault, actor, entered, errors=errors, status=status_of(error))
    context = frame(request, vault, actor, report=done.report, report_id=done.report_id)
    return render(request, "imports/report.html", context)


def _refused_without_purpose(
    request: Request, vault: Vault, actor: Actor, entered: dict[str, Any]
) -> Response | None:
    """A file with no purpose ticked is refused before it is read: every row would be rejected
    for want of a consent, and the person should fix the form, not read a reject report."""
    if entered["purposes"]:
        return None
    message = gettext(language(request), NO_PURPOSE)
    return _form(request, vault, actor, entered, errors={"purposes": message}, status=422)


def _mapping_step(
    request: Request, vault: Vault, actor: Actor, shown: ImportPreview, entered: dict[str, Any]
) -> Response:
    entered = {**entered, "save_mapping": entered["save_mapping"] or shown.mapping or ""}
    context = frame(
        request,
        vault,
        actor,
        preview=shown,
        catalog=describe_catalog(vault, actor),
        entered=entered,
    )
    return render(request, "imports/mapping.html", context)


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
    known = {"file", "notice_version", "purposes", "evidence", "mapping"}
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
        mappings=mapping_names(vault, actor),
        entered=entered,
        errors=shown,
    )
    return render(request, "imports/upload.html", context, status=status)
