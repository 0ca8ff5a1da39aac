"""/compliance: the compliance audit report for the privacy officer and the auditor, issued on
demand for a year and downloaded as the signed evidence pack (JSON) or the PDF for people,
with the public key to publish beside it."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.compliance.evidence import report_pdf
from privault.services.compliance.report import issue_compliance_report, report_public_key
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.i18n import choose_language
from privault.web.officer_frame import form_errors, gate, show

router = APIRouter()


@router.get("/compliance")
def compliance_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    gate(vault, actor, Action.COMPLIANCE_REPORT, "the compliance report")
    return _page(request, vault, actor)


@router.post("/compliance/report", dependencies=[GenuineForm])
def compliance_download(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    year: Annotated[str, Form()] = "",
    format: Annotated[str, Form()] = "json",
) -> Response:
    """Each download issues the report anew: the trail is verified and the issue audited."""
    try:
        issued = issue_compliance_report(vault, actor, _year(year))
    except PrivaultError as error:
        errors, status = form_errors(request, error, "report")
        return _page(request, vault, actor, errors, status)
    name = f"compliance-{issued.report.period.start.year}"
    if format == "pdf":
        body, media = report_pdf(issued, choose_language(request)), "application/pdf"
        name += ".pdf"
    else:
        body = json.dumps(issued.pack, ensure_ascii=False, indent=2, sort_keys=True).encode()
        media, name = "application/json", name + ".json"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)


def _year(raw: str) -> int | None:
    """Empty: this year so far; anything not a number is refused by the service as a year."""
    cleaned = raw.strip()
    if not cleaned:
        return None
    return int(cleaned) if cleaned.isdigit() else 0


def _page(
    request: Request,
    vault: Vault,
    actor: Actor,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {"public_key": report_public_key(vault), "errors": errors or {}}
    return show(request, vault, actor, "compliance/report.html", context, status=status)
