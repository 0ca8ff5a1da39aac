"""The class pages: /classes (counts per class for marketing; the quarterly list with masked
names and the change since last quarter for the managers, and computing a quarter) and
/classes/briefing (serving staff: the classes of their own bookings of today)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.classes import CLASS_EN, CLASS_ZH, CustomerClass
from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.domain.shop_time import shop_time
from privault.services.classes.briefing import class_briefing
from privault.services.classes.computing import compute_classes
from privault.services.classes.listing import ClassList, count_classes, list_classes
from privault.services.staff.role_matrix import allowed_actions
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.i18n import choose_language
from privault.web.officer_frame import form_errors, show

router = APIRouter()


@router.get("/classes")
def classes_page(
    request: Request, vault: VaultDep, actor: StaffActor, quarter: str = "", after: str = ""
) -> Response:
    return _classes(request, vault, actor, quarter, after)


@router.post("/classes/compute", dependencies=[GenuineForm])
def classes_compute(
    request: Request, vault: VaultDep, actor: StaffActor, quarter: Annotated[str, Form()] = ""
) -> Response:
    """A refused or badly written quarter is shown next to the form, nothing computed."""
    try:
        done = compute_classes(vault, actor, quarter.strip() or None)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "compute")
        return _classes(request, vault, actor, "", "", errors, status)
    return RedirectResponse(f"/classes?quarter={done.quarter}", 303)


@router.get("/classes/briefing")
def briefing_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    briefing = class_briefing(vault, actor)
    context = {"briefing": briefing, "names": _names(request)}
    return show(request, vault, actor, "classes/briefing.html", context)


def _classes(
    request: Request,
    vault: Vault,
    actor: Actor,
    quarter: str,
    after: str,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """Counts for whoever may count; the list only for those who may read it."""
    allowed = allowed_actions(vault, actor)
    listed: ClassList | None = None
    if Action.CLASSES_READ in allowed:
        listed = list_classes(vault, actor, quarter or None, after=after)
    summary = listed.summary if listed else count_classes(vault, actor, quarter or None)
    context = {
        "summary": summary,
        "listed": listed,
        "computed_at": shop_time(summary.computed_at, summary.zone),
        "names": _names(request),
        "may_compute": Action.CLASSES_COMPUTE in allowed,
        "errors": errors or {},
    }
    return show(request, vault, actor, "classes/list.html", context, status=status)


def _names(request: Request) -> dict[str, str]:
    chosen = CLASS_ZH if choose_language(request) == "zh" else CLASS_EN
    return {c.value: chosen[CustomerClass(c)] for c in CustomerClass}
