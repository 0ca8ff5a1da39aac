"""The review of collection forms in the console (评审): what awaits review, entry onto the card
or paper destruction and for how long, with masked identities and never contact data; one
form's items to accept, correct or reject with the server or section head named. The services
enforce the rules; the page offers what fits."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Actor
from privault.domain.shop_time import shop_time
from privault.services.consents.catalog_labels import catalog_labels
from privault.services.service_day.alerts import list_service_alerts
from privault.services.service_day.collection import confirm_entry
from privault.services.service_day.review import (
    ReviewDecision,
    open_for_review,
    parse_decisions,
    review_form,
)
from privault.services.service_day.review_queue import list_pending_forms
from privault.services.vault import Vault
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.officer_frame import form_errors, show

router = APIRouter()
QUEUE = "/forms/review"


@router.get(QUEUE)
def queue_page(request: Request, vault: VaultDep, actor: StaffActor) -> Response:
    return _queue(request, vault, actor)


def _queue(
    request: Request,
    vault: Vault,
    actor: Actor,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    queue = list_pending_forms(vault, actor)
    rows = [(e, shop_time(e.waiting_since, queue.zone)) for e in queue.entries]
    context = {
        "queue": queue,
        "rows": rows,
        "errors": errors or {},
        "service_alerts": list_service_alerts(vault, actor),
    }
    return show(request, vault, actor, "service_day/review_queue.html", context, status=status)


@router.get("/forms/{form_id}/review")
def review_page(request: Request, vault: VaultDep, actor: StaffActor, form_id: str) -> Response:
    return _review(request, vault, actor, form_id)


def _review(
    request: Request,
    vault: Vault,
    actor: Actor,
    form_id: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    opened = open_for_review(vault, actor, form_id)
    context = {
        "opened": opened,
        "labels": {f.key: f.in_language for f in catalog_labels(vault).fields},
        "errors": errors or {},
        "values": values or {},
    }
    return show(request, vault, actor, "service_day/review_form.html", context, status=status)


@router.post("/forms/{form_id}/review", dependencies=[GenuineForm])
async def review(request: Request, vault: VaultDep, actor: StaffActor, form_id: str) -> Response:
    form = await request.form()
    with_ = str(form.get("review_with") or "")
    try:
        review_form(vault, actor, form_id, _decisions(form), with_)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "review")
        values = {k: str(v) for k, v in form.items() if k != "csrf_token"}
        return _review(request, vault, actor, form_id, errors=errors, values=values, status=status)
    return RedirectResponse(QUEUE, status_code=303)


@router.post("/forms/{form_id}/enter", dependencies=[GenuineForm])
def enter(request: Request, vault: VaultDep, actor: StaffActor, form_id: str) -> Response:
    try:
        confirm_entry(vault, actor, form_id)
    except PrivaultError as error:
        errors, status = form_errors(request, error, f"enter-{form_id}")
        return _queue(request, vault, actor, errors=errors, status=status)
    return RedirectResponse(QUEUE, status_code=303)


def _decisions(form: FormData) -> dict[str, ReviewDecision]:
    """`decision.KEY` = accept|reject|correct (left empty: not decided now), `correct.KEY`."""
    decided: dict[str, str] = {}
    corrections: dict[str, str] = {}
    for name, raw in form.items():
        if not name.startswith("decision.") or not str(raw):
            continue
        key = name.removeprefix("decision.")
        if str(raw) == "correct":
            corrections[key] = str(form.get(f"correct.{key}") or "")
        else:
            decided[key] = str(raw)
    return parse_decisions(decided, corrections)
