"""The exports list a page at a time, by status and by who asked, newest or oldest first; a
requester who may not approve sees only their own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from privault.domain.errors import InvalidInputError
from privault.domain.exports import ExportRequest, ExportStatus
from privault.domain.list_filters import parse_choice, parse_oldest_first
from privault.domain.paging import PAGE_SIZE, Page, offset_of, parse_page
from privault.domain.policy import Action, Actor, Request
from privault.services.use_case import use_case
from privault.services.vault import Vault

NAME_LIMIT = 64  # staff.name


@dataclass(frozen=True)
class ExportFilter:
    status: ExportStatus | None = None
    requested_by: str | None = None
    page: int = 1
    oldest_first: bool = False  # the officer's monthly check reads them in the order asked


def export_filter(typed: Mapping[str, str]) -> ExportFilter:
    """Blank means any; the first bad value is named as its field."""
    status = parse_choice(typed.get("status"), [s.value for s in ExportStatus], "status")
    requester = (typed.get("requested_by") or "").strip() or None
    if requester is not None and (len(requester) > NAME_LIMIT or not requester.isprintable()):
        raise InvalidInputError("at most 64 printable characters", field="requested_by")
    return ExportFilter(
        ExportStatus(status) if status else None,
        requester,
        parse_page(typed.get("page")),
        parse_oldest_first(typed.get("order")),
    )


def page_exports(vault: Vault, actor: Actor, wanted: ExportFilter) -> Page[ExportRequest]:
    """Requesters and approvers see the list; it holds ids, fields and counts, no values."""
    with use_case(vault, actor) as uc:
        may_request = uc.allows(Request(Action.EXPORT_REQUEST, owner=""))
        may_approve = uc.allows(Request(Action.EXPORT_APPROVE, owner=""))
        if not (may_request or may_approve):
            uc.require(Action.EXPORT_APPROVE)
        requester = wanted.requested_by
        if not may_approve:  # a requester sees their own, none of another's
            if requester not in (None, actor.name):
                return Page.cut([], wanted.page)
            requester = actor.name
        found = uc.uow.exports.page(
            status=wanted.status.value if wanted.status else None,
            requested_by=requester,
            offset=offset_of(wanted.page),
            limit=PAGE_SIZE + 1,
            oldest_first=wanted.oldest_first,
        )
        return Page.cut(found, wanted.page)
