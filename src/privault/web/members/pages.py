"""The console's member pages: /members (a store's members with masked names, filtered by
level; counts per level for marketing), and the member section of a customer's profile with
its enrol button and the manager's change of level. Routes parse and render; the services
decide and audit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action
from privault.services.members.levels import set_member_level, show_level_rules
from privault.services.members.membership import (
    enrol_member,
    list_members,
    member_counts,
)
from privault.web.auth import GenuineForm, StaffActor, VaultDep
from privault.web.customers.pages import show_profile
from privault.web.explain import explain
from privault.web.frame import language
from privault.web.officer_frame import form_errors, may, show

router = APIRouter()
Short = Annotated[str, Query(max_length=64)]


@router.get("/members")
def members_page(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    level: Short = "",
    store: Short = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Who may read members sees the list; who may only count sees counts per level."""
    context: dict[str, Any] = {"level": level, "store": store}
    if may(vault, actor, Action.MEMBERS_COUNT):
        context["counts"] = member_counts(vault, actor)
    if may(vault, actor, Action.MEMBER_LEVELS_READ):
        context["level_names"] = {lv.key: lv.name for lv in show_level_rules(vault, actor).levels}
    if may(vault, actor, Action.MEMBERS_READ) or "counts" not in context:
        try:
            context["listed"] = list_members(vault, actor, store or None, level or None, page)
        except PrivaultError as error:
            if not may(vault, actor, Action.MEMBERS_READ):
                raise
            context["error"] = explain(language(request), error)
    return show(request, vault, actor, "members/list.html", context)


@router.post("/customers/{customer_id}/membership", dependencies=[GenuineForm])
def enrol(request: Request, vault: VaultDep, actor: StaffActor, customer_id: str) -> Response:
    try:
        enrol_member(vault, actor, customer_id)
    except PrivaultError as error:
        message = explain(language(request), error)
        return show_profile(request, vault, actor, customer_id, member_error=message, status=422)
    return RedirectResponse(f"/customers/{customer_id}?done=member#member", status_code=303)


@router.post("/customers/{customer_id}/membership/level", dependencies=[GenuineForm])
def change_level(
    request: Request,
    vault: VaultDep,
    actor: StaffActor,
    customer_id: str,
    level: Annotated[str, Form(max_length=64)] = "",
    reason: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """The manager's choice of level, with a reason; a refusal is shown next to its field."""
    try:
        set_member_level(vault, actor, customer_id, level, reason)
    except PrivaultError as error:
        errors, status = form_errors(request, error, "level")
        typed = {"level": level, "reason": reason}
        return show_profile(
            request,
            vault,
            actor,
            customer_id,
            level_errors=errors,
            level_typed=typed,
            status=status,
        )
    return RedirectResponse(f"/customers/{customer_id}?done=level#member", status_code=303)
